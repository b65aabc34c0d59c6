// The inventory model on the generated kubeadm + Istio + cert-manager + SPIRE cluster and on
// examples/: each certificate gets the role, HNDL risk and phase of the guide's landscape table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildInventory } from '../../server/src/core/inventory/build.js';
import type { InventoryAsset } from '../../server/src/core/inventory/model.js';
import { summarize } from '../../server/src/core/inventory/summary.js';
import { defaultKnowledge, engineFor, engineForDir, TEST_NOW } from '../harness.js';
import { fixturesDir, repoRoot } from '../helpers.js';

const FIXTURE = join(fixturesDir, 'inventory', 'kubeadm-cluster');

/**
 * The guide's table "Mapping the Kubernetes Certificate Landscape" (seeds/000), typed in here from
 * the guide itself so that a wrong knowledge table fails this test.
 */
const GUIDE_TABLE: Record<string, { risk: string; phase: number; algorithm: string }> = {
  'cluster-ca': { risk: 'critical', phase: 3, algorithm: 'RSA 2048' },
  'apiserver-serving': { risk: 'high', phase: 3, algorithm: 'RSA 2048' },
  'apiserver-kubelet-client': { risk: 'high', phase: 3, algorithm: 'RSA 2048' },
  'kubelet-server': { risk: 'high', phase: 3, algorithm: 'ECDSA P-256' },
  'etcd-ca': { risk: 'critical', phase: 3, algorithm: 'RSA 2048' },
  'etcd-peer': { risk: 'critical', phase: 2, algorithm: 'RSA 2048' },
  'etcd-client': { risk: 'critical', phase: 2, algorithm: 'RSA 2048' },
  'front-proxy-ca': { risk: 'medium', phase: 4, algorithm: 'RSA 2048' },
  'service-account-key': { risk: 'medium', phase: 4, algorithm: 'RSA 2048' },
  'ingress-tls': { risk: 'medium', phase: 2, algorithm: 'ECDSA P-256' },
  'webhook-tls': { risk: 'low', phase: 4, algorithm: 'ECDSA P-256' },
  'istio-root-ca': { risk: 'high', phase: 3, algorithm: 'ECDSA P-256' },
  'istio-workload': { risk: 'high', phase: 2, algorithm: 'ECDSA P-256' },
  'spire-svid': { risk: 'high', phase: 2, algorithm: 'ECDSA P-256' },
  'cert-manager-ca-issuer': { risk: 'medium', phase: 3, algorithm: 'ECDSA P-256' },
};

/** Which fixture file holds which row (one per row), and the extra SPIRE CA the SVID chains to. */
const FIXTURE_ROLES: Record<string, string> = {
  'etc/kubernetes/pki/ca.crt': 'cluster-ca',
  'etc/kubernetes/pki/apiserver.crt': 'apiserver-serving',
  'etc/kubernetes/pki/apiserver-kubelet-client.crt': 'apiserver-kubelet-client',
  'var/lib/kubelet/pki/kubelet.crt': 'kubelet-server',
  'etc/kubernetes/pki/etcd/ca.crt': 'etcd-ca',
  'etc/kubernetes/pki/etcd/peer.crt': 'etcd-peer',
  'etc/kubernetes/pki/apiserver-etcd-client.crt': 'etcd-client',
  'etc/kubernetes/pki/front-proxy-ca.crt': 'front-proxy-ca',
  'etc/kubernetes/pki/sa.pub': 'service-account-key',
  'manifests/ingress/shop.yaml': 'ingress-tls',
  'manifests/webhook/pqc-admission.yaml': 'webhook-tls',
  'manifests/istio/cacerts.yaml': 'istio-root-ca',
  'captures/istio/productpage-cert-chain.pem': 'istio-workload',
  'spire/svids/frontend-svid.pem': 'spire-svid',
  'manifests/cert-manager/internal-ca-secret.yaml': 'cert-manager-ca-issuer',
  'spire/upstream_ca.crt': 'spire-svid',
};

