// The "PQC: Show Inventory Dashboard" webview panel: renders dashboard-html.ts from the current
// inventory, re-renders when it changes (filters and sort survive through the webview state), opens
// locations and writes exports (CBOM, CSV) where the user chooses.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { renderDashboard } from './dashboard-html.js';
import type { InventoryModel } from './model.js';
import { openAssetCommand } from './tree.js';

export class InventoryDashboard implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: InventoryModel) {
    this.subscription = model.onDidChange(() => this.render());
  }

  get visible(): boolean {
    return this.panel !== undefined;
  }

  async show(): Promise<void> {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('pqcLens.inventoryDashboard', 'PQC Inventory', vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [], retainContextWhenHidden: false });
      this.panel.onDidDispose(() => { this.panel = undefined; });
      this.panel.webview.onDidReceiveMessage((message: { type?: string; id?: string; format?: string }) => this.onMessage(message));
    }
    this.panel.reveal();
    this.render();
    await this.model.refresh();
  }

  private render(): void {
    if (!this.panel) return;
    const view = this.model.view ?? { assets: [], summary: emptySummary(), generatedAt: new Date().toISOString(), knowledgeVersion: '' };
    this.panel.webview.html = renderDashboard(view, { nonce: randomBytes(16).toString('base64'), cspSource: this.panel.webview.cspSource });
  }

  private async onMessage(message: { type?: string; id?: string; format?: string }): Promise<void> {
    if (message.type === 'open') {
      const asset = this.model.view?.assets.find((a) => a.id === message.id);
      if (asset) {
        const command = openAssetCommand(asset);
        await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
      }
    } else if (message.type === 'export' && (message.format === 'cbom' || message.format === 'csv')) {
      await exportInventory(this.model, message.format);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.panel?.dispose();
  }
}

/** Asks where to save, then writes the server's export there. */
export async function exportInventory(model: InventoryModel, format: 'cbom' | 'csv'): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = format === 'cbom' ? 'pqc-inventory.cdx.json' : 'pqc-inventory.csv';
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
    filters: format === 'cbom' ? { 'CycloneDX JSON': ['json'] } : { CSV: ['csv'] },
    saveLabel: format === 'cbom' ? 'Export CBOM' : 'Export CSV',
  });
  if (!target) return undefined;
  const text = await model.export(format);
  if (text === undefined) {
    void vscode.window.showWarningMessage('PQC Lens: the language server is not running; nothing exported.');
    return undefined;
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  void vscode.window.showInformationMessage(`PQC Lens: inventory written to ${vscode.workspace.asRelativePath(target)}`);
  return target;
}

function emptySummary() {
  const classes = { classical: 0, 'legacy-pq': 0, unknown: 0, hybrid: 0, pq: 0 };
  return {
    total: 0, ready: 0, readiness: 0, byClass: classes, byRisk: { critical: 0, high: 0, medium: 0, low: 0 },
    byKind: { certificate: 0, 'public-key': 0, issuer: 0, 'key-exchange': 0, 'certificate-request': 0 }, byRole: {}, phases: [], nextPhase: null, expired: 0, expiring: 0,
  };
}
