// Wires the inventory views into the extension: the Explorer tree, the dashboard, the status bar
// item with the readiness score, and the commands (show dashboard, refresh, export CBOM/CSV).
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { exportInventory, InventoryDashboard } from './dashboard.js';
import { InventoryModel } from './model.js';
import { InventoryTree } from './tree.js';

export const INVENTORY_VIEW_ID = 'pqcLens.inventory';

export interface InventoryViews {
  model: InventoryModel;
  dashboard: InventoryDashboard;
  status: vscode.StatusBarItem;
}

export function registerInventory(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): InventoryViews {
  const model = new InventoryModel(client);
  const tree = new InventoryTree(model);
  const dashboard = new InventoryDashboard(model);
  const status = vscode.window.createStatusBarItem('pqcLens.readiness', vscode.StatusBarAlignment.Left, 10);
  status.name = 'PQC Lens readiness';
  status.command = 'pqcLens.showInventoryDashboard';

  const updateStatus = (): void => {
    const view = model.view;
    if (!view || view.summary.total === 0) {
      status.hide();
      return;
    }
    const s = view.summary;
    status.text = `$(shield) PQC ${Math.round(s.readiness * 100)}%`;
    const tip = new vscode.MarkdownString(undefined, false);
    tip.appendText(`PQC readiness: ${s.ready} of ${s.total} assets are post-quantum or hybrid.\n\n`);
    if (s.nextPhase) tip.appendText(`Next phase to work on: Phase ${s.nextPhase.phase} (${s.nextPhase.notReady} not ready).\n\n`);
    tip.appendText('Click to open the inventory dashboard.');
    status.tooltip = tip;
    status.show();
  };

  const treeView = vscode.window.createTreeView(INVENTORY_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(
    model, tree, dashboard, status, treeView,
    model.onDidChange(updateStatus),
    vscode.commands.registerCommand('pqcLens.showInventoryDashboard', () => dashboard.show()),
    vscode.commands.registerCommand('pqcLens.refreshInventory', () => model.refresh()),
    vscode.commands.registerCommand('pqcLens.exportCbom', () => exportInventory(model, 'cbom')),
    vscode.commands.registerCommand('pqcLens.exportInventoryCsv', () => exportInventory(model, 'csv')),
  );
  // Fetch once the server runs (also after a restart) and after each background scan.
  const languageClient = client();
  if (languageClient) {
    context.subscriptions.push(languageClient.onDidChangeState((event) => {
      if (event.newState !== State.Running) return;
      model.listen(languageClient);
      model.schedule(0);
    }));
  }
  return { model, dashboard, status };
}
