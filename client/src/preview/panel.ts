// The certificate preview webview: asks the server for the certificates at the cursor (or in the
// file) and re-renders as the document changes.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { renderPreview } from './html.js';
import { CERTIFICATES_REQUEST, type CertificateView, type CertificatesParams } from '../../../server/src/lsp/protocol.js';

export class CertificatePreview {
  private panel: vscode.WebviewPanel | undefined;
  private target: { uri: string; line?: number } | undefined;
  private views: CertificateView[] = [];
  /** Only the newest refresh may render: answers to older requests are dropped. */
  private generation = 0;
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(private readonly context: vscode.ExtensionContext, private readonly client: () => LanguageClient | undefined) {
    context.subscriptions.push(vscode.workspace.onDidChangeTextDocument((e) => {
      if (!this.panel || !this.target || e.document.uri.toString() !== this.target.uri) return;
      if (this.refreshTimer) clearTimeout(this.refreshTimer);
      this.refreshTimer = setTimeout(() => { this.refreshTimer = undefined; void this.refresh(); }, 200);
    }));
  }

  /** The certificates currently shown (used by tests and the copy buttons). */
  get current(): readonly CertificateView[] {
    return this.views;
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** `uri` is a document URI string (from a code lens or hover link); without it, the active editor's cursor. */
  async show(uri?: string, line?: number): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const targetUri = uri ?? editor?.document.uri.toString();
    if (!targetUri) {
      void vscode.window.showInformationMessage('PQC Lens: open a file with a certificate first.');
      return;
    }
    this.target = { uri: targetUri, line: line ?? (uri ? undefined : editor?.selection.active.line) };
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel('pqcLens.certificatePreview', 'Certificate Preview', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [] });
      this.panel = panel;
      panel.onDidDispose(() => {
        if (this.panel === panel) {
          this.panel = undefined;
          this.views = [];
        }
      }, null, this.context.subscriptions);
      panel.webview.onDidReceiveMessage((message: { type?: unknown; what?: unknown; index?: unknown }) => {
        const view = typeof message.index === 'number' ? this.views[message.index] : undefined;
        if (message.type === 'copy' && view) void vscode.env.clipboard.writeText(message.what === 'pem' ? view.pem : view.fingerprintSha256);
      });
    } else {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
    }
    await this.refresh();
  }

  private async refresh(): Promise<void> {
    const client = this.client();
    if (!this.panel || !this.target || !client) return;
    const generation = ++this.generation;
    const params: CertificatesParams = this.target;
    let views: CertificateView[];
    try {
      views = (await client.sendRequest<CertificateView[] | null>(CERTIFICATES_REQUEST, params)) ?? [];
    } catch (error) {
      client.error('Certificate preview request failed', error);
      return;
    }
    if (generation !== this.generation || !this.panel) return;
    this.views = views;
    this.panel.webview.html = renderPreview(this.views, randomBytes(16).toString('base64'), this.panel.webview.cspSource);
  }
}
