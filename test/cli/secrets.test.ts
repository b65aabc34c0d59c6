// Private keys written into configuration are reported (secret/inline-private-key) but their
// bytes never appear anywhere PQC Lens writes: CLI check (text, json, sarif), inspect, inventory
// (table, json, csv, cbom), hover, the certificate preview (data and HTML), code lenses, code
// actions, diagnostics, the language server's inventory answers and its log. The key material is
// found here independently of the product's own key locator: every PEM PRIVATE KEY body and every
// base64 value that decodes to one, in the fixture files below.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CodeActionRequest, CodeLensRequest, HoverRequest, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { hover } from '../../server/src/lsp/hover.js';
import { certificateViews } from '../../server/src/lsp/certificates.js';
import { renderPreview } from '../../client/src/preview/html.js';
import { defaultKnowledge, engineForDir, TEST_NOW } from '../harness.js';
import { fixturesDir, repoRoot } from '../helpers.js';
import { LspClient } from '../protocol/lsp-client.js';
import { cli } from './run.js';

const leafKeyPem = readFileSync(join(fixturesDir, 'rules', 'secret', 'inline-private-key', 'bad-pem-key-file', 'leaf-key.pem'), 'utf8');
const indented = (text: string, spaces: number): string => text.trim().split('\n').map((l) => ' '.repeat(spaces) + l).join('\n');

/** The workspace: real fixtures with keys in every place a key is found. */
const FILES: Record<string, string> = {
  'k8s/secret-tls.yaml': readFileSync(join(fixturesDir, 'certs', 'secret-tls.yaml'), 'utf8'),
  'k8s/kubeconfig.yaml': readFileSync(join(fixturesDir, 'certs', 'kubeconfig.yaml'), 'utf8'),
  'istio/cacerts.yaml': readFileSync(join(repoRoot, 'examples', 'istio', 'cacerts.yaml'), 'utf8'),
  'pki/leaf-key.pem': leafKeyPem,
  'k8s/string-data.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-key\ntype: kubernetes.io/tls\nstringData:\n  tls.key: |\n${indented(leafKeyPem, 4)}\n`,
  'step/config/ca.json': JSON.stringify({ root: '/home/step/certs/root_ca.crt', crt: '/home/step/certs/intermediate_ca.crt', key: leafKeyPem, address: ':9000', authority: { provisioners: [] } }, null, 2),
};

/** Key material: PEM bodies (base64 of the DER) and the base64 values that hold a PEM key. */
function keyMaterial(): string[] {
  const out = new Set<string>();
  const pemBody = /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----([\s\S]*?)-----END \1-----/g;
  for (const text of Object.values(FILES)) {
    const unescaped = text.replace(/\\n/g, '\n');
    for (const m of unescaped.matchAll(pemBody)) out.add(m[2].replace(/\s+/g, ''));
    for (const m of text.matchAll(/:\s*"?([A-Za-z0-9+/=]{200,})"?\s*$/gm)) {
      const decoded = Buffer.from(m[1], 'base64').toString('latin1');
      const inner = /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----([\s\S]*?)-----END \1-----/.exec(decoded);
      if (!inner) continue;
      out.add(inner[2].replace(/\s+/g, ''));
      // The base64 text as written, without the encoded BEGIN/END lines (shared with certificates' armour).
      out.add(m[1].slice(48, -48));
    }
  }
  return [...out];
}

/**
 * Public material the files also hold: certificates (PEM bodies, and PEM decoded from base64
 * values). A key shares bytes with them (the algorithm identifier, an EC key's public point), and
 * showing those is fine; only windows that occur in no certificate count as key material.
 */
function publicMaterial(): string {
  const parts: string[] = [];
  const certBody = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
  for (const text of Object.values(FILES)) {
    for (const m of text.matchAll(certBody)) parts.push(m[1]);
    for (const m of text.matchAll(/:\s*"?([A-Za-z0-9+/=]{200,})"?\s*$/gm)) {
      const decoded = Buffer.from(m[1], 'base64').toString('latin1');
      for (const c of decoded.matchAll(certBody)) parts.push(c[1]);
      if (!/PRIVATE KEY/.test(decoded)) parts.push(m[1]);
    }
  }
  return normalise(parts.join(''));
}

const material = keyMaterial();
const publicText = publicMaterial();
/** Every 24-character window of the material (stride 4) that no certificate holds: a leak of any fragment is caught. */
const windows = material.flatMap((m) => {
  const list: string[] = [];
  for (let i = 0; i + 24 <= m.length; i += 4) list.push(m.slice(i, i + 24));
  return list;
}).filter((w) => !publicText.includes(w));

/** Output with white space, backslash escapes (Markdown, JSON) and HTML numeric entities folded away. */
function normalise(output: string): string {
  return output.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/\\[nrt]/g, '').replace(/\\/g, '').replace(/\s+/g, '');
}

function assertNoKey(where: string, output: string): void {
  const flat = normalise(output);
  const leaked = windows.find((w) => flat.includes(w));
  assert.equal(leaked, undefined, `${where} contains private key material (${leaked})`);
}

let workspace: string;

