// The parallel check (cli/parallel-check.ts, used for workspaces of 32 MiB or more on two or more
// cores) must print exactly what the check in one thread prints: the same findings, fixes,
// notices and order, in every format, with the same exit code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir, fixturesDir, repoRoot } from '../helpers.js';
import { BIN, examplesDir, tempDir } from './run.js';

function check(cwd: string, threads: number, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, 'check', ...args], { cwd, encoding: 'utf8', timeout: 180_000, env: { ...process.env, PQC_LENS_THREADS: String(threads) } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('the check in 2 or 3 threads prints exactly what the check in one thread prints', () => {
  const temp = tempDir();
  try {
    // Every kind of file, cross-file references (issuers, step-ca roots, Secrets of Ingresses),
    // files that do not parse, a binary file and an empty one.
    cpSync(fixturesDir, join(temp.dir, 'fixtures'), { recursive: true });
    cpSync(examplesDir, join(temp.dir, 'examples'), { recursive: true });
    cpSync(corpusDir, join(temp.dir, 'corpus'), { recursive: true });
    writeFileSync(join(temp.dir, 'broken.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata: [unclosed\n');
    writeFileSync(join(temp.dir, 'binary.pem'), Buffer.from([0, 1, 2, 3, 0xff, 0xfe]));
    writeFileSync(join(temp.dir, 'empty.yaml'), '');
    const outputs = new Map<string, string>();
    for (const format of ['json', 'text']) {
      const single = check(temp.dir, 0, ['--format', format, '--fail-on', 'warning', '.']);
      assert.equal(single.stderr, '');
      assert.ok(single.stdout.length > 10_000, `${format}: a real report`);
      for (const threads of format === 'json' ? [2, 3] : [2]) {
        const parallel = check(temp.dir, threads, ['--format', format, '--fail-on', 'warning', '.']);
        assert.equal(parallel.stderr, '', `${format}, ${threads} threads`);
        assert.equal(parallel.status, single.status, `${format}, ${threads} threads: exit code`);
        assert.equal(parallel.stdout, single.stdout, `${format}, ${threads} threads: output`);
        outputs.set(`${format}${threads}`, parallel.stdout);
      }
    }
    const report = JSON.parse(outputs.get('json2')!) as { findings: { ruleId: string }[]; notices: { message: string }[] };
    assert.ok(report.findings.some((f) => f.ruleId === 'cert-manager/certificate-classical-issuer'), 'cross-file findings are there');
    assert.ok(report.findings.some((f) => f.ruleId === 'syntax-error'), 'the broken file is reported');
    assert.ok(report.notices.length > 0, 'notices are there');
  } finally {
    temp.cleanup();
  }
});

test('when a thread cannot start, the check says so on stderr and gives the one-thread result', () => {
  const temp = tempDir();
  try {
    // A copy of the installed program whose worker entry is missing.
    const install = join(temp.dir, 'install');
    for (const part of ['package.json', 'bin', 'schemas', join('dist', 'cli')]) cpSync(join(repoRoot, part), join(install, part), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules'), join(install, 'node_modules'), 'dir');
    rmSync(join(install, 'dist', 'cli', 'check-worker.js'));
    cpSync(examplesDir, join(temp.dir, 'examples'), { recursive: true });
    const run = (threads: number) => spawnSync(process.execPath, [join(install, 'bin', 'pqc-lens.js'), 'check', '--format', 'json', 'examples'], {
      cwd: temp.dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, PQC_LENS_THREADS: String(threads) },
    });
    const single = run(1);
    const failed = run(2);
    assert.match(failed.stderr, /^pqc-lens: the check in 2 threads failed \(.+\); checking in one thread\n$/);
    assert.doesNotMatch(failed.stderr, /^\s{4}at /m, 'no stack trace');
    assert.equal(failed.status, single.status);
    assert.equal(failed.stdout, single.stdout);
    assert.ok(JSON.parse(failed.stdout).findings.length > 0);
  } finally {
    temp.cleanup();
  }
});
