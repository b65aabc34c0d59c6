// `pqc-lens inventory` as a user runs it: formats, summary, exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { cli, copyToTemp, examplesDir, hasStackTrace } from './run.js';
import { fixturesDir, repoRoot } from '../helpers.js';

const FIXTURE = join(fixturesDir, 'inventory', 'kubeadm-cluster');

function withFixture<T>(fn: (dir: string) => T): T {
  const { dir, cleanup } = copyToTemp(FIXTURE, 'cluster');
  try {
    return fn(dir);
  } finally {
    cleanup();
  }
}

test('inventory --format json: the issue\'s shape, paths relative to the current folder', () => withFixture((dir) => {
  const r = cli(['inventory', '--format', 'json', 'cluster'], dir);
  assert.equal(r.status, 0, r.stderr);
  const output = JSON.parse(r.stdout) as { assets: Record<string, unknown>[]; summary: { readiness: number; nextPhase: { phase: number } } };
  assert.equal(output.assets.length, 24);
  const first = output.assets[0];
  assert.deepEqual(Object.keys(first).slice(0, 10), ['file', 'line', 'kind', 'role', 'roleReason', 'algorithm', 'pqcClass', 'hndlRisk', 'phase', 'notAfter']);
  const roles = new Set(['cluster-ca', 'apiserver-serving', 'apiserver-kubelet-client', 'kubelet-server', 'etcd-ca', 'etcd-peer', 'etcd-client', 'front-proxy-ca', 'service-account-key', 'ingress-tls', 'webhook-tls', 'istio-root-ca', 'istio-workload', 'spire-svid', 'cert-manager-ca-issuer', 'other']);
  for (const asset of output.assets) {
    assert.ok(roles.has(asset.role as string), String(asset.role));
    assert.ok(['critical', 'high', 'medium', 'low'].includes(asset.hndlRisk as string));
    assert.ok(Number.isInteger(asset.phase));
    assert.ok(String(asset.file).startsWith('cluster/'), String(asset.file));
  }
  const peer = output.assets.find((a) => a.file === 'cluster/etc/kubernetes/pki/etcd/peer.crt')!;
  assert.deepEqual([peer.line, peer.kind, peer.role, peer.pqcClass, peer.hndlRisk, peer.phase, peer.notAfter], [1, 'certificate', 'etcd-peer', 'classical', 'critical', 2, '2027-01-15T08:00:00Z']);
  assert.ok(output.summary.readiness > 0.16 && output.summary.readiness < 0.17);
  assert.equal(output.summary.nextPhase.phase, 2);
}));

test('inventory (table): sorted by phase and risk, with the summary and the next phase', () => withFixture((dir) => {
  const r = cli(['inventory', 'cluster'], dir);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.match(lines[0], /^PHASE\s+RISK\s+ROLE\s+KIND\s+CLASS\s+ALGORITHM\s+NOT AFTER\s+LOCATION$/);
  assert.match(lines[1], /^2\s+critical\s+etcd-client\s+cert\s+classical\s+RSA 2048 \/ sha256WithRSAEncryption\s+2027-01-15\s+cluster\/etc\/kubernetes\/pki\/apiserver-etcd-client\.crt:1$/);
  const phases = lines.slice(1, 25).map((l) => Number(l.split(/\s+/)[0]));
  assert.deepEqual(phases, [...phases].sort((a, b) => a - b));
  assert.match(r.stdout, /^24 assets, readiness 17% \(4 post-quantum or hybrid\)$/m);
  assert.match(r.stdout, /by phase: Phase 2 4\/13 ready \(31%\) · Phase 3 0\/8 ready \(0%\) · Phase 4 0\/3 ready \(0%\)/);
  assert.match(r.stdout, /by risk:\s+critical 4 · high 10 · medium 9 · low 1/);
  assert.match(r.stdout, /^Next phase to work on: Phase 2 \(9 not yet post-quantum or hybrid: etcd-client, etcd-peer, ingress-tls, istio-workload, spire-svid\)$/m);
}));

