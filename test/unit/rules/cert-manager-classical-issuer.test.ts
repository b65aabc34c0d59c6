import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../../server/src/core/engine.js';
import type { Finding } from '../../../server/src/core/types.js';
import { fixturesDir } from '../../helpers.js';
import { applyFix, defaultKnowledge, engineFor, engineForDir, findingsOf, TEST_NOW } from '../../harness.js';

const ID = 'cert-manager/classical-issuer';
const GUIDE = 'described in the migration guide, not in a released upstream version';
const PREMISE = 'issues classical-only certificates: cert-manager generates RSA, ECDSA or Ed25519 keys only (released upstream through v1.21.1) and has no ML-DSA key type.';
const NO_STEP_CA = `No step-ca configuration (ca.json) is in the workspace: deploy step-ca first (guide Phase 3), then add a StepClusterIssuer next to this issuer (dual-stack, guide Option 3); ML-DSA issuance by step-ca is ${GUIDE}.`;

const fixtures = join(fixturesDir, 'rules', 'cert-manager', 'classical-issuer');
const dualStackDir = join(fixtures, 'bad-dual-stack-fix');
/** The ML-DSA-65 root of the fixture step-ca (make-root.mjs) and its ca.json (the guide's, with a JWK kid). */
const pqRoot = readFileSync(join(dualStackDir, 'step', 'certs', 'root_ca.crt'), 'utf8');
const guideCaJson = readFileSync(join(dualStackDir, 'step', 'ca.json'), 'utf8');
const classicalRoot = readFileSync(join(fixtures, 'bad-classical-step-ca', 'step', 'certs', 'root_ca.crt'), 'utf8');
const caBundle = Buffer.from(pqRoot, 'utf8').toString('base64');

// The guide's Option 3 snippet, verbatim.
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

function slice(engine: Engine, f: Finding): string {
  return engine.file(f.file)!.text.slice(f.span.start, f.span.end);
}

/** The StepClusterIssuer document the fix appends for the fixture step-ca, with the file's indentation and line ends. */
function appended(issuer: string, unit = '  ', eol = '\n'): string {
  const u = unit;
  return [
    '---',
    `# Hybrid issuer next to ClusterIssuer "${issuer}" (dual-stack, migration guide Option 3): keep both and move Certificates over one by one.`,
    'apiVersion: certmanager.step.sm/v1beta1',
    'kind: StepClusterIssuer',
    'metadata:',
    `${u}name: ${issuer}-hybrid`,
    'spec:',
    `${u}url: https://step-ca.cert-manager.svc.cluster.local:9000`,
    `${u}caBundle: ${caBundle}`,
    `${u}provisioner:`,
    `${u}${u}name: k8s-provisioner`,
    `${u}${u}kid: JBk3eiFqwOh_M4ehuTd5yD6L0qZDiBxKtwRNJ9afjF0`,
    `${u}${u}passwordRef:`,
    `${u}${u}${u}# Placeholder: create this Secret with the JWK provisioner's password, or point to your own.`,
    `${u}${u}${u}name: step-issuer-provisioner-password`,
    `${u}${u}${u}namespace: cert-manager`,
    `${u}${u}${u}key: password`,
  ].join(eol) + eol;
}

/** A workspace with the fixture step-ca (guide ca.json + ML-DSA-65 root) and `files`. */
function withStepCa(files: Record<string, string>, caJson = guideCaJson, root = pqRoot): Record<string, string> {
  return { 'step/ca.json': caJson, 'step/certs/root_ca.crt': root, ...files };
}

test('the guide\'s classical ClusterIssuer without any step-ca: warning at "ca", says to deploy step-ca first, no fix', async () => {
  const engine = await engineFor({ 'issuers.yaml': CLASSICAL_ONLY });
  const findings = findingsOf(engine, ID);
  assert.equal(findings.length, 1);
  const [f] = findings;
  assert.equal(slice(engine, f), 'ca');
  assert.equal(f.severity, 'warning');
  assert.deepEqual(f.range.start, { line: 6, character: 2 });
  assert.equal(f.message, `ClusterIssuer "classical-ca-issuer" (type ca) ${PREMISE} ${NO_STEP_CA}`);
  assert.deepEqual(f.fixes, []);
});