async function fixtureInventory() {
  const engine = await engineForDir(FIXTURE);
  return buildInventory(engine, defaultKnowledge(), { now: TEST_NOW });
}

const keyMaterial = (a: InventoryAsset): boolean => a.kind === 'certificate' || a.kind === 'public-key';

test('kubeadm fixture: every certificate and key gets the role, HNDL risk and phase of the guide\'s table', async () => {
  const inventory = await fixtureInventory();
  const material = inventory.assets.filter(keyMaterial);
  assert.deepEqual(Object.fromEntries(material.map((a) => [a.file, a.role])), FIXTURE_ROLES);
  for (const asset of material) {
    const row = GUIDE_TABLE[asset.role];
    assert.ok(row, `${asset.file}: role ${asset.role} is a row of the table`);
    assert.equal(asset.hndlRisk, row.risk, `${asset.file} (${asset.role}) HNDL risk`);
    assert.equal(asset.phase, row.phase, `${asset.file} (${asset.role}) phase`);
    assert.ok(asset.algorithm.startsWith(row.algorithm), `${asset.file}: ${asset.algorithm} is the table's default ${row.algorithm}`);
    assert.equal(asset.pqcClass, 'classical', asset.file);
    assert.ok(asset.roleReason.length > 10, `${asset.file} has a reason`);
    assert.equal(asset.roleSource.status, 'guide');
  }
  // Every row of the table is present.
  assert.deepEqual([...new Set(material.map((a) => a.role))].sort(), Object.keys(GUIDE_TABLE).sort());
});

test('kubeadm fixture: reasons name what gave the role away', async () => {
  const inventory = await fixtureInventory();
  const reason = (file: string): string => inventory.assets.find((a) => a.file === file && keyMaterial(a))!.roleReason;
  assert.match(reason('etc/kubernetes/pki/apiserver-etcd-client.crt'), /apiserver-etcd-client\.crt in the kubeadm pki folder/);
  assert.match(reason('manifests/istio/cacerts.yaml'), /Secret istio-system\/cacerts/);
  assert.match(reason('manifests/webhook/pqc-admission.yaml'), /caBundle of ValidatingWebhookConfiguration pqc-admission/);
  assert.match(reason('manifests/ingress/shop.yaml'), /TLS secret of Ingress shop\/shop/);
  assert.match(reason('manifests/cert-manager/internal-ca-secret.yaml'), /CA key pair of ClusterIssuer internal-ca/);
  assert.match(reason('captures/istio/productpage-cert-chain.pem'), /spiffe:\/\/cluster\.local\/ns\/bookinfo.*Istio CA/);
  assert.match(reason('spire/svids/frontend-svid.pem'), /trust domain example\.org/);
  assert.match(reason('spire/upstream_ca.crt'), /UpstreamAuthority "disk"/);
});

test('kubeadm fixture: issuer links follow the signatures', async () => {
  const inventory = await fixtureInventory();
  const byFile = (file: string) => inventory.assets.find((a) => a.file === file && a.kind === 'certificate')!;
  const ca = byFile('etc/kubernetes/pki/ca.crt');
  assert.equal(ca.selfSigned, true);
  assert.equal(ca.issuerId, undefined);
  for (const leaf of ['etc/kubernetes/pki/apiserver.crt', 'etc/kubernetes/pki/apiserver-kubelet-client.crt', 'var/lib/kubelet/pki/kubelet.crt', 'manifests/cert-manager/internal-ca-secret.yaml']) {
    assert.equal(byFile(leaf).issuerId, ca.id, leaf);
  }
  assert.equal(byFile('etc/kubernetes/pki/etcd/peer.crt').issuerId, byFile('etc/kubernetes/pki/etcd/ca.crt').id);
  assert.equal(byFile('captures/istio/productpage-cert-chain.pem').issuerId, byFile('manifests/istio/cacerts.yaml').id);
  assert.equal(byFile('spire/svids/frontend-svid.pem').issuerId, byFile('spire/upstream_ca.crt').id);
  // The ACME CA is outside the cluster: a name, no link.
  const shop = byFile('manifests/ingress/shop.yaml');
  assert.equal(shop.issuerId, undefined);
  assert.match(shop.issuer ?? '', /Fixture ACME Intermediate/);
});

