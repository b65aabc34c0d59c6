// Holds the current inventory for the tree, the status bar item and the dashboard: asks the server
// (`pqcLens/inventory`) and refreshes after the workspace scan and when diagnostics change
// (debounced, so a burst of edits costs one request).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { INVENTORY_REQUEST, type InventoryExport, type InventoryParams, type InventoryView } from '../../../server/src/lsp/inventory-protocol.js';

export class InventoryModel implements vscode.Disposable {
  private current: InventoryView | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inflight: Promise<InventoryView | undefined> | undefined;
  private readonly emitter = new vscode.EventEmitter<InventoryView | undefined>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];

  constructor(private readonly client: () => LanguageClient | undefined, private readonly delayMs = 800) {
    this.disposables.push(vscode.languages.onDidChangeDiagnostics(() => this.schedule()));
  }

  get view(): InventoryView | undefined {
    return this.current;
  }

  /** Call once the client runs: the server announces the end of its background scan. */
  listen(client: LanguageClient): void {
    this.disposables.push(client.onNotification('pqcLens/scanComplete', () => this.schedule(0)));
  }

  schedule(delay = this.delayMs): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delay);
  }

  async refresh(): Promise<InventoryView | undefined> {
    if (this.inflight) return this.inflight;
    this.inflight = (async () => {
      try {
        const client = this.client();
        if (!client || !client.isRunning()) return this.current;
        const params: InventoryParams = { format: 'view', expiringDays: vscode.workspace.getConfiguration('pqcLens').get<number>('expiringDays', 30) };
        const view = await client.sendRequest<InventoryView | null>(INVENTORY_REQUEST, params);
        this.current = view ?? undefined;
        this.emitter.fire(this.current);
        return this.current;
      } catch {
        return this.current;
      } finally {
        this.inflight = undefined;
      }
    })();
    return this.inflight;
  }

  async export(format: 'json' | 'csv' | 'cbom'): Promise<string | undefined> {
    const client = this.client();
    if (!client || !client.isRunning()) return undefined;
    const result = await client.sendRequest<InventoryExport | null>(INVENTORY_REQUEST, { format } satisfies InventoryParams);
    return result?.text;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