test('the guide\'s Option 3 (classical + StepClusterIssuer): info that names the hybrid counterpart, no fix', async () => {
  const engine = await engineFor({ 'cluster-issuers.yaml': GUIDE_OPTION_3 });
  const [f, ...rest] = findingsOf(engine, ID);
  assert.equal(rest.length, 0);
  assert.equal(slice(engine, f), 'ca');
  assert.equal(f.severity, 'info');
  assert.equal(
    f.message,
    `ClusterIssuer "classical-ca-issuer" (type ca) still issues classical-only certificates; StepClusterIssuer "pqc-hybrid-issuer" is its hybrid counterpart in this workspace (dual-stack, guide Option 3; ${GUIDE}). ` +
      'Keep this issuer for legacy clients and move the Certificates that need post-quantum protection to "pqc-hybrid-issuer".',
  );
  assert.deepEqual(f.fixes, []);
});

test('every built-in issuer type is reported at its type key; other kinds, groups and types are not', async () => {
  const doc = (kind: string, name: string, spec: string, apiVersion = 'cert-manager.io/v1'): string =>
    `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: apps\nspec:\n${spec}`;
  const text = [
    doc('Issuer', 'self', '  selfSigned: {}\n'),
    doc('ClusterIssuer', 'le', '  acme:\n    server: https://acme-v02.api.letsencrypt.org/directory\n    privateKeySecretRef:\n      name: le-account\n'),
    doc('ClusterIssuer', 'vault', '  vault:\n    server: https://vault:8200\n    path: pki/sign/x\n'),
    doc('Issuer', 'venafi', '  venafi:\n    zone: Default\n    tpp:\n      url: https://tpp.example.com/vedsdk\n'),
    doc('ClusterIssuer', 'pca', '  arn: arn:aws:acm-pca:eu-west-1:000000000000:certificate-authority/x\n', 'awspca.cert-manager.io/v1beta1'),
    doc('ClusterIssuer', 'legacy', '  ca:\n    secretName: legacy\n', 'certmanager.k8s.io/v1alpha1'),
    doc('Issuer', 'empty', '  {}\n'),
    doc('Secret', 'not-an-issuer', '  ca:\n    secretName: x\n', 'v1'),
  ].join('---\n');
  const engine = await engineFor({ 'issuers.yaml': text });
  const findings = findingsOf(engine, ID);
  assert.deepEqual(findings.map((f) => slice(engine, f)), ['selfSigned', 'acme', 'vault', 'venafi']);
  assert.ok(findings[0].message.startsWith(`Issuer "self" (type selfSigned) ${PREMISE}`));
  assert.ok(findings[3].message.startsWith(`Issuer "venafi" (type venafi) ${PREMISE}`));
});

test('with a post-quantum step-ca in the workspace: the fix appends a StepClusterIssuer after the issuer\'s document', async () => {
  const engine = await engineForDir(dualStackDir);
  const [f] = findingsOf(engine, ID);
  assert.equal(f.file, 'cert-manager/issuers.yaml');
  assert.equal(slice(engine, f), 'ca');
  assert.equal(
    f.message,
    `ClusterIssuer "classical-ca-issuer" (type ca) ${PREMISE} Add a hybrid StepClusterIssuer for the step-ca in step/ca.json next to it (dual-stack, guide Option 3); ML-DSA issuance by step-ca is ${GUIDE}.`,
  );
  assert.equal(f.fixes.length, 1);
  const fix = f.fixes[0];
  assert.equal(fix.title, 'Add a hybrid StepClusterIssuer (dual-stack)');
  assert.equal(fix.safe, false, 'it adds a resource');
  const before = engine.file(f.file)!.text;
  const separator = before.indexOf('---\n');
  const text = applyFix(engine, f, fix);
  // Inserted between the issuer and the next document; everything else is untouched.
  assert.equal(text, before.slice(0, separator) + appended('classical-ca-issuer') + before.slice(separator));
  assert.deepEqual(findingsOf(engine, 'syntax-error'), []);

  // The new resource is a StepClusterIssuer the index resolves, whose caBundle is the step-ca root.
  const hybrid = engine.index.findIssuer({ name: 'classical-ca-issuer-hybrid', kind: 'StepClusterIssuer', group: 'certmanager.step.sm' }, undefined);
  assert.equal(hybrid?.file, 'cert-manager/issuers.yaml');
  const located = engine.index.all('certificates').filter((c) => c.file === 'cert-manager/issuers.yaml');
  assert.equal(located.length, 1);
  assert.equal(located[0].occurrence.cert?.publicKey.algorithm, 'ML-DSA-65');

  // Afterwards: an info without a fix (so the fix is idempotent), and the Certificate can move.
  const [after, ...more] = findingsOf(engine, ID);
  assert.equal(more.length, 0);
  assert.equal(after.severity, 'info');
  assert.match(after.message, /StepClusterIssuer "classical-ca-issuer-hybrid" is its hybrid counterpart/);
  assert.deepEqual(after.fixes, []);
  const [certificate] = findingsOf(engine, 'cert-manager/certificate-classical-issuer');
  assert.deepEqual(certificate.fixes.map((x) => x.title), ['Use hybrid issuer classical-ca-issuer-hybrid (StepClusterIssuer)']);
});

