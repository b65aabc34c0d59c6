import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, engineFor, findingsOf } from '../../harness.js';
import type { Engine } from '../../../server/src/core/engine.js';
import type { Finding } from '../../../server/src/core/types.js';

const ID = 'step-ca/version';

/** The migration guide's step-ca Deployment (seeds/000), with the image as a parameter. */
function deployment(image: string): string {
  return [
    '# step-ca deployment with ML-DSA key type',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: step-ca',
    '  namespace: cert-manager',
    'spec:',
    '  replicas: 1',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: step-ca',
    `          image: ${image}`,
    '          args:',
    '            - /home/step/config/ca.json',
    '',
  ].join('\n');
}

/** The guide's ca.json (top-level kty/crv), with the crv as a parameter. */
function caJson(crv?: string): string {
  return [
    '{',
    '  "root": "/home/step/certs/root_ca.crt",',
    '  "crt": "/home/step/certs/intermediate_ca.crt",',
    '  "key": "/home/step/secrets/intermediate_ca_key",',
    ...(crv ? ['  "kty": "OKP",', `  "crv": "${crv}",`] : []),
    '  "address": ":9000",',
    '  "dnsNames": ["step-ca.cert-manager.svc.cluster.local"],',
    '  "authority": {"provisioners": [{"type": "JWK", "name": "k8s-provisioner", "key": {"use": "sig", "kty": "EC", "crv": "P-256"}}]}',
    '}',
    '',
  ].join('\n');
}

function slice(engine: Engine, f: Finding): string {
  return engine.file(f.file)!.text.slice(f.span.start, f.span.end);
}

const FEATURE = 'ML-DSA intermediate CA keys (top-level "kty": "OKP" with "crv" ML-DSA-44, ML-DSA-65 or ML-DSA-87 in ca.json) from step-ca 0.25.0 — ' +
  'described in the migration guide, not in a released upstream version; the guide claims step-ca 0.25 issues ML-DSA; ' +
  'step-ca v0.30.2 has no ML-DSA issuance (smallstep/certificates#2717)';

test('ML-DSA crv with step-ca 0.24.2: a warning at the tag (with the bump) and at the crv, both saying the feature is the guide\'s', async () => {
  const engine = await engineFor({ 'step-ca/deployment.yaml': deployment('smallstep/step-ca:0.24.2'), 'step-ca/config/ca.json': caJson('ML-DSA-65') });
  const findings = findingsOf(engine, ID);
  assert.equal(findings.length, 2);
  const atTag = findings.find((f) => f.file === 'step-ca/deployment.yaml')!;
  const atCrv = findings.find((f) => f.file === 'step-ca/config/ca.json')!;

  assert.equal(slice(engine, atTag), '0.24.2');
  assert.equal(atTag.severity, 'warning', 'guide-only feature: warning, not error');
  assert.equal(
    atTag.message,
    `step-ca 0.24.2 is older than 0.25.0, which "crv": "ML-DSA-65" in step-ca/config/ca.json needs: ${FEATURE}. ` +
      'Upgrade step-ca to 0.25.0 or later (latest known release: 0.30.2), although no released version delivers this yet.',
  );
  assert.deepEqual(atTag.fixes.map((f) => [f.title, f.safe]), [['Upgrade step-ca to 0.25.0', false]]);

  assert.equal(slice(engine, atCrv), '"ML-DSA-65"');
  assert.equal(atCrv.severity, 'warning');
  assert.equal(
    atCrv.message,
    `"crv": "ML-DSA-65" needs step-ca 0.25.0 or later, but the workspace deploys step-ca 0.24.2 (image tag in step-ca/deployment.yaml): ${FEATURE}. ` +
      'Upgrade the step-ca image to 0.25.0 or later, although no released version delivers this yet.',
  );
  assert.deepEqual(atCrv.fixes, []);

  assert.equal(applyFix(engine, atTag, atTag.fixes[0]), deployment('smallstep/step-ca:0.25.0'));
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('a short tag stays short; other registries of the image count', async () => {
  const engine = await engineFor({ 'k8s/step-ca.yaml': deployment('cr.step.sm/smallstep/step-ca:0.23'), 'pki/ca.json': caJson('ML-DSA-87') });
  const atTag = findingsOf(engine, ID).find((f) => f.file === 'k8s/step-ca.yaml')!;
  assert.equal(atTag.fixes[0].edits[0].newText, '0.25');
  assert.match(atTag.message, /which "crv": "ML-DSA-87" in pki\/ca\.json needs/);
});

test('the guide\'s own pair (step-ca 0.25.2 + ML-DSA-65) is quiet: the rule checks versions, not whether ML-DSA exists', async () => {
  const engine = await engineFor({ 'deploy.yaml': deployment('smallstep/step-ca:0.25.2'), 'ca.json': caJson('ML-DSA-65') });
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('classical ca.json, no image, or only a classical crv: nothing to compare', async () => {
  const classical = await engineFor({ 'deploy.yaml': deployment('smallstep/step-ca:0.20.0'), 'ca.json': caJson() });
  assert.deepEqual(findingsOf(classical, ID), []);
  const p256 = await engineFor({ 'deploy.yaml': deployment('smallstep/step-ca:0.20.0'), 'ca.json': caJson('P-256') });
  assert.deepEqual(findingsOf(p256, ID), []);
  const noImage = await engineFor({ 'ca.json': caJson('ML-DSA-65') });
  assert.deepEqual(findingsOf(noImage, ID), []);
});

test('a digest-pinned image gets no fix', async () => {
  const engine = await engineFor({
    'deploy.yaml': deployment('smallstep/step-ca:0.24.2@sha256:0d5b7c1e2f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'),
    'ca.json': caJson('ML-DSA-65'),
  });
  const atTag = findingsOf(engine, ID).find((f) => f.file === 'deploy.yaml')!;
  assert.deepEqual(atTag.fixes, []);
  assert.match(atTag.message, /pinned by digest/);
});

test('changing ca.json re-checks the image in the Deployment file', async () => {
  const engine = await engineFor({ 'deploy.yaml': deployment('smallstep/step-ca:0.24.2'), 'ca.json': caJson() });
  assert.deepEqual(findingsOf(engine, ID), []);
  engine.setFile('ca.json', caJson('ML-DSA-44'));
  assert.deepEqual(findingsOf(engine, ID).map((f) => f.file).sort(), ['ca.json', 'deploy.yaml']);
});
