// The certificate preview: the command opens a webview panel; what it shows is read back through
// the extension's API (activate() exposes the preview's current certificates).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { allTabs, api, open, waitFor, waitForDiagnostics } from './util.js';

function previewTab(): vscode.Tab | undefined {
  return allTabs().find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('pqcLens.certificatePreview'));
}

describe('certificate preview', () => {
  before(async () => { await api(); });

  it('the code-lens command opens the preview for the certificate at that line', async () => {
    const exports = await api();
    const editor = await open('istio/cacerts.yaml');
    await waitForDiagnostics(editor.document.uri, (ds) => ds.length > 0, 'cacerts analysed');
    const lens = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri)).find((l) => l.range.start.line === 19)!;
    await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    assert.ok(exports.preview.open);
    const tab = await waitFor(previewTab, () => `a preview tab; tabs: ${allTabs().map((t) => t.label).join(', ')}`);
    assert.equal(tab.label, 'Certificate Preview');
    assert.equal(exports.preview.certificates.length, 1);
    const [cert] = exports.preview.certificates;
    assert.match(cert.subject, /Root CA/);
    assert.match(cert.publicKey, /^ECDSA/);
    assert.equal(cert.pqcClass, 'classical');
    assert.equal(cert.selfSigned, true);
    assert.equal(cert.verified, true);
    assert.match(cert.pem, /^-----BEGIN CERTIFICATE-----\n/);
  });

  it('from the active editor it previews the hybrid CA, verified', async () => {
    const exports = await api();
    const editor = await open('pki/hybrid-ca.crt');
    editor.selection = new vscode.Selection(3, 0, 3, 0);
    await vscode.commands.executeCommand('pqcLens.previewCertificate');
    const [cert] = await waitFor(() => (exports.preview.certificates[0]?.file.endsWith('hybrid-ca.crt') ? exports.preview.certificates : undefined), () => `the hybrid CA; showing ${exports.preview.certificates.map((c) => c.file).join(',')}`);
    assert.equal(cert.pqcClass, 'composite');
    assert.match(cert.publicKey, /MLDSA65-ECDSA-P256/);
    assert.equal(cert.verified, true);
    assert.ok(cert.bytes > cert.referenceBytes, 'a composite certificate is larger than an ECDSA one');
    assert.equal(allTabs().filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('pqcLens.certificatePreview')).length, 1, 'one panel, reused');
  });

  it('closing the panel clears what the API reports', async () => {
    const exports = await api();
    const tab = previewTab();
    assert.ok(tab);
    await vscode.window.tabGroups.close(tab);
    await waitFor(() => !exports.preview.open || undefined, () => 'the panel to close');
    assert.equal(exports.preview.certificates.length, 0);
  });
});