test('the appended document keeps the file\'s line ends and indentation, also at the end of a file without a final newline', async () => {
  const crlf = 'apiVersion: cert-manager.io/v1\r\nkind: ClusterIssuer\r\nmetadata:\r\n    name: root-ca\r\nspec:\r\n    ca:\r\n        secretName: root-ca # keypair\r\n';
  let engine = await engineFor(withStepCa({ 'crlf.yaml': crlf }));
  let [f] = findingsOf(engine, ID);
  assert.equal(applyFix(engine, f, f.fixes[0]), crlf + appended('root-ca', '    ', '\r\n'));

  const noFinalNewline = 'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: root-ca\nspec:\n  selfSigned: {}';
  engine = await engineFor(withStepCa({ 'issuer.yaml': noFinalNewline }));
  [f] = findingsOf(engine, ID);
  assert.equal(applyFix(engine, f, f.fixes[0]), noFinalNewline + '\n' + appended('root-ca'));
  assert.deepEqual(findingsOf(engine, 'syntax-error'), []);
});

test('a hybrid counterpart must be usable: a StepIssuer counts for an Issuer of its namespace only', async () => {
  const stepIssuer = (namespace: string): string =>
    `apiVersion: certmanager.step.sm/v1beta1\nkind: StepIssuer\nmetadata:\n  name: step-issuer\n  namespace: ${namespace}\nspec:\n  url: https://step-ca.cert-manager.svc.cluster.local:9000\n  caBundle: ${caBundle}\n  provisioner:\n    name: k8s-provisioner\n    kid: JBk3eiFqwOh_M4ehuTd5yD6L0qZDiBxKtwRNJ9afjF0\n    passwordRef:\n      name: step-issuer-provisioner-password\n      key: password\n`;
  const issuers = 'apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata:\n  name: local-ca\n  namespace: payments\nspec:\n  ca:\n    secretName: local-ca\n---\n' +
    'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: cluster-ca\nspec:\n  ca:\n    secretName: cluster-ca\n';
  let engine = await engineFor(withStepCa({ 'issuers.yaml': issuers, 'step-issuer.yaml': stepIssuer('payments') }));
  let findings = findingsOf(engine, ID);
  assert.deepEqual(findings.map((f) => [f.severity, f.fixes.length]), [['info', 0], ['warning', 1]], 'Issuer in payments: info; ClusterIssuer: a StepIssuer does not serve every namespace');
  assert.match(findings[0].message, /StepIssuer "step-issuer" is its hybrid counterpart/);

  engine = await engineFor(withStepCa({ 'issuers.yaml': issuers, 'step-issuer.yaml': stepIssuer('ledger') }));
  findings = findingsOf(engine, ID);
  assert.deepEqual(findings.map((f) => [f.severity, f.fixes.length]), [['warning', 1], ['warning', 1]], 'a StepIssuer of another namespace does not count');
});

