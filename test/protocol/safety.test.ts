// Language-server safety over real JSON-RPC: fixes computed for another text are refused, open
// documents over the size limit are not analysed (with one info diagnostic, and the limit is a
// setting), and a killed server is replaced by a fresh one that gives the same results without
// anything left behind in the workspace.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CodeActionRequest, DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspClient } from './lsp-client.js';

const KUBEADM = 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: v1.32.4\n';

let workspace: string;
let client: LspClient;

function text(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      const stats = statSync(full);
      if (stats.isDirectory()) walk(full);
      else out.push(`${relative(dir, full)} ${stats.size} ${stats.mtimeMs}`);
    }
  };
  walk(dir);
  return out;
}

before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'pqc-lens-safety-'));
  mkdirSync(join(workspace, 'kubeadm'));
  writeFileSync(join(workspace, 'kubeadm', 'cluster.yaml'), KUBEADM);
  client = new LspClient(workspace);
  await client.initialize();
  await client.scanComplete;
});

after(async () => {
  await client.stop();
  rmSync(workspace, { recursive: true, force: true });
});

test('a fix computed for the file on disk (version null) is refused once the document is open with other text', async () => {
  // The background scan published diagnostics for the closed file, without a version.
  const onDisk = await client.diagnosticsFor('kubeadm/cluster.yaml', (p) => p.diagnostics.some((d) => d.code === 'kubernetes/no-pq-key-exchange'));
  assert.equal(onDisk.version, undefined);
  const stale = onDisk.diagnostics.find((d) => d.code === 'kubernetes/no-pq-key-exchange') as Diagnostic;
  assert.equal((stale.data as { version: number | null }).version, null);
  // The editor opens it with unsaved lines above: the stale ranges now point at other text.
  const edited = `# two lines\n# inserted\n${KUBEADM}`;
  await client.open('kubeadm/cluster.yaml', edited, 'yaml', 7);
  const fresh = await client.diagnosticsFor('kubeadm/cluster.yaml', (p) => p.version === 7);
  const current = fresh.diagnostics.find((d) => d.code === 'kubernetes/no-pq-key-exchange') as Diagnostic;
  assert.equal(current.range.start.line, stale.range.start.line + 2);

  const uri = client.uri('kubeadm/cluster.yaml');
  const refused = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: stale.range, context: { diagnostics: [stale], only: ['quickfix'] } });
  assert.deepEqual(refused, [], 'no action from a diagnostic computed for another text');
  const offered = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: current.range, context: { diagnostics: [current], only: ['quickfix'] } });
  const bump = (offered ?? []).find((a) => /1\.33/.test(a.title)) as { edit: { changes: Record<string, { range: { start: { line: number } } }[]> } } | undefined;
  assert.ok(bump, 'the current diagnostic still offers its fix');
  assert.equal(bump.edit.changes[uri][0].range.start.line, current.range.start.line, 'its edit targets the current text');
});

test('an open document over the size limit gets one info diagnostic and no analysis; the limit is a setting', async () => {
  // 1.5 MiB of Secrets with a 1 MiB single-line base64 value, over the default limit of 1024 KiB.
  const value = Buffer.alloc(768 * 1024, 7).toString('base64');
  const big = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: huge\ndata:\n  tls.crt: ${value}\n---\n${KUBEADM}`;
  await client.open('big.yaml', big, 'yaml', 1);
  const published = await client.diagnosticsFor('big.yaml', (p) => p.version === 1);
  assert.equal(published.diagnostics.length, 1, JSON.stringify(published.diagnostics.map((d) => d.message)));
  const [notice] = published.diagnostics;
  assert.equal(notice.severity, DiagnosticSeverity.Information);
  assert.match(text(notice), /did not analyse this file: \d+ KiB is over the size limit of 1024 KiB.*maxFileSizeKb/);

  const roomy = new LspClient(workspace, { maxFileSizeKb: 4096 });
  try {
    await roomy.initialize();
    await roomy.scanComplete;
    await roomy.open('big.yaml', big, 'yaml', 1);
    const analysed = await roomy.diagnosticsFor('big.yaml', (p) => p.version === 1, 60_000);
    assert.ok(analysed.diagnostics.some((d) => d.code === 'kubernetes/no-pq-key-exchange'), 'with a larger limit the file is analysed');
    assert.ok(!analysed.diagnostics.some((d) => /size limit/.test(text(d))));
  } finally {
    await roomy.stop();
  }
});

test('a killed server is replaced by a fresh one with the same results; nothing is left in the workspace', async () => {
  const before = listing(workspace);
  const text = `${KUBEADM}# unsaved edit\n`;
  const first = new LspClient(workspace);
  await first.initialize();
  await first.scanComplete;
  await first.open('kubeadm/cluster.yaml', text, 'yaml', 3);
  const expected = await first.diagnosticsFor('kubeadm/cluster.yaml', (p) => p.version === 3);
  // What vscode-languageclient does when the server process dies: start a new one, initialize it
  // and open the editor's documents again (its default error handler restarts up to 4 times in 3 minutes).
  process.kill(first.pid!, 'SIGKILL');
  await first.exited();
  first.connection.dispose();

  const second = new LspClient(workspace);
  try {
    await second.initialize();
    await second.scanComplete;
    await second.open('kubeadm/cluster.yaml', text, 'yaml', 3);
    const again = await second.diagnosticsFor('kubeadm/cluster.yaml', (p) => p.version === 3);
    assert.deepEqual(again.diagnostics.map((d) => [d.code, d.message, d.range]), expected.diagnostics.map((d) => [d.code, d.message, d.range]));
  } finally {
    await second.stop();
  }
  assert.deepEqual(listing(workspace), before, 'the servers wrote nothing into the workspace');
});
