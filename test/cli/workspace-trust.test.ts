// Workspace trust: PQC Lens only reads. It declares support for untrusted workspaces, and neither
// the CLI nor the language server starts a process or opens a network connection, even on a
// workspace that asks for it (a kubeconfig exec credential plugin, SPIRE plugin_cmd, an OpenSSL
// provider module, Helm template functions, a .pqc-lens.yaml pointing at a script). A guard
// preloaded into every process (test/guards/no-exec-no-network.cjs) refuses and reports any attempt.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeActionRequest, CodeLensRequest, HoverRequest } from 'vscode-languageserver-protocol/node';
import { LspClient } from '../protocol/lsp-client.js';
import { repoRoot } from '../helpers.js';
import { BIN } from './run.js';

const GUARD = join(repoRoot, 'test', 'guards', 'no-exec-no-network.cjs');
let workspace: string;
let marker: string;

before(() => {
  workspace = mkdtempSync(join(tmpdir(), 'pqc-lens-trust-'));
  cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });
  marker = join(workspace, 'PWNED');
  const shell = `/bin/sh -c 'touch ${marker}'`;
  writeFileSync(join(workspace, 'kubeconfig'), `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://203.0.113.1:6443\nusers:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: /bin/sh\n      args: ["-c", "touch ${marker}"]\ncontexts:\n- name: c\n  context: {cluster: c, user: u}\ncurrent-context: c\n`);
  writeFileSync(join(workspace, 'spire', 'plugins.conf'), `server {\n  trust_domain = "example.org"\n  ca_key_type = "rsa-2048"\n}\nplugins {\n  KeyManager "evil" {\n    plugin_cmd = "${shell.replace(/"/g, '\\"')}"\n    plugin_checksum = "00"\n    plugin_data {}\n  }\n}\n`);
  writeFileSync(join(workspace, 'openssl', 'provider.cnf'), `openssl_conf = openssl_init\n[openssl_init]\nproviders = provider_sect\n[provider_sect]\nevil = evil_sect\ndefault = default_sect\n[evil_sect]\nmodule = ${join(workspace, 'evil.so')}\nactivate = 1\n[default_sect]\nactivate = 1\n.include ${join(workspace, 'evil.cnf')}\n`);
  writeFileSync(join(workspace, 'chart.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ exec "sh" (list "-c" "touch ${marker}") }}\ndata:\n  url: https://203.0.113.1/{{ .Values.x | fetch }}\n`);
  writeFileSync(join(workspace, 'evil.js'), `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x');\n`);
  writeFileSync(join(workspace, '.pqc-lens.yaml'), 'knowledge: ./evil.js\n');
});

after(() => rmSync(workspace, { recursive: true, force: true }));

function guarded(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--require', GUARD, BIN, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function assertNothingAttempted(where: string, stderr: string): void {
  assert.match(stderr, /PQC-LENS-GUARD-LOADED/, `${where}: the guard was not loaded`);
  assert.deepEqual(stderr.split('\n').filter((l) => l.startsWith('PQC-LENS-GUARD:')), [], `${where}: a process or connection was attempted`);
  assert.ok(!existsSync(marker), `${where}: something from the workspace ran`);
}

test('package.json declares untrusted-workspace support and contributes nothing that runs code', () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { capabilities?: { untrustedWorkspaces?: { supported?: unknown } }; contributes?: Record<string, unknown>; activationEvents?: string[] };
  assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, true);
  for (const key of ['taskDefinitions', 'debuggers', 'terminal', 'problemMatchers']) assert.equal(manifest.contributes?.[key], undefined, `contributes.${key}`);
  assert.ok(!(manifest.activationEvents ?? []).includes('*'), 'no activation on every start');
});

test('our sources start no process, open no connection and evaluate no code', () => {
  const forbidden = /from '(node:)?(child_process|http|https|http2|net|tls|dgram|dns|vm)'|require\(['"](node:)?(child_process|http|https|net|tls|dns|vm)['"]\)|\bfetch\(|\beval\(|new Function\(|\bWebSocket\b/;
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts') && forbidden.test(readFileSync(full, 'utf8'))) offenders.push(full.slice(repoRoot.length + 1));
    }
  };
  walk(join(repoRoot, 'server', 'src'));
  walk(join(repoRoot, 'client', 'src'));
  assert.deepEqual(offenders, []);
});

test('CLI on a workspace that asks to run things: check, --fix, inspect and inventory only read', () => {
  const refused = guarded(['check', '--format', 'json', '.'], workspace);
  assert.equal(refused.status, 2, 'a knowledge "table" that is a script is refused as invalid JSON');
  assert.match(refused.stderr, /evil\.js.*not valid JSON/);
  assertNothingAttempted('check with .pqc-lens.yaml knowledge: ./evil.js', refused.stderr);
  writeFileSync(join(workspace, '.pqc-lens.yaml'), 'rules: {}\n');
  for (const args of [['check', '--format', 'json', '--fail-on', 'none', '.'], ['check', '--format', 'sarif', '--fail-on', 'none', '.'], ['check', '--fix', '--fail-on', 'none', '.'], ['inspect', 'pki/hybrid-ca.crt'], ['inventory', '--format', 'cbom', '.']]) {
    const r = guarded(args, workspace);
    assert.ok(r.status === 0 || r.status === 1, `${args.join(' ')}: exit ${r.status}: ${r.stderr.slice(0, 500)}`);
    assertNothingAttempted(args.join(' '), r.stderr);
  }
});

test('language server on the same workspace: scan, diagnostics, hover, code actions, lenses and inventory only read', async () => {
  const previous = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = `${previous ?? ''} --require ${GUARD}`.trim();
  let client: LspClient;
  try {
    client = new LspClient(workspace);
  } finally {
    if (previous === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = previous;
  }
  try {
    await client.initialize();
    await client.scanComplete;
    for (const path of ['kubeconfig', 'spire/plugins.conf', 'openssl/provider.cnf', 'chart.yaml']) {
      const text = readFileSync(join(workspace, path), 'utf8');
      await client.open(path, text, path.endsWith('.yaml') || path === 'kubeconfig' ? 'yaml' : 'plaintext', 1);
      await client.diagnosticsFor(path, (p) => p.version === 1);
      const uri = client.uri(path);
      for (let line = 0; line < text.split('\n').length; line++) await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: 8 } });
      await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
      await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } }, context: { diagnostics: [] } });
    }
    await client.connection.sendRequest('pqcLens/inventory', { format: 'cbom' });
  } finally {
    await client.stop();
  }
  assertNothingAttempted('language server', client.stderr.join(''));
});
