// Diagnostics: an opened manifest gets diagnostics with the rule id, severity and exact range; files
// that were never opened get theirs from the background workspace scan (YAML, HCL through the
// bundled tree-sitter wasm, PEM).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, fileUri, measure, open, ruleOf, waitForDiagnostics } from './util.js';

describe('diagnostics', () => {
  before(async () => { await api(); });

  it('an opened kubeadm manifest from examples/ gets the Kubernetes key-exchange warning on the version', async () => {
    const started = Date.now();
    const editor = await open('kubeadm/cluster-configuration.yaml');
    const diagnostics = await waitForDiagnostics(editor.document.uri, (ds) => ds.some((d) => ruleOf(d) === 'kubernetes/no-pq-key-exchange'), 'kubernetes/no-pq-key-exchange');
    measure('openToDiagnosticsMs', Date.now() - started);
    const d = diagnostics.find((x) => ruleOf(x) === 'kubernetes/no-pq-key-exchange')!;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(d.range.start.line, 5);
    assert.equal(editor.document.getText(d.range), 'v1.32.4');
    assert.match(d.message, /Go 1\.23/);
    const code = d.code as { value: string; target: vscode.Uri };
    assert.match(code.target.toString(), /docs\/rules\/kubernetes\/no-pq-key-exchange\.md$/);
  });

  it('files that were never opened get diagnostics from the workspace scan', async () => {
    const closed = ['ingress/ingress.yaml', 'spire/server.conf', 'step/certs/root_ca.crt', 'step/step-issuer.yaml'];
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    for (const rel of closed) assert.ok(!open.has(fileUri(rel).toString()), `${rel} is not open`);
    const ingress = await waitForDiagnostics(fileUri('ingress/ingress.yaml'), (ds) => ds.some((d) => ruleOf(d) === 'ingress-nginx/classical-ecdh-curve'), 'ingress-nginx/classical-ecdh-curve');
    assert.equal(ingress.find((d) => ruleOf(d) === 'ingress-nginx/classical-ecdh-curve')!.range.start.line, 42);
    // HCL goes through web-tree-sitter and the grammar wasm shipped in dist/.
    const spire = await waitForDiagnostics(fileUri('spire/server.conf'), (ds) => ds.length > 0, 'SPIRE diagnostics');
    assert.ok(spire.some((d) => ruleOf(d)?.startsWith('spire/')), spire.map(ruleOf).join(', '));
    assert.ok(!spire.some((d) => ruleOf(d) === 'syntax-error'), 'server.conf parses');
    await waitForDiagnostics(fileUri('step/certs/root_ca.crt'), (ds) => ds.some((d) => /Example Platform Root CA/.test(d.message)), 'classical root CA warning');
    const errors = await waitForDiagnostics(fileUri('step/step-issuer.yaml'), (ds) => ds.some((d) => d.severity === vscode.DiagnosticSeverity.Error), 'step-issuer version errors');
    assert.ok(errors.some((d) => ruleOf(d) === 'step-issuer/version-mismatch'));
  });

  it('an edit in the editor is re-analysed: the warning goes when the version is fixed by hand, and comes back', async () => {
    const editor = await open('kubeadm/cluster-configuration.yaml');
    const uri = editor.document.uri;
    const line = editor.document.lineAt(5);
    const started = Date.now();
    assert.ok(await editor.edit((b) => b.replace(line.range, 'kubernetesVersion: v1.33.1')));
    await waitForDiagnostics(uri, (ds) => !ds.some((d) => ruleOf(d) === 'kubernetes/no-pq-key-exchange'), 'the warning to go');
    measure('editToDiagnosticsMs', Date.now() - started);
    assert.ok(await editor.edit((b) => b.replace(editor.document.lineAt(5).range, 'kubernetesVersion: v1.32.4')));
    await waitForDiagnostics(uri, (ds) => ds.some((d) => ruleOf(d) === 'kubernetes/no-pq-key-exchange'), 'the warning to return');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