test('inventory --format csv: header, one row per asset, quoting', () => withFixture((dir) => {
  const r = cli(['inventory', '--format=csv', 'cluster'], dir);
  assert.equal(r.status, 0, r.stderr);
  const rows = r.stdout.split('\r\n').filter((l) => l.length > 0);
  assert.equal(rows[0], 'file,line,kind,role,roleReason,algorithm,pqcClass,hndlRisk,phase,notAfter,name,issuer,findings');
  assert.equal(rows.length, 25);
  const nginx = rows.find((l) => l.startsWith('cluster/manifests/ingress-nginx/'))!;
  assert.match(nginx, /^cluster\/manifests\/ingress-nginx\/controller-configmap\.yaml,10,key-exchange,ingress-tls,ssl-ecdh-curve in ConfigMap [^,]*,X25519MLKEM768:X25519:prime256v1,hybrid,medium,2,,/);
  // A field with commas is quoted (RFC 4180).
  const svid = rows.find((l) => l.startsWith('cluster/spire/svids/frontend-svid.pem'))!;
  assert.ok(svid.includes(',"C=US,O=SPIFFE,CN=example.org upstream CA",certificate/classical-signature'), svid);
}));

test('inventory --format cbom: CycloneDX 1.6 with a fresh serial number each run', () => withFixture((dir) => {
  const a = cli(['inventory', '--format', 'cbom', 'cluster'], dir);
  const b = cli(['inventory', '--format', 'cbom', 'cluster'], dir);
  assert.equal(a.status, 0, a.stderr);
  const bomA = JSON.parse(a.stdout) as { bomFormat: string; specVersion: string; serialNumber: string; metadata: { component: { name: string } }; components: unknown[] };
  const bomB = JSON.parse(b.stdout) as typeof bomA;
  assert.equal(bomA.bomFormat, 'CycloneDX');
  assert.equal(bomA.specVersion, '1.6');
  assert.match(bomA.serialNumber, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.notEqual(bomA.serialNumber, bomB.serialNumber);
  assert.equal(bomA.metadata.component.name, 'cluster');
  assert.equal(bomA.components.length, bomB.components.length);
}));

test('inventory on examples/ and on a folder without crypto; --help; usage errors', () => {
  const { dir, cleanup } = copyToTemp(examplesDir, 'examples');
  try {
    const r = cli(['inventory', '--format', 'json', 'examples'], dir);
    assert.equal(r.status, 0, r.stderr);
    const output = JSON.parse(r.stdout) as { assets: { file: string; role: string }[] };
    assert.equal(output.assets.find((a) => a.file === 'examples/pki/hybrid-ca.crt')?.role, 'cluster-ca');
  } finally {
    cleanup();
  }
  const { dir: emptyDir, cleanup: done } = copyToTemp(join(fixturesDir, 'cli', 'clean'), 'clean');
  try {
    const r = cli(['inventory', 'clean'], emptyDir);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'No certificates, keys, issuers or key-exchange settings found.\n');
  } finally {
    done();
  }
  const help = cli(['inventory', '--help'], repoRoot);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--format table\|json\|csv\|cbom/);
  const missing = cli(['inventory', 'no-such-folder'], repoRoot);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no-such-folder: no such file or folder/);
  assert.ok(!hasStackTrace(missing.stderr));
  const top = cli(['--help'], repoRoot);
  assert.match(top.stdout, /inventory \[paths\.\.\.\]/);
});

test('scripts/gen-inventory-fixtures.mjs is deterministic: it regenerates the committed fixture byte for byte', () => {
  const out = mkdtempSync(join(tmpdir(), 'pqc-lens-inventory-'));
  try {
    const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'gen-inventory-fixtures.mjs'), '--out', out], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    const list = (root: string): string[] => {
      const files: string[] = [];
      const walk = (d: string): void => {
        for (const name of readdirSync(d).sort()) {
          const full = join(d, name);
          if (statSync(full).isDirectory()) walk(full);
          else files.push(relative(root, full).split(sep).join('/'));
        }
      };
      walk(root);
      return files;
    };
    assert.deepEqual(list(out), list(FIXTURE));
    for (const file of list(FIXTURE)) assert.ok(readFileSync(join(out, file)).equals(readFileSync(join(FIXTURE, file))), file);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
