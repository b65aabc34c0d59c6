// The VS Code extension: starts the PQC Lens language server and adds the commands and views
// that need the editor (certificate preview, rule docs). All analysis happens in the server.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { CertificatePreview } from './preview/panel.js';

let client: LanguageClient | undefined;

export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'file', language: 'json' },
  { scheme: 'file', language: 'jsonc' },
  { scheme: 'file', pattern: '**/*.{conf,hcl,cnf,pem,crt,cer,der,pub}' },
  { scheme: 'file', language: 'pem' },
  { scheme: 'file', language: 'ini' },
];

export async function activate(context: vscode.ExtensionContext): Promise<{ client: LanguageClient | undefined; activationMs: number }> {
  const started = Date.now();
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
  };
  client = new LanguageClient('pqcLens', 'PQC Lens', serverOptions, clientOptions);
  const preview = new CertificatePreview(context, () => client);

  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('pqcLens.previewCertificate', (uri?: string, line?: number) => preview.show(uri, line)),
    vscode.commands.registerCommand('pqcLens.fixAll', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, new vscode.Range(0, 0, editor.document.lineCount, 0), 'source.fixAll.pqcLens');
      for (const action of actions ?? []) if (action.edit) await vscode.workspace.applyEdit(action.edit);
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

  if (vscode.workspace.getConfiguration('pqcLens').get<boolean>('enable', true)) await client.start();
  const activationMs = Date.now() - started;
  output.info(`PQC Lens activated in ${activationMs} ms`);
  return { client, activationMs };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
