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

  constructor(private readonly context: vscode.ExtensionContext, private readonly client: () => LanguageClient | undefined) {
    context.subscriptions.push(vscode.workspace.onDidChangeTextDocument((e) => {
      if (this.panel && this.target && e.document.uri.toString() === this.target.uri) void this.refresh();
    }));
  }

  /** The certificates currently shown (used by tests and the copy buttons). */
  get current(): readonly CertificateView[] {
    return this.views;
  }

  async show(uri?: string, line?: number): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const targetUri = uri ?? editor?.document.uri.toString();
    if (!targetUri) {
      void vscode.window.showInformationMessage('PQC Lens: open a file with a certificate first.');
      return;
    }
    this.target = { uri: targetUri, line: line ?? (uri ? undefined : editor?.selection.active.line) };
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('pqcLens.certificatePreview', 'Certificate Preview', vscode.ViewColumn.Beside, { enableScripts: true, localResourceRoots: [] });
      this.panel.onDidDispose(() => { this.panel = undefined; }, null, this.context.subscriptions);
      this.panel.webview.onDidReceiveMessage((message: { type: string; what: string; index: number }) => {
        const view = this.views[message.index];
        if (message.type === 'copy' && view) void vscode.env.clipboard.writeText(message.what === 'pem' ? view.pem : view.fingerprintSha256);
      });
    }
    this.panel.reveal(vscode.ViewColumn.Beside, true);
    await this.refresh();
  }

  private async refresh(): Promise<void> {
    const client = this.client();
    if (!this.panel || !this.target || !client) return;
    const params: CertificatesParams = this.target;
    this.views = (await client.sendRequest<CertificateView[]>(CERTIFICATES_REQUEST, params)) ?? [];
    this.panel.webview.html = renderPreview(this.views, randomBytes(16).toString('base64'), this.panel.webview.cspSource);
  }
}
