// Drives dist/server.cjs over stdio with a real JSON-RPC client: diagnostics for open and closed
// files, code actions (quick fixes, disable, docs, fix-all), hover, completion, code lens,
// the certificate request, and cross-file re-analysis.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeActionRequest, CompletionRequest, HoverRequest, CodeLensRequest, type Diagnostic, type TextEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from './lsp-client.js';
import { repoRoot } from '../helpers.js';

let workspace: string;
let client: LspClient;

const ISSUER = `apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: lsp-test-issuer
spec:
  ca:
    secretName: classical-cluster-ca
`;
const CERTIFICATE = `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: web
  namespace: production
spec:
  secretName: web-tls
  dnsNames: [web.example.com]
  issuerRef:
    name: lsp-test-issuer
    kind: ClusterIssuer
`;

before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'pqc-lens-lsp-'));
  cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });
  client = new LspClient(workspace);
  await client.initialize();
});

after(async () => {
  await client.stop();
  rmSync(workspace, { recursive: true, force: true });
});

test('the whole workspace is analysed in the background: closed files get diagnostics', async () => {
  const scan = await client.scanComplete;
  assert.ok(scan.files > 5, `scanned ${scan.files} files`);
  const published = await client.diagnosticsFor('kubeadm/cluster-configuration.yaml', (p) => p.diagnostics.length > 0);
  assert.ok(published.diagnostics.some((d) => d.code === 'kubernetes/no-pq-key-exchange'));
  const d = published.diagnostics.find((x) => x.code === 'kubernetes/no-pq-key-exchange')!;
  assert.equal(d.source, 'pqc-lens');
  assert.match(d.codeDescription!.href, /docs\/rules\/kubernetes\/no-pq-key-exchange\.md$/);
});

test('an opened document gets diagnostics with rule codes and exact ranges', async () => {
  await client.open('issuers/ca.yaml', ISSUER);
  const { diagnostics } = await client.diagnosticsFor('issuers/ca.yaml', (p) => p.diagnostics.some((d) => d.code === 'cert-manager/classical-issuer'));
  const d = diagnostics.find((x) => x.code === 'cert-manager/classical-issuer')!;
  assert.equal(d.range.start.line, 5);
  assert.equal(ISSUER.split('\n')[5].slice(d.range.start.character, d.range.end.character), 'ca');
});

test('cross-file: a Certificate is re-analysed when its issuer changes', async () => {
  await client.open('issuers/cert.yaml', CERTIFICATE, 'yaml');
  await client.diagnosticsFor('issuers/cert.yaml', (p) => p.diagnostics.some((d) => d.code === 'cert-manager/certificate-classical-issuer'));
  await client.change('issuers/ca.yaml', ISSUER.replace('lsp-test-issuer', 'renamed-issuer'), 2);
  const after = await client.diagnosticsFor('issuers/cert.yaml', (p) => !p.diagnostics.some((d) => d.code === 'cert-manager/certificate-classical-issuer'));
  assert.ok(after, 'the Certificate no longer resolves to a classical issuer');
  await client.change('issuers/ca.yaml', ISSUER, 3);
  await client.diagnosticsFor('issuers/cert.yaml', (p) => p.diagnostics.some((d) => d.code === 'cert-manager/certificate-classical-issuer'));
});

test('code actions: quick fixes from diagnostic data, disable-for-line, docs; stale versions refused', async () => {
  const text = 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: v1.32.4\n';
  await client.open('kubeadm/extra.yaml', text, 'yaml', 1);
  const { diagnostics } = await client.diagnosticsFor('kubeadm/extra.yaml', (p) => p.diagnostics.some((d) => d.code === 'kubernetes/no-pq-key-exchange'));
  const diagnostic = diagnostics.find((d) => d.code === 'kubernetes/no-pq-key-exchange') as Diagnostic;
  const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: client.uri('kubeadm/extra.yaml') }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
  const titles = (actions ?? []).map((a) => a.title);
  assert.ok(titles.some((t) => /1\.33/.test(t)), `a bump fix among ${titles.join(' | ')}`);
  assert.ok(titles.includes('Disable kubernetes/no-pq-key-exchange for this line'));
  assert.ok(titles.includes('Show documentation for kubernetes/no-pq-key-exchange'));
  const bump = (actions ?? []).find((a) => /1\.33/.test(a.title)) as { edit: { changes: Record<string, TextEdit[]> } };
  const doc = TextDocument.create('x', 'yaml', 1, text);
  assert.match(TextDocument.applyEdits(doc, bump.edit.changes[client.uri('kubeadm/extra.yaml')]), /kubernetesVersion: v1\.33\.0/);
  const disable = (actions ?? []).find((a) => a.title.startsWith('Disable')) as { edit: { changes: Record<string, TextEdit[]> } };
  assert.match(TextDocument.applyEdits(doc, disable.edit.changes[client.uri('kubeadm/extra.yaml')]), /# pqc-lens-disable-next-line kubernetes\/no-pq-key-exchange -- reason\nkubernetesVersion/);

  await client.change('kubeadm/extra.yaml', text + '# edited\n', 2);
  const stale = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: client.uri('kubeadm/extra.yaml') }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
  assert.deepEqual(stale, [], 'a diagnostic computed for version 1 offers nothing on version 2');
});

