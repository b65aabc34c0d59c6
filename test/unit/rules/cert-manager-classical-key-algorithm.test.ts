import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../server/src/core/engine.js';
import type { Finding } from '../../../server/src/core/types.js';
import type { Knowledge } from '../../../server/src/core/knowledge.js';
import { defaultKnowledge, engineFor, findingsOf, TEST_NOW } from '../../harness.js';

const ID = 'cert-manager/classical-key-algorithm';
const EXPLANATION =
  'cert-manager offers only RSA, ECDSA and Ed25519 keys (released upstream through v1.21.1) and has no ML-DSA key type yet ' +
  '(MLDSA65 is proposed, not released: cert-manager#8929, WIP PR #8527). ' +
  'The practical step today is a hybrid issuer (step-issuer; hybrid issuance is described in the migration guide, not in a released upstream version) ' +
  'plus ML-KEM key exchange (X25519MLKEM768) on the endpoints that serve this certificate.';

// The guide's Option 2 Certificate, verbatim: no privateKey at all.
const GUIDE_CERTIFICATE = `# Certificate request using the hybrid issuer
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: my-service-hybrid-tls
  namespace: production
spec:
  secretName: my-service-hybrid-tls
  duration: 24h
  renewBefore: 8h
  subject:
    organizations: ["my-org"]
  dnsNames:
  - my-service.production.svc.cluster.local
  issuerRef:
    name: hybrid-pqc-issuer
    kind: StepClusterIssuer
    group: certmanager.step.sm
`;

function certificate(name: string, privateKey: string): string {
  return `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: ${name}\nspec:\n  secretName: ${name}-tls\n${privateKey}  issuerRef:\n    name: ca\n    kind: ClusterIssuer\n`;
}

async function run(text: string): Promise<{ engine: Engine; findings: Finding[] }> {
  const engine = await engineFor({ 'certificates.yaml': text });
  return { engine, findings: findingsOf(engine, ID) };
}

function slices(engine: Engine, findings: Finding[]): string[] {
  return findings.map((f) => engine.file(f.file)!.text.slice(f.span.start, f.span.end));
}

test('the guide\'s Certificate has no privateKey: info at "spec" about the RSA 2048 default, no fix', async () => {
  const { engine, findings } = await run(GUIDE_CERTIFICATE);
  assert.equal(findings.length, 1);
  const [f] = findings;
  assert.deepEqual(slices(engine, findings), ['spec']);
  assert.equal(f.severity, 'info');
  assert.equal(f.message, `Certificate "my-service-hybrid-tls" sets no privateKey.algorithm, so cert-manager generates its default RSA 2048 key, a classical key: ${EXPLANATION}`);
  assert.deepEqual(f.fixes, []);
});

test('explicit RSA, ECDSA and Ed25519 are reported at the value (without quotes); privateKey without algorithm at "privateKey"', async () => {
  const text = [
    certificate('ecdsa', '  privateKey:\n    algorithm: ECDSA\n    size: 384\n'),
    certificate('rsa', '  privateKey:\n    algorithm: "RSA"\n    size: 4096\n'),
    certificate('ed25519', '  privateKey: {algorithm: Ed25519, encoding: PKCS8}\n'),
    certificate('size-only', '  privateKey:\n    size: 3072\n    rotationPolicy: Always\n'),
  ].join('---\n');
  const { engine, findings } = await run(text);
  assert.deepEqual(slices(engine, findings), ['ECDSA', 'RSA', 'Ed25519', 'privateKey']);
  assert.equal(findings[0].message, `Certificate "ecdsa" uses privateKey.algorithm ECDSA, a classical key: ${EXPLANATION}`);
  assert.equal(findings[1].message, `Certificate "rsa" uses privateKey.algorithm RSA, a classical key: ${EXPLANATION}`);
  assert.equal(findings[3].message, `Certificate "size-only" sets no privateKey.algorithm, so cert-manager generates its default RSA 2048 key, a classical key: ${EXPLANATION}`);
  assert.ok(findings.every((f) => f.severity === 'info' && f.fixes.length === 0));
});

test('the message does not depend on the issuer: a Certificate on a hybrid issuer still gets a classical key', async () => {
  const onClassical = GUIDE_CERTIFICATE.replace('    name: hybrid-pqc-issuer\n    kind: StepClusterIssuer\n    group: certmanager.step.sm\n', '    name: classical-ca-issuer\n    kind: ClusterIssuer\n');
  const a = await run(GUIDE_CERTIFICATE);
  const b = await run(onClassical);
  assert.equal(a.findings[0].message, b.findings[0].message);
});

test('not reported: proposed or unknown algorithms, wrong case, Helm templates, other kinds and groups', async () => {
  const text = [
    certificate('proposed', '  privateKey:\n    algorithm: MLDSA65\n'),
    certificate('lower-case', '  privateKey:\n    algorithm: rsa\n'),
    certificate('unknown', '  privateKey:\n    algorithm: ML-DSA-65\n'),
    'apiVersion: cert-manager.io/v1\nkind: CertificateRequest\nmetadata:\n  name: req\nspec:\n  request: ""\n  issuerRef:\n    name: ca\n',
    'apiVersion: example.com/v1\nkind: Certificate\nmetadata:\n  name: not-cert-manager\nspec:\n  secretName: x\n',
    'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: no-spec\n',
  ].join('---\n');
  assert.deepEqual((await run(text)).findings, []);
  const template = '{{- if .Values.tls.enabled }}\n' + certificate('{{ .Release.Name }}', '  privateKey:\n    algorithm: {{ .Values.tls.algorithm }}\n') + '{{- end }}\n';
  assert.deepEqual((await run(template)).findings, []);
});

test('the key types come from the knowledge table: a released post-quantum value changes the advice', async () => {
  const base = defaultKnowledge();
  const knowledge: Knowledge = {
    ...base,
    keyTypes: base.keyTypes.map((k) => (k.setting === 'cert-manager.privateKey.algorithm' && k.value === 'MLDSA65' ? { ...k, status: 'released' as const } : k)),
  };
  const engine = new Engine({ knowledge, now: TEST_NOW });
  engine.setFile('certificates.yaml', certificate('ecdsa', '  privateKey:\n    algorithm: ECDSA\n') + '---\n' + certificate('mldsa', '  privateKey:\n    algorithm: MLDSA65\n'));
  const findings = engine.analyze('certificates.yaml').filter((f) => f.ruleId === ID);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].message, 'Certificate "ecdsa" uses privateKey.algorithm ECDSA, a classical key: cert-manager also offers MLDSA65 (released upstream through v1.21.1). Switch privateKey.algorithm once every client of this certificate supports it.');
});
