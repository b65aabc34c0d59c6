// Keeps the benchmark scripts (bench/) working: the generators are deterministic and produce what
// they promise, and `npm run bench -- --json` runs end to end on tiny workloads. Nothing here is
// timed: speed is the benchmark's business, not the test suite's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { applyEdit, generateW1, generateW2, generateW3 } from '../../bench/generate.js';
import { floor } from '../../bench/floor.js';
import { KEY_CLASSES } from '../../bench/certs.js';
import { decodeCertificate } from '../../server/src/core/x509/decode.js';
import { verifyCertificate } from '../../server/src/core/x509/verify.js';
import { defaultKnowledge } from '../harness.js';
import { repoRoot } from '../helpers.js';

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(dir, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

test('W1: the same seed gives the same manifest and edit script; the edits apply in order', () => {
  const options = { documents: 24, lines: 400, certificates: 8, edits: 30 };
  const a = generateW1({ seed: 's1', ...options });
  const b = generateW1({ seed: 's1', ...options });
  const c = generateW1({ seed: 's2', ...options });
  assert.equal(a.text, b.text);
  assert.deepEqual(a.edits, b.edits);
  assert.notEqual(a.text, c.text);
  assert.equal(a.documents, 24);
  assert.equal(a.lines, 400);
  assert.equal(a.certificates, 8);
  assert.equal(a.text.match(/^ {2}(tls|ca)\.crt: /gm)?.length, 8, 'one certificate per Secret');
  assert.deepEqual(new Set(a.edits.map((e) => e.kind)), new Set(['type', 'delete-line', 'paste-document']));
  let text = a.text;
  for (const edit of a.edits) text = applyEdit(text, edit);
  assert.equal(text, a.finalText);
});

test('W2: the same seed writes the same repository, with every kind of file', () => {
  const one = mkdtempSync(join(tmpdir(), 'pqc-lens-bench-test-'));
  const two = mkdtempSync(join(tmpdir(), 'pqc-lens-bench-test-'));
  try {
    const summary = generateW2(one, { seed: 't', files: 60, megabytes: 0.4 });
    generateW2(two, { seed: 't', files: 60, megabytes: 0.4 });
    assert.deepEqual(tree(one), tree(two));
    assert.equal(summary.files, 60);
    assert.equal(Object.keys(tree(one)).length, 60);
    for (const kind of ['yaml', 'spire', 'stepca', 'openssl', 'pem'] as const) assert.ok(summary.byKind[kind].files > 0, kind);
    assert.ok(summary.byKind.yaml.files >= 0.75 * 60);
    assert.ok(summary.bytes > 300_000 && summary.bytes < 600_000, `${summary.bytes} bytes`);
  } finally {
    rmSync(one, { recursive: true, force: true });
    rmSync(two, { recursive: true, force: true });
  }
});

test('W2: the floor script reads and parses every file the CLI analyses', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pqc-lens-bench-test-'));
  try {
    const summary = generateW2(dir, { seed: 'f', files: 40, megabytes: 0.2 });
    const result = await floor(dir);
    assert.equal(result.files, summary.files);
    assert.equal(result.bytes, summary.bytes);
    const cli = spawnSync(process.execPath, [join(repoRoot, 'bin', 'pqc-lens.js'), 'check', dir, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(cli.status, 0, cli.stderr);
    const report = JSON.parse(cli.stdout) as { findings: { file: string }[]; notices: { message: string }[] };
    assert.ok(report.findings.length > 0);
    assert.ok(!report.notices.some((n) => /internal error/.test(n.message)), JSON.stringify(report.notices));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('W3: every class, half in chains, and every signature verifies', () => {
  const w3 = generateW3({ seed: 'w3-test', count: 32 });
  assert.deepEqual(generateW3({ seed: 'w3-test', count: 32 }).certificates.map((c) => c.der.toString('hex')), w3.certificates.map((c) => c.der.toString('hex')));
  assert.equal(w3.certificates.length, 32);
  assert.equal(w3.certificates.filter((c) => c.chained).length, 16);
  assert.deepEqual(new Set(w3.certificates.map((c) => c.keyClass)), new Set(KEY_CLASSES));
  const knowledge = defaultKnowledge();
  const decoded = w3.certificates.map((c) => {
    const result = decodeCertificate(c.der, knowledge);
    assert.ok(result.ok, result.ok ? '' : result.error);
    return result.cert;
  });
  const classes = new Set(decoded.map((d) => d.pqcClass));
  assert.ok(classes.has('classical') && classes.has('pq') && classes.has('composite'), [...classes].join());
  w3.certificates.forEach((c, i) => {
    const verdict = verifyCertificate(decoded[i], [decoded[c.issuer]]);
    assert.equal(verdict.verified, true, `${c.keyClass} #${i}: ${verdict.reason}`);
  });
});

test('npm run bench -- --tiny --json prints one JSON object with every figure', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'pqc-lens-bench-test-')), 'results.json');
  try {
    const run = spawnSync(process.execPath, [join(repoRoot, 'out', 'bench', 'run.js'), '--tiny', '--json', '--no-vsix', `--out=${out}`], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 1, 'stdout is one JSON object');
    const results = JSON.parse(lines[0]);
    assert.deepEqual(results, JSON.parse(readFileSync(out, 'utf8')), 'the same object is written to the results file');
    const number = (path: string): number => {
      const value = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], results);
      assert.equal(typeof value, 'number', path);
      assert.ok(Number.isFinite(value as number), path);
      return value as number;
    };
    for (const key of ['w1.p95Ms', 'w1.p50Ms', 'w1.yamlLsP95Ms', 'w2.cliMs', 'w2.floorMs', 'w2.ratio', 'w2.peakRssMb', 'w2.scan.scanMs', 'w3.decodePerSec', 'w3.verifyPerSecNoble', 'w3.cachedVerifyPerSec', 'sizes.serverBytes', 'sizes.extensionBytes', 'sizes.serverStartMs']) number(key);
    assert.equal(results.meta.mode, 'tiny');
    assert.equal(results.w1.detail.edits, 6);
    assert.equal(number('w2.scan.files'), results.w2.files, 'the server scanned every generated file');
    assert.equal(number('w2.scan.publishedFiles'), results.w2.files, 'and published diagnostics for each');
    // Re-analysis under noble never verifies a certificate twice (a behaviour, not a speed).
    assert.equal(results.w3.reanalysis.counted, true);
    assert.ok(number('w3.reanalysis.firstPass.mlDsaVerifies') > 0);
    assert.equal(number('w3.reanalysis.reanalysis.mlDsaVerifies'), 0);
    if (results.w3.node24Skipped === undefined) {
      number('w3.verifyPerSecNative');
      number('w3.nativeRatio');
    }
    assert.equal(results.sizes.vsixSkipped, 'not requested');
    assert.ok(Array.isArray(results.targets) && results.targets.length >= 8);
  } finally {
    rmSync(join(out, '..'), { recursive: true, force: true });
  }
});