test('kubeadm fixture: the same certificate three times in istio-system/cacerts is one asset with three places', async () => {
  const inventory = await fixtureInventory();
  const cacerts = inventory.assets.filter((a) => a.file === 'manifests/istio/cacerts.yaml');
  assert.equal(cacerts.length, 1);
  assert.deepEqual([cacerts[0].path, ...cacerts[0].alsoAt.map((l) => l.path)], ['data.ca-cert.pem', 'data.root-cert.pem', 'data.cert-chain.pem']);
});

test('kubeadm fixture: issuer configurations and key-exchange settings', async () => {
  const inventory = await fixtureInventory();
  const others = inventory.assets.filter((a) => !keyMaterial(a)).map((a) => `${a.kind} ${a.file}:${a.range.start.line + 1} ${a.role} ${a.pqcClass} P${a.phase}`);
  assert.deepEqual(others.sort(), [
    'issuer manifests/cert-manager/cluster-issuers.yaml:12 ingress-tls classical P2',
    'issuer manifests/cert-manager/cluster-issuers.yaml:4 cert-manager-ca-issuer classical P3',
    'issuer spire/server.conf:6 spire-svid classical P2',
    'key-exchange etc/kubernetes/kubeadm-config.yaml:5 apiserver-serving hybrid P2',
    'key-exchange etc/ssl/openssl.cnf:19 other hybrid P2',
    'key-exchange manifests/ingress-nginx/controller-configmap.yaml:10 ingress-tls hybrid P2',
    'key-exchange manifests/istio/istio-operator.yaml:10 ingress-tls classical P2',
    'key-exchange spire/server.conf:9 spire-svid hybrid P2',
  ]);
  const caIssuer = inventory.assets.find((a) => a.kind === 'issuer' && a.name === 'ClusterIssuer internal-ca')!;
  assert.equal(caIssuer.algorithm, 'CA key ECDSA P-256');
  assert.match(caIssuer.classReason ?? '', /RSA, ECDSA, Ed25519 keys only/);
  const k8s = inventory.assets.find((a) => a.kind === 'key-exchange' && a.file.endsWith('kubeadm-config.yaml'))!;
  assert.match(k8s.algorithm, /Go 1\.24 default groups: X25519MLKEM768/);
  assert.match(k8s.phaseReason, /Phase 2 "Enable PQC key exchange"/);
});

test('kubeadm fixture: findings are attached to the asset they are about', async () => {
  const inventory = await fixtureInventory();
  const shop = inventory.assets.find((a) => a.file === 'manifests/ingress/shop.yaml' && a.kind === 'certificate')!;
  assert.deepEqual(shop.findings.map((f) => f.ruleId).sort(), ['certificate/classical-signature', 'certificate/expired']);
  const istio = inventory.assets.find((a) => a.file === 'manifests/istio/istio-operator.yaml')!;
  assert.deepEqual(istio.findings.map((f) => f.ruleId), ['istio/classical-ecdh-curves']);
  // cacerts: the rule reports each of the three places; the asset keeps its own place's finding and
  // does not repeat the same rule for the further places.
  const cacerts = inventory.assets.find((a) => a.file === 'manifests/istio/cacerts.yaml')!;
  assert.deepEqual(cacerts.findings.map((f) => [f.ruleId, f.range.start.line + 1]), [['certificate/classical-signature', 10]]);
  // The Ingress rule reports on the Ingress, which is not an asset: not attached to the Secret's certificate.
  assert.ok(!shop.findings.some((f) => f.ruleId === 'ingress/classical-only-tls'));
});

