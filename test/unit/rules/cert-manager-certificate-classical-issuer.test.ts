import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Engine } from '../../../server/src/core/engine.js';
import type { Finding } from '../../../server/src/core/types.js';
import { applyFix, engineFor, findingsOf } from '../../harness.js';

const ID = 'cert-manager/certificate-classical-issuer';
const GUIDE = 'described in the migration guide, not in a released upstream version';

// The guide's Option 3 issuers, verbatim.
const GUIDE_OPTION_3 = `# Two ClusterIssuers in cert-manager: classical and PQC
apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: classical-ca-issuer
spec:
  ca:
    secretName: classical-cluster-ca
---
apiVersion: certmanager.step.sm/v1beta1
kind: StepClusterIssuer
metadata:
  name: pqc-hybrid-issuer
spec:
  url: https://step-ca.cert-manager.svc.cluster.local:9000
  caBundle: <pqc-ca-bundle>
  provisioner:
    name: k8s-provisioner
    kid: <kid>
    passwordRef:
      name: step-provisioner-password
      namespace: cert-manager
      key: password
`;
const CLASSICAL_ONLY = GUIDE_OPTION_3.slice(0, GUIDE_OPTION_3.indexOf('---\n'));

// The guide's Option 2 Certificate, verbatim except that issuerRef still names the classical issuer.
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
    name: classical-ca-issuer
    kind: ClusterIssuer
    group: cert-manager.io
`;

function message(certificate: string, issuer: string): string {
  return `Certificate "${certificate}" is issued by ${issuer}, which issues classical-only certificates (cert-manager keys are RSA, ECDSA or Ed25519, released upstream through v1.21.1). ` +
    `Point issuerRef at a hybrid StepIssuer or StepClusterIssuer once its clients trust that CA (${GUIDE}).`;
}

function slice(engine: Engine, f: Finding): string {
  return engine.file(f.file)!.text.slice(f.span.start, f.span.end);
}

function stepIssuer(name: string, namespace: string): string {
  return `apiVersion: certmanager.step.sm/v1beta1\nkind: StepIssuer\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  url: https://step-ca.cert-manager.svc.cluster.local:9000\n  caBundle: <bundle>\n  provisioner:\n    name: k8s-provisioner\n    kid: <kid>\n    passwordRef:\n      name: step-issuer-provisioner-password\n      key: password\n`;
}

test('guide Option 3: a Certificate on classical-ca-issuer is reported at the issuer name and moved to pqc-hybrid-issuer', async () => {
  const engine = await engineFor({ 'cluster-issuers.yaml': GUIDE_OPTION_3, 'certificate.yaml': GUIDE_CERTIFICATE });
  const [f, ...rest] = findingsOf(engine, ID);
  assert.equal(rest.length, 0);
  assert.equal(f.file, 'certificate.yaml');
  assert.equal(slice(engine, f), 'classical-ca-issuer');
  assert.equal(f.severity, 'warning');
  assert.equal(f.message, message('my-service-hybrid-tls', 'ClusterIssuer "classical-ca-issuer" (type ca)'));
  assert.deepEqual(f.fixes.map((x) => [x.title, x.safe]), [['Use hybrid issuer pqc-hybrid-issuer (StepClusterIssuer)', false]]);
  const text = applyFix(engine, f, f.fixes[0]);
  assert.equal(
    text,
    GUIDE_CERTIFICATE.replace('    name: classical-ca-issuer\n    kind: ClusterIssuer\n    group: cert-manager.io\n', '    name: pqc-hybrid-issuer\n    kind: StepClusterIssuer\n    group: certmanager.step.sm\n'),
  );
  assert.deepEqual(findingsOf(engine, ID), []);
  assert.deepEqual(findingsOf(engine, 'syntax-error'), []);
});

