// Hostile workspaces through the real command line: a 50 MB manifest and a 10 MB single-line
// base64 value (skipped over the size limit with an info notice; the limit is configurable), and
// symbolic links that leave the folder being analysed (to / and to a sibling folder) or loop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, hasStackTrace, tempDir, type JsonOutput } from './run.js';

const TIMEOUT = { timeout: 120_000 };

function check(args: string[], cwd: string): { status: number | null; output: JsonOutput; ms: number } {
  const started = Date.now();
  const r = cli(['check', '--format', 'json', '--fail-on', 'none', ...args], cwd);
  assert.ok(!hasStackTrace(r.stderr + r.stdout), r.stderr);
  return { status: r.status, output: JSON.parse(r.stdout) as JsonOutput, ms: Date.now() - started };
}

const KUBEADM = 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: v1.32.4\n';

test('a 50 MB manifest and a 10 MB single-line base64 value are skipped with an info notice; the limit is configurable', TIMEOUT, () => {
  const { dir, cleanup } = tempDir();
  try {
    const doc = `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: c\nspec:\n  secretName: c\n  privateKey:\n    algorithm: RSA\n  issuerRef:\n    name: ca\n`;
    const big = `${doc}---\n`.repeat(Math.ceil((50 * 1024 * 1024) / (doc.length + 4)));
    writeFileSync(join(dir, 'huge.yaml'), big);
    const value = Buffer.alloc(7.5 * 1024 * 1024, 0x5a).toString('base64');
    writeFileSync(join(dir, 'base64.yaml'), `apiVersion: v1\nkind: Secret\nmetadata:\n  name: big\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${value}\n---\n${KUBEADM}`);
    writeFileSync(join(dir, 'small.yaml'), KUBEADM);

    const first = check(['.'], dir);
    assert.equal(first.status, 0);
    for (const [file, size] of [['huge.yaml', /50 MiB|5\d{4} KiB/], ['base64.yaml', /10 MiB|10\d{3} KiB/]] as const) {
      const notice = first.output.notices.find((n) => n.file === file);
      assert.ok(notice, `notice for ${file}: ${JSON.stringify(first.output.notices)}`);
      assert.equal(notice.severity, 'info');
      assert.match(notice.message, /over the size limit of 1024 KiB/);
      assert.match(notice.message, size);
    }
    assert.deepEqual([...new Set(first.output.findings.map((f) => f.file))], ['small.yaml'], 'the other files are analysed');

    // --max-file-size, then maxFileSizeKb in .pqc-lens.yaml, let the 10 MB file through.
    const lifted = check(['--max-file-size', '16384', 'base64.yaml'], dir);
    assert.ok(lifted.output.findings.some((f) => f.file === 'base64.yaml' && f.ruleId === 'certificate/invalid'), JSON.stringify(lifted.output));
    assert.ok(lifted.output.findings.some((f) => f.file === 'base64.yaml' && f.ruleId === 'kubernetes/no-pq-key-exchange'));
    writeFileSync(join(dir, '.pqc-lens.yaml'), 'maxFileSizeKb: 16384\nexclude: [huge.yaml]\n');
    const configured = check(['.'], dir);
    assert.ok(configured.output.findings.some((f) => f.file === 'base64.yaml'));
    assert.ok(!configured.output.notices.some((n) => n.file === 'base64.yaml'));
    console.log(`# 50 MB skipped in ${first.ms} ms (whole run); 10 MB base64 analysed in ${lifted.ms} ms`);
  } finally {
    cleanup();
  }
});

test('symbolic links out of the analysed folder (to / and to a sibling) are not followed; loops are reported', TIMEOUT, () => {
  const { dir, cleanup } = tempDir();
  try {
    const ws = join(dir, 'repo');
    mkdirSync(join(ws, 'deploy', 'nested'), { recursive: true });
    mkdirSync(join(dir, 'outside'));
    writeFileSync(join(dir, 'outside', 'kubeadm.yaml'), KUBEADM);
    writeFileSync(join(dir, 'outside', 'kubeconfig'), `apiVersion: v1\nkind: Config\n${KUBEADM}`);
    writeFileSync(join(ws, 'deploy', 'cluster.yaml'), KUBEADM);
    symlinkSync('/', join(ws, 'root'), 'dir');
    symlinkSync(join(dir, 'outside'), join(ws, 'sibling'), 'dir');
    symlinkSync(join(dir, 'outside', 'kubeconfig'), join(ws, 'kubeconfig'));
    symlinkSync('../..', join(ws, 'deploy', 'nested', 'up'), 'dir');
    symlinkSync(join(ws, 'deploy'), join(ws, 'deploy-link'), 'dir');

    // Run from the repository, as in CI: the workspace root is the repository.
    const { output, ms } = check(['.'], ws);
    const notice = (file: string, pattern: RegExp): void => {
      assert.ok(output.notices.some((n) => n.file === file && pattern.test(n.message)), `${file} ~ ${pattern}: ${JSON.stringify(output.notices)}`);
    };
    notice('root', /symbolic link to \/, outside the folder being analysed/);
    notice('sibling', /outside the folder being analysed/);
    notice('kubeconfig', /outside the folder being analysed/);
    notice('deploy/nested/up', /symbolic link loop/);
    assert.deepEqual([...new Set(output.findings.map((f) => f.file))], ['deploy/cluster.yaml'], 'only the repository is read; a link inside it is not analysed twice');
    assert.ok(ms < 60_000, `${ms} ms`);

    // Naming the outside folder explicitly still works: the limit is what the user pointed at.
    const named = check(['.', '../outside'], ws);
    assert.ok(named.output.findings.some((f) => f.file === '../outside/kubeadm.yaml'), JSON.stringify(named.output.findings.map((f) => f.file)));
  } finally {
    cleanup();
  }
});