test('kubeadm fixture: readiness overall and per phase, next phase to work on', async () => {
  const { summary } = await fixtureInventory();
  assert.equal(summary.total, 24);
  assert.equal(summary.ready, 4);
  assert.equal(summary.readiness, 4 / 24);
  assert.deepEqual(summary.phases.map((p) => [p.phase, p.ready, p.total]), [[2, 4, 13], [3, 0, 8], [4, 0, 3]]);
  assert.deepEqual(summary.byRisk, { critical: 4, high: 10, medium: 9, low: 1 });
  assert.deepEqual(summary.nextPhase, { phase: 2, notReady: 9, roles: ['etcd-client', 'etcd-peer', 'ingress-tls', 'istio-workload', 'spire-svid'] });
  assert.equal(summary.expired, 1); // shop.example.com, a 90-day ACME certificate
});

test('examples/: roles, risk and phase of every certificate and key', async () => {
  const engine = await engineForDir(join(repoRoot, 'examples'));
  const inventory = buildInventory(engine, defaultKnowledge(), { now: TEST_NOW });
  const rows = inventory.assets.filter(keyMaterial).map((a) => `${a.file}:${a.range.start.line + 1} ${a.role} ${a.hndlRisk} P${a.phase} ${a.pqcClass}`);
  assert.deepEqual(rows.sort(), [
    'istio/cacerts.yaml:18 istio-root-ca high P3 classical',
    'istio/cacerts.yaml:20 istio-root-ca high P3 classical',
    'pki/apiserver.crt:1 apiserver-serving high P3 classical',
    'pki/ca.crt:1 cluster-ca critical P3 classical',
    'pki/etcd/ca.crt:1 etcd-ca critical P3 classical',
    'pki/hybrid-ca.crt:1 cluster-ca critical P3 hybrid',
    'pki/sa.pub:1 service-account-key medium P4 classical',
    'spire/upstream_ca.crt:1 spire-svid high P2 classical',
    'step/certs/intermediate_ca.crt:1 cert-manager-ca-issuer medium P3 classical',
    'step/certs/root_ca.crt:1 cert-manager-ca-issuer medium P3 classical',
    'step/step-issuer.yaml:9 cert-manager-ca-issuer medium P3 classical',
    'step/step-issuer.yaml:27 cert-manager-ca-issuer medium P3 classical',
  ].sort());
  for (const asset of inventory.assets.filter(keyMaterial)) {
    const row = GUIDE_TABLE[asset.role];
    assert.equal(asset.hndlRisk, row.risk, asset.file);
    assert.equal(asset.phase, row.phase, asset.file);
  }
  // The composite ML-DSA-65 + ECDSA P-256 CA counts as hybrid; the guide-only ML-DSA-65 of ca.json does not.
  const stepCa = inventory.assets.find((a) => a.file === 'step/ca.json')!;
  assert.equal(stepCa.pqcClass, 'classical');
  assert.match(stepCa.classReason ?? '', /ML-DSA-65.*described in the migration guide only/);
  const k8s = inventory.assets.find((a) => a.file === 'kubeadm/cluster-configuration.yaml')!;
  assert.equal(k8s.pqcClass, 'legacy-pq'); // v1.32: Go 1.23 offers only the draft X25519Kyber768Draft00
  const requests = inventory.assets.filter((a) => a.kind === 'certificate-request').map((a) => `${a.name} ${a.role}`);
  assert.deepEqual(requests, [
    'Certificate cert-manager/internal-root-ca cert-manager-ca-issuer',
    'Certificate platform-system/admission-webhook-tls webhook-tls',
    'Certificate default/classical-tls ingress-tls',
    'Certificate production/my-service-hybrid-tls other',
  ]);
  assert.ok(inventory.summary.readiness > 0 && inventory.summary.readiness < 0.2, String(inventory.summary.readiness));
});