test('a step-ca that cannot back a hybrid issuer: the message says what it lacks, and there is no fix', async () => {
  const cases: [string, Record<string, string>, string][] = [
    ['classical root', withStepCa({}, guideCaJson, classicalRoot), 'a post-quantum root (its root certificate is classical)'],
    ['root not in the workspace', { 'step/ca.json': guideCaJson }, 'a root certificate in the workspace (/home/step/certs/root_ca.crt was not found)'],
    ['classical intermediate', withStepCa({ 'step/certs/intermediate_ca.crt': classicalRoot }), 'a post-quantum intermediate (its intermediate CA is classical)'],
    ['no dnsNames, no port', withStepCa({}, guideCaJson.replace('"address": ":9000"', '"address": "localhost"').replace('["step-ca.cert-manager.svc.cluster.local"]', '[]')), 'dnsNames and an address with a port'],
    // The guide's own ca.json has a JWK key without "kid".
    ['guide JWK without kid', withStepCa({}, guideCaJson.replace('"kid": "JBk3eiFqwOh_M4ehuTd5yD6L0qZDiBxKtwRNJ9afjF0",', '')), 'a JWK provisioner with a key id (kid)'],
  ];
  for (const [label, files, lacks] of cases) {
    const engine = await engineFor({ ...files, 'issuers.yaml': CLASSICAL_ONLY });
    const findings = findingsOf(engine, ID);
    assert.equal(findings.length, 1, label);
    assert.equal(
      findings[0].message,
      `ClusterIssuer "classical-ca-issuer" (type ca) ${PREMISE} The step-ca in step/ca.json lacks ${lacks}, so no hybrid StepClusterIssuer can be generated for it; complete it (guide Phase 3) and add one next to this issuer (dual-stack, guide Option 3). ML-DSA issuance by step-ca is ${GUIDE}.`,
      label,
    );
    assert.deepEqual(findings[0].fixes, [], label);
  }
});

test('the url takes the port of any address form; special characters in values are quoted', async () => {
  const caJson = guideCaJson.replace('"address": ":9000"', '"address": "[::]:8443"').replace('"k8s-provisioner"', '"admin@example.com #1"');
  const engine = await engineFor(withStepCa({ 'issuer.yaml': CLASSICAL_ONLY }, caJson));
  const [f] = findingsOf(engine, ID);
  const text = applyFix(engine, f, f.fixes[0]);
  assert.match(text, /\n {2}url: https:\/\/step-ca\.cert-manager\.svc\.cluster\.local:8443\n/);
  assert.match(text, /\n {4}name: "admin@example\.com #1"\n/);
  assert.deepEqual(findingsOf(engine, 'syntax-error'), []);
});

test('Helm templates are not checked; a second issuer in the same file gets its own fix', async () => {
  const template = '{{- if .Values.ca.enabled }}\napiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: {{ .Release.Name }}-ca\nspec:\n  ca:\n    secretName: {{ .Values.ca.secret }}\n{{- end }}\n';
  let engine = await engineFor({ 'templates/issuer.yaml': template });
  assert.deepEqual(findingsOf(engine, ID), []);

  const two = CLASSICAL_ONLY + '---\napiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: bootstrap\nspec:\n  selfSigned: {}\n';
  engine = await engineFor(withStepCa({ 'issuers.yaml': two }));
  const findings = findingsOf(engine, ID);
  assert.equal(findings.length, 2);
  const text = applyFix(engine, findings[1], findings[1].fixes[0]);
  assert.ok(text.endsWith('  selfSigned: {}\n' + appended('bootstrap')));
  // Now a StepClusterIssuer exists: both issuers have a hybrid counterpart.
  assert.deepEqual(findingsOf(engine, ID).map((f) => f.severity), ['info', 'info']);
});

test('silent when the knowledge table lists a released post-quantum cert-manager key type', async () => {
  const base = defaultKnowledge();
  const knowledge = { ...base, keyTypes: [...base.keyTypes, { setting: 'cert-manager.privateKey.algorithm', value: 'MLDSA65', pqcClass: 'pq' as const, source: 'test', status: 'released' as const }] };
  const engine = new Engine({ knowledge, now: TEST_NOW });
  engine.setFile('issuers.yaml', CLASSICAL_ONLY);
  assert.deepEqual(engine.analyze('issuers.yaml').filter((f) => f.ruleId === ID), []);
});