test('without a hybrid issuer the finding has no fix, and its message is the same (adding one only adds fixes)', async () => {
  const engine = await engineFor({ 'cluster-issuers.yaml': CLASSICAL_ONLY, 'certificate.yaml': GUIDE_CERTIFICATE });
  const [f] = findingsOf(engine, ID);
  assert.deepEqual(f.fixes, []);
  assert.equal(f.message, message('my-service-hybrid-tls', 'ClusterIssuer "classical-ca-issuer" (type ca)'));
  engine.setFile('cluster-issuers.yaml', GUIDE_OPTION_3);
  const [again] = findingsOf(engine, ID);
  assert.equal(again.message, f.message);
  assert.equal(again.fixes.length, 1);
});

test('omitted kind and group (an Issuer of cert-manager.io): the fix inserts them under name, after its comment', async () => {
  const issuers = 'apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata:\n  name: selfsigned-issuer\n  namespace: payments\nspec:\n  selfSigned: {}\n';
  const certificate = 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: payments-api\n  namespace: payments\nspec:\n  secretName: payments-api-tls\n  issuerRef:\n    name: selfsigned-issuer # bootstrap\n  dnsNames:\n    - payments-api.payments.svc\n';
  const engine = await engineFor({
    'issuers.yaml': issuers,
    'step.yaml': stepIssuer('step-issuer', 'payments') + '---\n' + stepIssuer('other-team', 'ledger') + '---\n' + GUIDE_OPTION_3.slice(GUIDE_OPTION_3.indexOf('---\n') + 4),
    'certificate.yaml': certificate,
  });
  const [f] = findingsOf(engine, ID);
  assert.equal(slice(engine, f), 'selfsigned-issuer');
  assert.equal(f.message, message('payments-api', 'Issuer "selfsigned-issuer" (type selfSigned)'));
  // The StepIssuer of the same namespace first, then cluster issuers; never another namespace's StepIssuer.
  assert.deepEqual(f.fixes.map((x) => x.title), ['Use hybrid issuer step-issuer (StepIssuer)', 'Use hybrid issuer pqc-hybrid-issuer (StepClusterIssuer)']);
  const text = applyFix(engine, f, f.fixes[0]);
  assert.equal(text, certificate.replace('    name: selfsigned-issuer # bootstrap\n', '    name: step-issuer # bootstrap\n    kind: StepIssuer\n    group: certmanager.step.sm\n'));
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('flow-style issuerRef with a quoted name: quotes kept, group appended inside the braces', async () => {
  const certificate = 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: grafana-tls\n  namespace: monitoring\nspec:\n  secretName: grafana-tls\n  issuerRef: {name: "classical-ca-issuer", kind: ClusterIssuer}\n';
  const engine = await engineFor({ 'cluster-issuers.yaml': GUIDE_OPTION_3, 'certificate.yaml': certificate });
  const [f] = findingsOf(engine, ID);
  assert.equal(slice(engine, f), 'classical-ca-issuer', 'span without the quotes');
  const text = applyFix(engine, f, f.fixes[0]);
  assert.equal(text, certificate.replace('{name: "classical-ca-issuer", kind: ClusterIssuer}', '{name: "pqc-hybrid-issuer", kind: StepClusterIssuer, group: certmanager.step.sm}'));
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('CRLF and a kind written before name: edits keep the line ends and key order', async () => {
  const certificate = 'apiVersion: cert-manager.io/v1\r\nkind: Certificate\r\nmetadata:\r\n  name: api\r\nspec:\r\n  issuerRef:\r\n      kind: ClusterIssuer\r\n      name: classical-ca-issuer\r\n  secretName: api-tls\r\n';
  const engine = await engineFor({ 'cluster-issuers.yaml': GUIDE_OPTION_3, 'certificate.yaml': certificate });
  const [f] = findingsOf(engine, ID);
  const text = applyFix(engine, f, f.fixes[0]);
  assert.equal(text, 'apiVersion: cert-manager.io/v1\r\nkind: Certificate\r\nmetadata:\r\n  name: api\r\nspec:\r\n  issuerRef:\r\n      kind: StepClusterIssuer\r\n      name: pqc-hybrid-issuer\r\n      group: certmanager.step.sm\r\n  secretName: api-tls\r\n');
});

test('not reported: unresolved issuers, another namespace\'s Issuer, step-issuer references, Helm templates', async () => {
  const certificate = (name: string, namespace: string, ref: string): string =>
    `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  secretName: ${name}-tls\n  issuerRef:\n${ref}`;
  const engine = await engineFor({
    'issuers.yaml': 'apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata:\n  name: team-ca\n  namespace: team-a\nspec:\n  ca:\n    secretName: team-a-ca\n---\n' + GUIDE_OPTION_3.slice(GUIDE_OPTION_3.indexOf('---\n') + 4),
    'certificates.yaml': [
      certificate('other-namespace', 'team-b', '    name: team-ca\n'),
      certificate('unknown', 'team-a', '    name: corp-pki\n    kind: ClusterIssuer\n'),
      certificate('wrong-kind', 'team-a', '    name: team-ca\n    kind: ClusterIssuer\n'),
      certificate('hybrid', 'team-a', '    name: pqc-hybrid-issuer\n    kind: StepClusterIssuer\n    group: certmanager.step.sm\n'),
    ].join('---\n'),
    'templates/certificate.yaml': certificate('{{ .Release.Name }}', 'team-a', '    name: {{ .Values.issuer }}\n'),
  });
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('an Issuer in the Certificate\'s namespace resolves; an omitted namespace means "default"', async () => {
  const engine = await engineFor({
    'issuers.yaml': 'apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata:\n  name: vault\nspec:\n  vault:\n    server: https://vault:8200\n    path: pki/sign/default\n',
    'certificate.yaml': 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\nspec:\n  secretName: web-tls\n  issuerRef:\n    name: vault\n    group: cert-manager.io\n',
  });
  const [f] = findingsOf(engine, ID);
  assert.equal(f.message, message('web', 'Issuer "vault" (type vault)'));
});

test('at most three hybrid issuers are offered, sorted by name', async () => {
  const cluster = (name: string): string => GUIDE_OPTION_3.slice(GUIDE_OPTION_3.indexOf('---\n') + 4).replace('pqc-hybrid-issuer', name);
  const engine = await engineFor({
    'cluster-issuers.yaml': [CLASSICAL_ONLY, cluster('d-hybrid'), cluster('a-hybrid'), cluster('c-hybrid'), cluster('b-hybrid')].join('---\n'),
    'certificate.yaml': GUIDE_CERTIFICATE,
  });
  const [f] = findingsOf(engine, ID);
  assert.deepEqual(f.fixes.map((x) => x.title), ['a-hybrid', 'b-hybrid', 'c-hybrid'].map((n) => `Use hybrid issuer ${n} (StepClusterIssuer)`));
});

test('a CA certificate (isCA: true) gets no "use hybrid issuer" fix: step-issuer does not replace a CA', async () => {
  const bootstrap = 'apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata:\n  name: selfsigned-bootstrap\n  namespace: cert-manager\nspec:\n  selfSigned: {}\n';
  const rootCa = 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: internal-root-ca\n  namespace: cert-manager\nspec:\n  isCA: true\n  commonName: internal-root-ca\n  secretName: classical-cluster-ca\n  issuerRef:\n    name: selfsigned-bootstrap\n';
  const engine = await engineFor({ 'issuers.yaml': bootstrap + '---\n' + GUIDE_OPTION_3.slice(GUIDE_OPTION_3.indexOf('---\n') + 4), 'root-ca.yaml': rootCa });
  const [f] = findingsOf(engine, ID);
  assert.equal(slice(engine, f), 'selfsigned-bootstrap');
  assert.equal(
    f.message,
    'Certificate "internal-root-ca" is issued by Issuer "selfsigned-bootstrap" (type selfSigned), which issues classical-only certificates (cert-manager keys are RSA, ECDSA or Ed25519, released upstream through v1.21.1). ' +
      `It is a CA certificate (isCA: true), which step-issuer does not replace: plan to retire this CA for a hybrid step-ca CA (guide Phase 3; ${GUIDE}) instead of moving issuerRef.`,
  );
  assert.deepEqual(f.fixes, []);
});