test('role inference from content and context: Linkerd, kubeconfig, webhooks, SPIFFE IDs, unknown certificates', async () => {
  const { readFileSync } = await import('node:fs');
  const cert = (name: string): string => readFileSync(join(fixturesDir, 'certs', name), 'utf8');
  const b64 = (text: string): string => Buffer.from(text).toString('base64');
  const engine = await engineFor({
    'mesh/trust-anchors.yaml': cert('trust-anchors.yaml'),
    'kube/admin.kubeconfig.yaml': cert('kubeconfig.yaml'),
    'apps/webhook-tls.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: policy-webhook-tls\n  namespace: policy\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${b64(cert('ecdsa-p256-leaf.pem'))}\n`,
    'random/leaf.pem': cert('rsa2048-leaf.pem'),
    'random/service-account.pub': '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n',
    'random/other.pub': '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n',
  });
  const inventory = buildInventory(engine, defaultKnowledge(), { now: TEST_NOW });
  const roles = inventory.assets.map((a) => `${a.file} ${a.path ?? ''} ${a.role}`.replace(/\s+/g, ' '));
  assert.ok(roles.includes('mesh/trust-anchors.yaml data.ca-bundle.crt istio-root-ca'), roles.join('\n'));
  assert.ok(roles.includes('apps/webhook-tls.yaml data.tls.crt webhook-tls'), roles.join('\n'));
  assert.ok(roles.includes('random/leaf.pem other'), roles.join('\n'));
  assert.ok(roles.includes('random/service-account.pub service-account-key'), roles.join('\n'));
  assert.ok(roles.includes('random/other.pub other'), roles.join('\n'));
  const ed25519 = inventory.assets.find((a) => a.file === 'random/other.pub')!;
  assert.equal(ed25519.algorithm, 'Ed25519');
  // The kubeconfig's client key is never an asset; its certificates are.
  assert.ok(!inventory.assets.some((a) => a.path?.includes('client-key-data')));
  assert.equal(inventory.assets.filter((a) => a.file === 'kube/admin.kubeconfig.yaml').length, 2);
});

test('an Istio workload certificate is told from a SPIRE SVID by trust domain and issuer', async () => {
  const engine = await engineForDir(FIXTURE);
  engine.removeFile('spire/server.conf');
  const inventory = buildInventory(engine, defaultKnowledge(), { now: TEST_NOW });
  // Without the SPIRE server no trust domain is known; the SVID's issuer (O=SPIFFE) still says SPIRE,
  // although spiffe://example.org/ns/shop/sa/frontend has Istio's ns/…/sa/… form.
  const svid = inventory.assets.find((a) => a.file === 'spire/svids/frontend-svid.pem')!;
  assert.equal(svid.role, 'spire-svid');
  assert.match(svid.roleReason, /issued by a SPIRE CA/);
  assert.equal(inventory.assets.find((a) => a.file === 'spire/upstream_ca.crt')!.role, 'spire-svid');
  assert.equal(inventory.assets.find((a) => a.file === 'captures/istio/productpage-cert-chain.pem')!.role, 'istio-workload');
});

test('private keys never become assets and are never decoded', async () => {
  const engine = await engineFor({
    'pki/ca.key': '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIDz1F3kBk3eYpIbyR0n0VsaS6B0DDKBd2xkRskK1JmCG\n-----END PRIVATE KEY-----\n',
    'secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\ndata:\n  tls.key: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1DNENBUUF3QlFZREsyVndCQ0lFSUR6MUYza0JrM2VZcElieVIwbjBWc2FTNkIwRERLQmQyeGtSc2tLMUptQ0cKLS0tLS1FTkQgUFJJVkFURSBLRVktLS0tLQo=\n',
  });
  const inventory = buildInventory(engine, defaultKnowledge(), { now: TEST_NOW });
  assert.deepEqual(inventory.assets, []);
  assert.equal(inventory.summary.readiness, 0);
  assert.equal(inventory.summary.nextPhase, null);
});

