// Code actions through vscode.executeCodeActionProvider: the rule's quick fixes, disable-for-line
// and show-docs for a diagnostic, fix-all (safe fixes only), and what applying them does.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { allTabs, api, fileUri, open, revertAndClose, ruleOf, waitFor, waitForDiagnostics } from './util.js';

const KUBEADM = 'kubeadm/cluster-configuration.yaml';
const RULE = 'kubernetes/no-pq-key-exchange';

async function actionsAt(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind)) ?? [];
}

async function kubeadmDiagnostic(): Promise<{ editor: vscode.TextEditor; diagnostic: vscode.Diagnostic }> {
  const editor = await open(KUBEADM);
  const diagnostics = await waitForDiagnostics(editor.document.uri, (ds) => ds.some((d) => ruleOf(d) === RULE), RULE);
  return { editor, diagnostic: diagnostics.find((d) => ruleOf(d) === RULE)! };
}

describe('code actions', () => {
  before(async () => { await api(); });
  afterEach(async () => {
    // Leave no edited editors behind for the next test.
    for (const document of vscode.workspace.textDocuments) if (document.isDirty) await revertAndClose(document.uri);
  });

  it('offers the rule fix, disable-for-line and show-docs for a diagnostic', async () => {
    const { editor, diagnostic } = await kubeadmDiagnostic();
    const actions = await actionsAt(editor.document.uri, diagnostic.range);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Upgrade Kubernetes to v1.33.0'), titles.join(' | '));
    assert.ok(titles.includes(`Disable ${RULE} for this line`), titles.join(' | '));
    assert.ok(titles.includes(`Show documentation for ${RULE}`), titles.join(' | '));
    for (const action of actions.filter((a) => a.title.includes(RULE) || a.title.startsWith('Upgrade'))) {
      assert.equal(action.kind?.value, vscode.CodeActionKind.QuickFix.value, action.title);
    }
    const docs = actions.find((a) => a.title.startsWith('Show documentation'))!;
    assert.equal(docs.command?.command, 'pqcLens.showRuleDocs');
    assert.deepEqual(docs.command?.arguments?.[0], RULE);
  });

  it('applying the quick fix changes the document and the warning goes away', async () => {
    const { editor, diagnostic } = await kubeadmDiagnostic();
    const fix = (await actionsAt(editor.document.uri, diagnostic.range)).find((a) => a.title === 'Upgrade Kubernetes to v1.33.0');
    assert.ok(fix?.edit, 'the fix carries a workspace edit');
    const before = editor.document.getText();
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(editor.document.lineAt(5).text, 'kubernetesVersion: v1.33.0');
    // Only that line changed.
    assert.equal(editor.document.getText().replace('v1.33.0', 'v1.32.4'), before);
    await waitForDiagnostics(editor.document.uri, (ds) => !ds.some((d) => ruleOf(d) === RULE), 'the warning to go after the fix');
  });

  it('disable-for-line inserts the suppression comment above the line and the warning goes away', async () => {
    const { editor, diagnostic } = await kubeadmDiagnostic();
    const disable = (await actionsAt(editor.document.uri, diagnostic.range)).find((a) => a.title === `Disable ${RULE} for this line`);
    assert.ok(disable?.edit);
    assert.ok(await vscode.workspace.applyEdit(disable.edit));
    assert.equal(editor.document.lineAt(5).text, `# pqc-lens-disable-next-line ${RULE} -- reason`);
    assert.equal(editor.document.lineAt(6).text, 'kubernetesVersion: v1.32.4');
    await waitForDiagnostics(editor.document.uri, (ds) => !ds.some((d) => ruleOf(d) === RULE), 'the suppressed warning to go');
  });

  it('show-docs opens the rule page in the Markdown preview', async () => {
    const { editor, diagnostic } = await kubeadmDiagnostic();
    const docs = (await actionsAt(editor.document.uri, diagnostic.range)).find((a) => a.title.startsWith('Show documentation'))!;
    await vscode.commands.executeCommand(docs.command!.command, ...(docs.command!.arguments ?? []));
    const tab = await waitFor(() => allTabs().find((t) => t.input instanceof vscode.TabInputWebview && /no-pq-key-exchange/.test(t.label)), () => `a Markdown preview tab; tabs: ${allTabs().map((t) => t.label).join(', ')}`);
    assert.match((tab.input as vscode.TabInputWebview).viewType, /markdown\.preview/);
    await vscode.window.tabGroups.close(tab);
  });

  it('fix-all applies only safe fixes: the ingress-nginx curve list gets X25519MLKEM768, kubeadm gets nothing', async () => {
    const editor = await open('ingress/ingress.yaml');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (ds) => ds.some((d) => ruleOf(d) === 'ingress-nginx/classical-ecdh-curve'), 'ingress-nginx/classical-ecdh-curve');
    const all = new vscode.Range(0, 0, editor.document.lineCount, 0);
    const fixAll = (await actionsAt(uri, all, 'source.fixAll.pqcLens')).filter((a) => a.kind?.value === 'source.fixAll.pqcLens');
    assert.equal(fixAll.length, 1, 'one fix-all action');
    assert.equal(fixAll[0].title, 'Fix all safe PQC Lens problems');
    await vscode.commands.executeCommand('pqcLens.fixAll');
    await waitFor(() => /ssl-ecdh-curve: "X25519MLKEM768:X25519:prime256v1:secp384r1"/.test(editor.document.getText()) || undefined, () => `the fixed curve list; line 43: ${editor.document.lineAt(42).text}`);
    await waitForDiagnostics(uri, (ds) => !ds.some((d) => ruleOf(d) === 'ingress-nginx/classical-ecdh-curve'), 'the curve warning to go');

    // The kubeadm upgrade is unsafe (it changes the cluster): fix-all offers nothing there.
    const kubeadm = await kubeadmDiagnostic();
    const none = (await actionsAt(kubeadm.editor.document.uri, new vscode.Range(0, 0, kubeadm.editor.document.lineCount, 0), 'source.fixAll.pqcLens')).filter((a) => a.kind?.value === 'source.fixAll.pqcLens');
    assert.deepEqual(none.map((a) => a.title), []);
    assert.ok(!kubeadm.editor.document.isDirty, 'fix-all changed nothing in the kubeadm file');
  });

  it('editor.codeActionsOnSave with source.fixAll.pqcLens applies the safe fixes on save', async () => {
    const settings = vscode.workspace.getConfiguration('editor', { languageId: 'yaml' });
    await settings.update('codeActionsOnSave', { 'source.fixAll.pqcLens': 'explicit' }, vscode.ConfigurationTarget.Workspace, true);
    const uri = fileUri('ingress/ingress.yaml');
    const original = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    try {
      const editor = await open('ingress/ingress.yaml');
      await waitForDiagnostics(uri, (ds) => ds.some((d) => ruleOf(d) === 'ingress-nginx/classical-ecdh-curve'), 'ingress-nginx/classical-ecdh-curve');
      assert.ok(await editor.edit((b) => b.insert(new vscode.Position(editor.document.lineCount, 0), '# saved\n')));
      assert.ok(await editor.document.save());
      const saved = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      assert.match(saved, /ssl-ecdh-curve: "X25519MLKEM768:X25519:prime256v1:secp384r1"/);
      assert.match(saved, /# saved\n$/);
    } finally {
      await settings.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(original));
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });
});
