import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, engineFor, findingsOf } from '../../harness.js';
import type { Engine } from '../../../server/src/core/engine.js';
import type { Finding } from '../../../server/src/core/types.js';

const ID = 'step-issuer/version-mismatch';

const CLUSTER_ISSUER = [
  'apiVersion: certmanager.step.sm/v1beta1',
  'kind: StepClusterIssuer',
  'metadata:',
  '  name: hybrid-pqc-issuer',
  'spec:',
  '  url: https://step-ca.cert-manager.svc.cluster.local:9000',
  '  provisioner:',
  '    name: k8s-provisioner',
  '    passwordRef:',
  '      name: step-provisioner-password',
  '      namespace: cert-manager',
  '      key: password',
  '',
].join('\n');

const STEP_ISSUER_ENV = [
  'apiVersion: certmanager.step.sm/v1beta1',
  'kind: StepIssuer',
  'metadata:',
  '  name: payments',
  '  namespace: payments',
  'spec:',
  '  url: https://step-ca.step-ca.svc.cluster.local:9000',
  '  provisioner:',
  '    name: k8s-provisioner',
  '    passwordEnv: STEP_PROVISIONER_PASSWORD',
  '',
].join('\n');

function deployment(image: string): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: controller',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: controller',
    `          image: ${image}`,
    '',
  ].join('\n');
}

function slice(engine: Engine, f: Finding): string {
  return engine.file(f.file)!.text.slice(f.span.start, f.span.end);
}

const GUIDE_REASON = 'cert-manager v1.15 and earlier do not serve StepClusterIssuer (guide, Failure Modes) — described in the migration guide, ' +
  'not in a released upstream version; upstream step-issuer only documents cert-manager v1.0.0+ with approval checks from v1.3';

test('StepClusterIssuer with cert-manager v1.14.4 (the guide\'s claim): a warning at the image tag with the bump, and one at the kind', async () => {
  const engine = await engineFor({
    'cert-manager/deployment.yaml': deployment('quay.io/jetstack/cert-manager-controller:v1.14.4'),
    'issuers/step.yaml': CLUSTER_ISSUER,
  });
  const findings = findingsOf(engine, ID);
  assert.equal(findings.length, 2);
  const atVersion = findings.find((f) => f.file === 'cert-manager/deployment.yaml')!;
  const atKind = findings.find((f) => f.file === 'issuers/step.yaml')!;

  assert.equal(slice(engine, atVersion), 'v1.14.4');
  assert.equal(atVersion.severity, 'warning', 'a requirement that only the guide states is a warning');
  assert.equal(
    atVersion.message,
    `cert-manager v1.14.4 is older than 1.16.0, which StepClusterIssuer hybrid-pqc-issuer (issuers/step.yaml) needs: ${GUIDE_REASON}. ` +
      'Upgrade cert-manager to 1.16.0 or later (latest known release: 1.21.1).',
  );
  assert.deepEqual(atVersion.fixes.map((f) => [f.title, f.safe]), [['Upgrade cert-manager to v1.16.0', false]]);

  assert.equal(slice(engine, atKind), 'StepClusterIssuer');
  assert.equal(atKind.severity, 'warning');
  assert.equal(
    atKind.message,
    'StepClusterIssuer hybrid-pqc-issuer needs cert-manager 1.16.0 or later, but the workspace deploys cert-manager v1.14.4 ' +
      `(image tag in cert-manager/deployment.yaml): ${GUIDE_REASON}. Upgrade cert-manager to 1.16.0 or later where it is deployed.`,
  );
  assert.deepEqual(atKind.fixes, [], 'the version is in another file: fixes edit the finding\'s file only');
});