test('never throws on hostile or broken input', async () => {
  const engine = await engineFor({
    'broken.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: [\n',
    'bad.crt': '-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n',
    'bad.pub': '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n',
    'ca.json': '{"authority": {}, "root": 7, "crt": [], "crv": {}}',
    'binary.der': new Uint8Array([0x30, 0x82, 0x00, 0x01, 0xff]),
  });
  const inventory = buildInventory(engine, defaultKnowledge(), { now: TEST_NOW });
  const unknown = inventory.assets.filter((a) => a.pqcClass === 'unknown').map((a) => a.file).sort();
  assert.deepEqual(unknown, ['bad.crt', 'bad.pub', 'binary.der', 'ca.json']);
  // A user's knowledge table without the roles section still yields an inventory (everything "other").
  const { roles: _roles, ...withoutRoles } = defaultKnowledge();
  const fallback = buildInventory(engine, { ...withoutRoles, roles: [] }, { now: TEST_NOW });
  assert.ok(fallback.assets.length > 0);
  assert.ok(fallback.assets.every((a) => a.hndlRisk === 'medium' && a.phase === (a.kind === 'key-exchange' ? 2 : 4) && a.roleSource.status === 'proposed'));
});

test('summary: readiness counts PQ and hybrid only; phases ascending; next phase is the lowest with work left', () => {
  const asset = (phase: number, pqcClass: InventoryAsset['pqcClass'], notAfter?: string) => ({ phase, pqcClass, hndlRisk: 'high', kind: 'certificate', role: 'other', notAfter }) as unknown as InventoryAsset;
  const summary = summarize([asset(3, 'pq'), asset(2, 'hybrid'), asset(3, 'classical', '2026-05-01T00:00:00Z'), asset(4, 'legacy-pq', '2026-06-10T00:00:00Z'), asset(4, 'unknown')], { now: TEST_NOW, expiringDays: 30 });
  assert.equal(summary.readiness, 2 / 5);
  assert.deepEqual(summary.phases.map((p) => [p.phase, p.ready, p.total, p.readiness]), [[2, 1, 1, 1], [3, 1, 2, 0.5], [4, 0, 2, 0]]);
  assert.equal(summary.nextPhase?.phase, 3);
  assert.equal(summary.expired, 1);
  assert.equal(summary.expiring, 1);
  assert.equal(summarize([], { now: TEST_NOW, expiringDays: 30 }).readiness, 0);
});

test('CSV cells: quoted when needed; formulas a spreadsheet would run are defused', async () => {
  const { csvCell } = await import('../../server/src/core/inventory/export.js');
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell('C=US,O=SPIFFE'), '"C=US,O=SPIFFE"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
  assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvCell('line\nbreak'), '"line\nbreak"');
});

test('knowledge table roles: one entry per role id; the 15 rows of the guide cite it, "other" says it is not from it', async () => {
  const { ROLE_IDS } = await import('../../server/src/core/inventory/model.js');
  const roles = defaultKnowledge().roles;
  assert.deepEqual(roles.map((r) => r.id).sort(), [...ROLE_IDS].sort());
  for (const role of roles.filter((r) => r.id !== 'other')) {
    assert.equal(role.status, 'guide', role.id);
    assert.match(role.source, /seeds\/000_913be8e6bf26f545\.txt/, role.id);
    assert.deepEqual([role.hndlRisk, role.phase], [GUIDE_TABLE[role.id].risk, GUIDE_TABLE[role.id].phase], role.id);
  }
  const other = roles.find((r) => r.id === 'other')!;
  assert.notEqual(other.status, 'guide');
  assert.match(other.note ?? '', /Not from the guide/);
});
