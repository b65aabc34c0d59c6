// A 20,000-file workspace (about 75 MB: the benchmark's W2 mix of YAML, SPIRE HCL, step-ca
// ca.json, openssl.cnf and PEM, plus one over-size file), generated into a temp dir. The CLI
// analyses it under a 1.5 GB heap cap and the language server scans it, answering an open
// document while it does; both report their peak RSS. Slow (minutes), so it runs only with
// PQC_LENS_SLOW=1 (`npm run test:slow`, after npm test in CI).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateW2 } from '../../bench/generate.js';
import { LspClient } from '../protocol/lsp-client.js';
import { repoRoot } from '../helpers.js';

const ENABLED = process.env.PQC_LENS_SLOW === '1';
const SKIP = ENABLED ? false : 'slow tests run with PQC_LENS_SLOW=1 (npm run test:slow)';
const FILES = 20_000;
const HEAP_CAP_MB = 1536;

let workspace: string;

/** Peak resident memory of a process so far (Linux; 0 elsewhere). */
function peakRssMb(pid: number | undefined): number {
  if (pid === undefined || !existsSync(`/proc/${pid}/status`)) return 0;
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

before(() => {
  if (!ENABLED) return;
  workspace = mkdtempSync(join(tmpdir(), 'pqc-lens-20k-'));
  const summary = generateW2(workspace, { files: FILES, megabytes: 75 });
  assert.equal(summary.files, FILES);
  // One file over the default size limit: skipped with a notice, never read into memory.
  writeFileSync(join(workspace, 'huge.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n  blob: ${'A'.repeat(2 * 1024 * 1024)}\n`);
});

after(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

test(`CLI: ${FILES.toLocaleString('en')} files analysed under a ${HEAP_CAP_MB} MB heap cap`, { skip: SKIP, timeout: 20 * 60_000 }, async () => {
  const started = Date.now();
  const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_CAP_MB}`, join(repoRoot, 'bin', 'pqc-lens.js'), 'check', '--format', 'json', '--fail-on', 'none', '.'], { cwd: workspace, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  let stderr = '';
  let peak = 0;
  child.stdout.on('data', (d: Buffer) => chunks.push(d));
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const timer = setInterval(() => { peak = Math.max(peak, peakRssMb(child.pid)); }, 50);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  const ms = Date.now() - started;
  assert.equal(code, 0, stderr.slice(0, 2000));
  const output = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { findings: { file: string }[]; notices: { file?: string; message: string }[] };
  assert.ok(new Set(output.findings.map((f) => f.file)).size > 1000, 'findings across the workspace');
  assert.ok(output.notices.some((n) => n.file === 'huge.yaml' && /size limit/.test(n.message)));
  console.log(`# CLI: ${FILES} files in ${(ms / 1000).toFixed(1)} s, peak RSS ${Math.round(peak)} MB, ${output.findings.length} findings`);
});

test(`language server: the initial scan of ${FILES.toLocaleString('en')} files completes and an open document is answered meanwhile`, { skip: SKIP, timeout: 20 * 60_000 }, async () => {
  const client = new LspClient(workspace);
  let peak = 0;
  const timer = setInterval(() => { peak = Math.max(peak, peakRssMb(client.pid)); }, 50);
  try {
    const started = Date.now();
    await client.initialize();
    await client.open('open.yaml', 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: v1.32.4\n', 'yaml', 1);
    const open = await client.diagnosticsFor('open.yaml', (p) => p.version === 1, 600_000);
    const openMs = Date.now() - started;
    assert.ok(open.diagnostics.some((d) => d.code === 'kubernetes/no-pq-key-exchange'));
    let limit: NodeJS.Timeout | undefined;
    const scan = await Promise.race([client.scanComplete, new Promise<never>((_, reject) => { limit = setTimeout(() => reject(new Error('scan did not complete')), 15 * 60_000); })]);
    clearTimeout(limit);
    assert.equal(scan.files, FILES);
    assert.deepEqual(client.logs.filter((l) => /unhandled/i.test(l)), []);
    console.log(`# server: open document answered after ${openMs} ms; scan of ${scan.files} files in ${(scan.ms / 1000).toFixed(1)} s; peak RSS ${Math.round(peak)} MB`);
  } finally {
    clearInterval(timer);
    await client.stop();
  }
});