test('fix-all applies safe fixes only', async () => {
  const text = 'openssl_conf = openssl_init\n\n[openssl_init]\nssl_conf = ssl_sect\n\n[ssl_sect]\nsystem_default = system_default_sect\n\n[system_default_sect]\nGroups = kyber768:X25519\n';
  await client.open('tls/openssl.cnf', text, 'ini');
  const { diagnostics } = await client.diagnosticsFor('tls/openssl.cnf', (p) => p.diagnostics.length > 0);
  const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: client.uri('tls/openssl.cnf') }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.pqcLens'] } });
  assert.equal(actions?.length, 1, JSON.stringify(diagnostics.map((d) => d.code)));
  const fixAll = actions![0] as { edit: { changes: Record<string, TextEdit[]> } };
  const fixed = TextDocument.applyEdits(TextDocument.create('x', 'ini', 1, text), fixAll.edit.changes[client.uri('tls/openssl.cnf')]);
  assert.match(fixed, /Groups = .*mlkem768/);
  assert.doesNotMatch(fixed, /kyber768/);
});

test('hover on a rule-relevant key lists allowed values with their PQC status', async () => {
  const text = 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: a\nspec:\n  secretName: a\n  privateKey:\n    algorithm: ECDSA\n  issuerRef:\n    name: x\n';
  await client.open('certs/a.yaml', text);
  await client.diagnosticsFor('certs/a.yaml');
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri('certs/a.yaml') }, position: { line: 7, character: 6 } });
  const value = (hover?.contents as { value: string }).value;
  assert.match(value, /`ECDSA`/);
  assert.match(value, /classical/);
  const completion = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: client.uri('certs/a.yaml') }, position: { line: 7, character: 15 } });
  const labels = (Array.isArray(completion) ? completion : completion?.items ?? []).map((c) => c.label);
  assert.ok(labels.includes('RSA') && labels.includes('Ed25519'), labels.join(','));
});

test('hover, code lens and the preview request on an inline certificate', async () => {
  const pem = readFileSync(join(repoRoot, 'test', 'corpus', 'pqc-certs', 'rfc9881-ml-dsa', 'ML-DSA-65.crt'), 'utf8');
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: trust\ndata:\n  ca.crt: |\n${pem.trim().split('\n').map((l) => '    ' + l).join('\n')}\n`;
  await client.open('trust/bundle.yaml', text);
  await client.diagnosticsFor('trust/bundle.yaml');
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri('trust/bundle.yaml') }, position: { line: 7, character: 8 } });
  const value = (hover?.contents as { value: string }).value;
  assert.match(value, /ML\\-DSA\\-65|ML-DSA-65/);
  assert.match(value, /command:pqcLens\.previewCertificate/);
  const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: client.uri('trust/bundle.yaml') } });
  assert.equal(lenses?.length, 1);
  assert.match(lenses![0].command!.title, /^ML-DSA-65 · pq · valid until \d{4}-\d\d-\d\d · Preview$/);
  const views = await client.connection.sendRequest('pqcLens/certificates', { uri: client.uri('trust/bundle.yaml'), line: 8 }) as { publicKey: string; verified: boolean | null; pem: string }[];
  assert.equal(views.length, 1);
  assert.match(views[0].publicKey, /^ML-DSA-65/);
  assert.equal(views[0].verified, true);
  assert.equal(views[0].pem.replace(/\s/g, ''), pem.replace(/\s/g, ''));
});

test('the server never wrote a stack trace to stderr', () => {
  assert.doesNotMatch(client.stderr.join(''), /\n\s+at /);
});