before(() => {
  workspace = mkdtempSync(join(tmpdir(), 'pqc-lens-secrets-'));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), text);
  }
});

after(() => rmSync(workspace, { recursive: true, force: true }));

test('the fixtures hold key material, and the check really looks for it', () => {
  assert.ok(material.length >= 6, `${material.length} key bodies found`);
  assert.ok(windows.length > 100);
  // The detector works: every fixture file trips it.
  for (const [path, text] of Object.entries(FILES)) assert.throws(() => assertNoKey(path, text), `${path} should hold key material`);
});

test('every key is reported by secret/inline-private-key', () => {
  const r = cli(['check', '--format', 'json', '--fail-on', 'none', '.'], workspace);
  assert.equal(r.status, 0, r.stderr);
  const reported = new Set((JSON.parse(r.stdout) as { findings: { ruleId: string; file: string }[] }).findings.filter((f) => f.ruleId === 'secret/inline-private-key').map((f) => f.file));
  assert.deepEqual([...reported].sort(), ['istio/cacerts.yaml', 'k8s/kubeconfig.yaml', 'k8s/secret-tls.yaml', 'k8s/string-data.yaml', 'pki/leaf-key.pem', 'step/config/ca.json']);
});

test('CLI: check (text, json, sarif), inspect and inventory (table, json, csv, cbom) never print key material', () => {
  const runs: [string, string[]][] = [
    ['check text', ['check', '--fail-on', 'none', '.']],
    ['check json', ['check', '--format', 'json', '--fail-on', 'none', '.']],
    ['check sarif', ['check', '--format', 'sarif', '--fail-on', 'none', '.']],
    ...Object.keys(FILES).map((path): [string, string[]] => [`inspect ${path}`, ['inspect', path]]),
    ['inventory table', ['inventory', '.']],
    ['inventory json', ['inventory', '--format', 'json', '.']],
    ['inventory csv', ['inventory', '--format', 'csv', '.']],
    ['inventory cbom', ['inventory', '--format', 'cbom', '.']],
  ];
  for (const [name, args] of runs) {
    const r = cli(args, workspace);
    assert.ok(r.stdout.length + r.stderr.length > 0, `${name} printed nothing`);
    assertNoKey(`${name} stdout`, r.stdout);
    assertNoKey(`${name} stderr`, r.stderr);
  }
});

test('in process: findings, fixes, hover at every line, and the preview (data and HTML) never hold key material', async () => {
  const engine = await engineForDir(workspace);
  const knowledge = defaultKnowledge();
  const uriOf = (path: string): string => `file://${join(workspace, path)}`;
  for (const path of Object.keys(FILES)) {
    const file = engine.file(path)!;
    assertNoKey(`findings of ${path}`, JSON.stringify(engine.analyze(path)));
    for (let line = 0; line < file.lines.lineCount; line++) {
      for (const character of [0, 4, 12, 40]) {
        const result = hover({ textDocument: { uri: uriOf(path) }, position: { line, character } }, file, engine, knowledge, uriOf, TEST_NOW);
        if (result) assertNoKey(`hover ${path}:${line}:${character}`, JSON.stringify(result));
      }
    }
    const views = certificateViews(engine, path, undefined, TEST_NOW);
    assertNoKey(`preview data of ${path}`, JSON.stringify(views));
    assertNoKey(`preview HTML of ${path}`, renderPreview(views, 'bm9uY2U=', 'vscode-resource:', TEST_NOW));
  }
});

test('language server: diagnostics, hover, code lenses, code actions, certificates, inventory and the log never hold key material', async () => {
  const client = new LspClient(workspace);
  const outputs: string[] = [];
  try {
    await client.initialize();
    await client.scanComplete;
    for (const [path, text] of Object.entries(FILES)) {
      const languageId = path.endsWith('.json') ? 'json' : path.endsWith('.pem') ? 'pem' : 'yaml';
      await client.open(path, text, languageId, 1);
      const { diagnostics } = await client.diagnosticsFor(path, (p) => p.version === 1);
      assert.ok(diagnostics.some((d) => d.code === 'secret/inline-private-key'), `${path}: ${diagnostics.map((d) => d.code).join(', ')}`);
      outputs.push(JSON.stringify(diagnostics));
      const uri = client.uri(path);
      for (let line = 0; line < text.split('\n').length; line++) {
        outputs.push(JSON.stringify(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: 12 } })));
      }
      outputs.push(JSON.stringify(await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })));
      outputs.push(JSON.stringify(await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: diagnostics as Diagnostic[] } })));
      outputs.push(JSON.stringify(await client.connection.sendRequest('pqcLens/certificates', { uri })));
    }
    for (const format of ['view', 'json', 'csv', 'cbom']) {
      outputs.push(JSON.stringify(await client.connection.sendRequest('pqcLens/inventory', { format }).catch((error: unknown) => String(error))));
    }
  } finally {
    await client.stop();
  }
  assert.ok(outputs.join('').length > 10_000, 'the server answered');
  outputs.forEach((output, i) => assertNoKey(`server answer ${i}`, output));
  assertNoKey('server log', client.logs.join('\n'));
  assertNoKey('server stderr', client.stderr.join(''));
});