test('the bump keeps the tag style and clears both findings, so nothing is offered again', async () => {
  const engine = await engineFor({
    'cert-manager/deployment.yaml': deployment('quay.io/jetstack/cert-manager-controller:v1.14.4'),
    'issuers/step.yaml': CLUSTER_ISSUER,
  });
  const atVersion = findingsOf(engine, ID).find((f) => f.file === 'cert-manager/deployment.yaml')!;
  const text = applyFix(engine, atVersion, atVersion.fixes[0]);
  assert.equal(text, deployment('quay.io/jetstack/cert-manager-controller:v1.16.0'));
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('a cert-manager older than 1.3 breaks the upstream approval requirement too: error, both reasons, strictest target', async () => {
  const engine = await engineFor({ 'cm.yaml': deployment('quay.io/jetstack/cert-manager-controller:v1.2.0'), 'issuer.yaml': CLUSTER_ISSUER });
  const atVersion = findingsOf(engine, ID).find((f) => f.file === 'cm.yaml')!;
  assert.equal(atVersion.severity, 'error');
  assert.match(atVersion.message, /^cert-manager v1\.2\.0 is older than 1\.16\.0, /);
  assert.match(atVersion.message, /\. Also: step-issuer waits for CertificateRequest approval, which cert-manager has from v1\.3 — released upstream\. /);
  assert.equal(atVersion.fixes[0].edits[0].newText, 'v1.16.0');
});

test('a StepIssuer only needs cert-manager 1.3 (upstream): v1.14 is fine', async () => {
  const engine = await engineFor({ 'cm.yaml': deployment('quay.io/jetstack/cert-manager-controller:v1.14.4'), 'issuer.yaml': STEP_ISSUER_ENV });
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('passwordEnv needs step-issuer 0.11.0: error at the key and at the image tag', async () => {
  const engine = await engineFor({ 'step-issuer.yaml': deployment('cr.step.sm/smallstep/step-issuer:0.9.8'), 'issuer.yaml': STEP_ISSUER_ENV });
  const findings = findingsOf(engine, ID);
  const atKey = findings.find((f) => f.file === 'issuer.yaml')!;
  const atTag = findings.find((f) => f.file === 'step-issuer.yaml')!;
  assert.equal(slice(engine, atKey), 'passwordEnv');
  assert.equal(atKey.severity, 'error');
  assert.equal(
    atKey.message,
    'spec.provisioner.passwordEnv in StepIssuer payments needs step-issuer 0.11.0 or later, but the workspace deploys step-issuer 0.9.8 ' +
      '(image tag in step-issuer.yaml): provisioner.passwordEnv first appeared in step-issuer v0.11.0 — released upstream. ' +
      'Upgrade step-issuer to 0.11.0 or later where it is deployed.',
  );
  assert.equal(slice(engine, atTag), '0.9.8');
  assert.equal(
    atTag.message,
    'step-issuer 0.9.8 is older than 0.11.0, which StepIssuer payments (issuer.yaml) needs: provisioner.passwordEnv first appeared in ' +
      'step-issuer v0.11.0 — released upstream. Upgrade step-issuer to 0.11.0 or later (latest known release: 0.12.0).',
  );
  assert.equal(applyFix(engine, atTag, atTag.fixes[0]), deployment('cr.step.sm/smallstep/step-issuer:0.11.0'));
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('resource and version in one file: the finding at the resource carries the bump too', async () => {
  const text = `${deployment('smallstep/step-issuer:0.10')}---\n${STEP_ISSUER_ENV}`;
  const engine = await engineFor({ 'all.yaml': text });
  const atKey = findingsOf(engine, ID).find((f) => slice(engine, f) === 'passwordEnv')!;
  assert.deepEqual(atKey.fixes.map((f) => f.title), ['Upgrade step-issuer to 0.11.0']);
  const fixed = applyFix(engine, atKey, atKey.fixes[0]);
  assert.equal(fixed, text.replace('step-issuer:0.10\n', 'step-issuer:0.11\n'), 'a short x.y tag stays short');
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('an image pinned by digest gets no fix, and the message says why', async () => {
  const image = 'quay.io/jetstack/cert-manager-controller:v1.14.4@sha256:4f3e8b2a5d1c6b7a9e0f1d2c3b4a5968778695a4b3c2d1e0f9a8b7c6d5e4f3a2';
  const engine = await engineFor({ 'cm.yaml': deployment(image), 'issuer.yaml': CLUSTER_ISSUER });
  const atVersion = findingsOf(engine, ID).find((f) => f.file === 'cm.yaml')!;
  assert.deepEqual(atVersion.fixes, []);
  assert.match(atVersion.message, /The image is pinned by digest, so change the tag and the digest together\.$/);
});

test('HelmRelease chart versions count; v0.0.0 chart placeholders and Helm templates do not', async () => {
  const helmRelease = [
    'apiVersion: helm.toolkit.fluxcd.io/v2',
    'kind: HelmRelease',
    'metadata:',
    '  name: cert-manager',
    'spec:',
    '  chart:',
    '    spec:',
    '      chart: cert-manager',
    '      version: "v1.15.3"',
    '',
  ].join('\n');
  const engine = await engineFor({ 'hr.yaml': helmRelease, 'issuer.yaml': CLUSTER_ISSUER });
  const atChart = findingsOf(engine, ID).find((f) => f.file === 'hr.yaml')!;
  assert.equal(slice(engine, atChart), 'v1.15.3');
  assert.match(atChart.message, /^cert-manager v1\.15\.3 is older than 1\.16\.0/);

  const chart = 'apiVersion: v2\nname: cert-manager\nversion: v0.0.0\nappVersion: v0.0.0\n';
  const template = `{{- if .Values.enabled }}\n${CLUSTER_ISSUER}{{- end }}\n`;
  const quiet = await engineFor({ 'Chart.yaml': chart, 'issuer.yaml': CLUSTER_ISSUER, 'templates/issuer.yaml': template });
  assert.deepEqual(findingsOf(quiet, ID), []);
});

test('no cert-manager or step-issuer version in the workspace: nothing to compare, no finding', async () => {
  const engine = await engineFor({ 'issuer.yaml': CLUSTER_ISSUER, 'issuer-env.yaml': STEP_ISSUER_ENV });
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('editing the version file re-checks the resource in the other file', async () => {
  const engine = await engineFor({ 'cm.yaml': deployment('quay.io/jetstack/cert-manager-controller:v1.16.2'), 'issuer.yaml': CLUSTER_ISSUER });
  assert.deepEqual(findingsOf(engine, ID), []);
  engine.setFile('cm.yaml', deployment('quay.io/jetstack/cert-manager-controller:v1.15.0'));
  assert.deepEqual(findingsOf(engine, ID).map((f) => f.file).sort(), ['cm.yaml', 'issuer.yaml']);
});
