// Hover (certificate in a PEM file, certificate inside a Secret, private key, rule-relevant setting
// key), completion of allowed values, and code lenses over certificates.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, hoverText, open, waitFor, waitForDiagnostics } from './util.js';

async function hoverAt(uri: vscode.Uri, line: number, character: number): Promise<string> {
  return hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, character)));
}

/** Opens a file and waits until the server has analysed it (its diagnostics arrived). */
async function analysed(rel: string): Promise<vscode.TextEditor> {
  const editor = await open(rel);
  await waitForDiagnostics(editor.document.uri, (ds) => ds.length > 0, `diagnostics for ${rel}`);
  return editor;
}

describe('hover, completion, code lens', () => {
  before(async () => { await api(); });

  it('hover on a certificate in a PEM file summarises it and links to the preview', async () => {
    const editor = await analysed('step/certs/root_ca.crt');
    const text = await hoverAt(editor.document.uri, 2, 10);
    assert.match(text, /Example Platform Root CA/);
    assert.match(text, /ECDSA/);
    assert.match(text, /P\\?-256/);
    const link = /\(command:pqcLens\.previewCertificate\?([^)]+)\)/.exec(text);
    assert.ok(link, `a preview link in: ${text}`);
    const args = JSON.parse(decodeURIComponent(link[1])) as unknown[];
    assert.equal(args[0], editor.document.uri.toString(), 'the link carries the document URI');
  });

  it('hover on a base64 certificate inside a Secret decodes it', async () => {
    const editor = await analysed('istio/cacerts.yaml');
    const line = editor.document.lineAt(19).text;
    assert.match(line, /^ {2}root-cert\.pem: /);
    const text = await hoverAt(editor.document.uri, 19, 30);
    assert.match(text, /Root CA/);
    assert.match(text, /ECDSA/);
  });

  it('hover on a private key says what it is without showing key material', async () => {
    const editor = await analysed('istio/cacerts.yaml');
    const line = editor.document.lineAt(18).text;
    assert.match(line, /^ {2}ca-key\.pem: /);
    const text = await hoverAt(editor.document.uri, 18, 30);
    assert.match(text, /Private key/);
    assert.match(text, /data\.ca-key\.pem/);
    const base64 = line.split(': ')[1];
    assert.ok(!text.includes(base64.slice(0, 40)), 'no key bytes in the hover');
  });

  it('hover on a rule-relevant setting key lists the allowed values with their PQC status', async () => {
    const editor = await analysed('cert-manager/certificates.yaml');
    const line = editor.document.getText().split('\n').findIndex((l) => /^\s+algorithm: ECDSA/.test(l));
    assert.ok(line > 0);
    const text = await hoverAt(editor.document.uri, line, editor.document.lineAt(line).firstNonWhitespaceCharacterIndex + 2);
    assert.match(text, /`ECDSA`/);
    assert.match(text, /`RSA`/);
    assert.match(text, /classical/);
  });

  it('completion offers the allowed values for privateKey.algorithm and TLS groups, post-quantum first', async () => {
    const editor = await analysed('cert-manager/certificates.yaml');
    const line = editor.document.getText().split('\n').findIndex((l) => /^\s+algorithm: ECDSA/.test(l));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, new vscode.Position(line, editor.document.lineAt(line).text.length));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const value of ['RSA', 'ECDSA', 'Ed25519']) assert.ok(labels.includes(value), `${value} in ${labels.join(',')}`);

    const cnf = await analysed('openssl/openssl.cnf');
    const groups = cnf.document.getText().split('\n').findIndex((l) => l.startsWith('Groups'));
    const tls = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', cnf.document.uri, new vscode.Position(groups, cnf.document.lineAt(groups).text.length));
    const items = tls.items.filter((i) => i.detail === 'post-quantum' || i.detail === 'classical');
    const mlkem = items.find((i) => i.label === 'X25519MLKEM768');
    assert.ok(mlkem, `X25519MLKEM768 among ${items.map((i) => i.label).join(',')}`);
    assert.equal(mlkem.detail, 'post-quantum');
    const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    assert.equal(sorted[0].detail, 'post-quantum', 'post-quantum groups sort first');
  });

  it('code lenses sit above each certificate and open the preview', async () => {
    const editor = await analysed('istio/cacerts.yaml');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
    assert.ok(lenses.length >= 3, `${lenses.length} lenses`);
    for (const lens of lenses) {
      assert.match(lens.command?.title ?? '', /^ECDSA.* · classical · valid until \d{4}-\d\d-\d\d · Preview$/);
      assert.equal(lens.command?.command, 'pqcLens.previewCertificate');
      assert.equal(lens.command?.arguments?.[0], editor.document.uri.toString());
    }
    assert.deepEqual([...new Set(lenses.map((l) => l.range.start.line))].sort((a, b) => a - b), [17, 19, 20]);

    // The hybrid CA has no finding, so wait for its lens rather than for diagnostics.
    const pem = await open('pki/hybrid-ca.crt');
    const hybrid = await waitFor(async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', pem.document.uri);
      return found.length > 0 ? found : undefined;
    }, () => 'a code lens on pki/hybrid-ca.crt');
    assert.equal(hybrid.length, 1);
    assert.match(hybrid[0].command!.title, /composite/);
  });
});
