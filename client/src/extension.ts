// The VS Code extension: starts the PQC Lens language server and adds the commands and views
// that need the editor (certificate preview, rule docs). All analysis happens in the server.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { CertificatePreview } from './preview/panel.js';
import { registerInventory } from './inventory/index.js';
import type { CertificateView } from '../../server/src/lsp/protocol.js';

/**
 * Set by the bundle's first and last lines (scripts/bundle.mjs banner/footer): how long evaluating
 * the extension's code took. (The time VS Code spends between loading and calling activate() is
 * its own: it prepares the extension context meanwhile.)
 */
declare const __pqcLensLoadStart: number | undefined;
declare const __pqcLensLoadEnd: number | undefined;
function bundleLoadMs(): number | undefined {
  return typeof __pqcLensLoadStart === 'number' && typeof __pqcLensLoadEnd === 'number' ? __pqcLensLoadEnd - __pqcLensLoadStart : undefined;
}

let client: LanguageClient | undefined;

export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'file', language: 'json' },
  { scheme: 'file', language: 'jsonc' },
  { scheme: 'file', pattern: '**/*.{conf,hcl,cnf,pem,crt,cer,der,pub}' },
  { scheme: 'file', language: 'pem' },
  { scheme: 'file', language: 'ini' },
];

/** What activate() returns: used by the in-editor tests and available to other extensions. */
export interface PqcLensApi {
  client: LanguageClient | undefined;
  /** Evaluating the bundle plus running activate() (the server starts in the background): what start-up pays. */
  activationMs: number;
  /** Time spent evaluating dist/extension.cjs (undefined when not run from the bundle). */
  loadMs: number | undefined;
  /** Resolves once the language server has started and answered `initialize` (or failed to). */
  ready: Promise<void>;
  /** Milliseconds from the start of activate() until the server was ready (set once `ready` resolves). */
  serverReadyMs: () => number | undefined;
  preview: {
    /** The certificates the preview panel shows now (empty when it is closed). */
    readonly certificates: readonly CertificateView[];
    /** Whether the preview panel is open. */
    readonly open: boolean;
  };
}

export async function activate(context: vscode.ExtensionContext): Promise<PqcLensApi> {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('PQC Lens', { log: true });
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.cjs'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    synchronize: {
      configurationSection: 'pqcLens',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.yaml,*.yml,*.json,*.conf,*.hcl,*.cnf,*.pem,*.crt,*.cer,*.der,*.pub,.pqc-lens.yaml}'),
    },
    initializationOptions: { wasmDir: context.asAbsolutePath('dist') },
    // Hover Markdown stays untrusted except for the "Open in preview" link to our own command.
    markdown: { isTrusted: { enabledCommands: ['pqcLens.previewCertificate'] } },
  };
  const languageClient = new LanguageClient('pqcLens', 'PQC Lens', serverOptions, clientOptions);
  client = languageClient;
  const preview = new CertificatePreview(context, () => client);
  registerInventory(context, () => client);

  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('pqcLens.previewCertificate', (uri?: string | vscode.Uri, line?: number) => preview.show(uri?.toString(), line)),
    vscode.commands.registerCommand('pqcLens.fixAll', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      const document = editor.document;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(0, 0, document.lineCount, 0), 'source.fixAll.pqcLens');
      // One fix-all action carries all safe edits for one document version; apply only ours.
      const fixAll = (actions ?? []).find((a) => a.kind?.value === 'source.fixAll.pqcLens' && a.edit);
      if (fixAll?.edit) await vscode.workspace.applyEdit(fixAll.edit);
    }),
    vscode.commands.registerCommand('pqcLens.showRuleDocs', (ruleId: string, url?: string) => {
      const local = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${ruleId}.md`);
      return vscode.workspace.fs.stat(local).then(
        () => vscode.commands.executeCommand('markdown.showPreview', local),
        () => (url ? vscode.env.openExternal(vscode.Uri.parse(url)) : undefined),
      );
    }),
    vscode.commands.registerCommand('pqcLens.restartServer', () => client?.restart()),
    vscode.commands.registerCommand('pqcLens.showOutput', () => output.show()),
  );

  // The server starts in the background: activation (and so editor start-up) does not wait for
  // the server process; requests sent before it is up wait for it inside the client.
  let serverReadyMs: number | undefined;
  const enabled = vscode.workspace.getConfiguration('pqcLens').get<boolean>('enable', true);
  const ready = enabled
    ? languageClient.start().then(
      () => {
        serverReadyMs = performance.now() - started;
        output.info(`PQC Lens language server ready ${Math.round(serverReadyMs)} ms after activation started`);
      },
      (error: unknown) => output.error(`PQC Lens language server failed to start: ${error instanceof Error ? error.message : String(error)}`),
    )
    : Promise.resolve();

  const activateMs = performance.now() - started;
  const loadMs = bundleLoadMs();
  const activationMs = activateMs + (loadMs ?? 0);
  output.info(`PQC Lens activated in ${activationMs.toFixed(1)} ms (load ${loadMs?.toFixed(1) ?? '?'} ms, activate ${activateMs.toFixed(1)} ms)`);
  return {
    client: languageClient,
    activationMs,
    loadMs,
    ready,
    serverReadyMs: () => serverReadyMs,
    preview: {
      get certificates() { return preview.current; },
      get open() { return preview.isOpen; },
    },
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
