import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyFix, engineFor, findingsOf } from '../../harness.js';
import { fixturesDir } from '../../helpers.js';
import type { Engine } from '../../../server/src/core/engine.js';
import type { Finding } from '../../../server/src/core/types.js';

const ID = 'step-issuer/invalid-spec';

const CA_PEM = readFileSync(join(fixturesDir, 'certs', 'ecdsa-p256-ca.pem'), 'utf8');
const CA_B64 = Buffer.from(CA_PEM).toString('base64');
const MLDSA_PEM = readFileSync(join(fixturesDir, 'certs', 'mldsa65-ca.pem'), 'utf8');

function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

/** The migration guide's StepClusterIssuer (seeds/000, Option 2), indented as YAML needs it. */
const GUIDE = [
  '# StepClusterIssuer CR requesting hybrid certificate issuance',
  'apiVersion: certmanager.step.sm/v1beta1',
  'kind: StepClusterIssuer',
  'metadata:',
  '  name: hybrid-pqc-issuer',
  'spec:',
  '  url: https://step-ca.cert-manager.svc.cluster.local:9000',
  '  caBundle: <base64-encoded-step-ca-root>',
  '  provisioner:',
  '    name: k8s-provisioner',
  '    kid: <provisioner-key-id>',
  '    passwordRef:',
  '      name: step-provisioner-password',
  '      namespace: cert-manager',
  '      key: password',
  '',
].join('\n');

function stepIssuer(spec: string[]): string {
  return ['apiVersion: certmanager.step.sm/v1beta1', 'kind: StepIssuer', 'metadata:', '  name: step-issuer', '  namespace: default', 'spec:', ...spec, ''].join('\n');
}

const PROVISIONER = [
  '  provisioner:',
  '    name: admin',
  '    kid: N6I99Yuk7iGDMk_eW3QaN2admCsrC9UuDN27dlFXUOs',
  '    passwordRef:',
  '      name: step-certificates-provisioner-password',
  '      key: password',
];

function slice(engine: Engine, f: Finding): string {
  return engine.file(f.file)!.text.slice(f.span.start, f.span.end);
}

async function only(files: Record<string, string>): Promise<{ engine: Engine; findings: Finding[] }> {
  const engine = await engineFor(files);
  return { engine, findings: findingsOf(engine, ID) };
}

test('the guide\'s StepClusterIssuer: its two placeholders are errors, at the placeholders', async () => {
  const { engine, findings } = await only({ 'issuer.yaml': GUIDE });
  assert.deepEqual(findings.map((f) => [slice(engine, f), f.severity]), [['<base64-encoded-step-ca-root>', 'error'], ['<provisioner-key-id>', 'error']]);
  assert.equal(
    findings[0].message,
    'spec.caBundle is the placeholder <base64-encoded-step-ca-root> (as in the migration guide), not a certificate: step-issuer cannot verify ' +
      'step-ca\'s TLS certificate. Set it to the base64 of the step-ca root certificate PEM (e.g. `step ca root | base64 -w0`).',
  );
  assert.equal(
    findings[1].message,
    'spec.provisioner.kid is the placeholder <provisioner-key-id> (as in the migration guide): set the key id of the JWK provisioner ' +
      '(`step ca provisioner list` shows it as key.kid).',
  );
  assert.deepEqual(findings.flatMap((f) => f.fixes), [], 'no step-ca in the workspace: nothing to fill from');
});

test('with the step-ca in the workspace, unsafe fixes fill caBundle from its root and kid from its JWK provisioner', async () => {
  const caJson = JSON.stringify({
    root: '/home/step/certs/root_ca.crt',
    crt: '/home/step/certs/intermediate_ca.crt',
    key: '/home/step/secrets/intermediate_ca_key',
    address: ':9000',
    dnsNames: ['step-ca.cert-manager.svc.cluster.local'],
    authority: { provisioners: [{ type: 'JWK', name: 'k8s-provisioner', key: { use: 'sig', kty: 'EC', kid: 'kid-from-ca-json', crv: 'P-256' } }] },
  }, null, 2);
  const engine = await engineFor({ 'issuer.yaml': GUIDE, 'step-ca/config/ca.json': caJson, 'step-ca/certs/root_ca.crt': MLDSA_PEM });
  const [bundle, kid] = findingsOf(engine, ID);
  assert.deepEqual(bundle.fixes.map((f) => [f.title, f.safe]), [['Fill spec.caBundle with the root certificate of the step-ca in step-ca/config/ca.json', false]]);
  assert.deepEqual(kid.fixes.map((f) => [f.title, f.safe]), [['Fill spec.provisioner.kid from provisioner "k8s-provisioner" in step-ca/config/ca.json', false]]);

  const expectedBundle = Buffer.from(MLDSA_PEM.replace(/\r\n/g, '\n')).toString('base64');
  let text = applyFix(engine, bundle, bundle.fixes[0]);
  assert.equal(text, GUIDE.replace('<base64-encoded-step-ca-root>', expectedBundle));
  const kid2 = findingsOf(engine, ID).find((f) => f.fixes.length > 0)!;
  text = applyFix(engine, kid2, kid2.fixes[0]);
  assert.equal(text, GUIDE.replace('<base64-encoded-step-ca-root>', expectedBundle).replace('<provisioner-key-id>', 'kid-from-ca-json'));
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('a missing caBundle is inserted after url by the fill fix, with the file\'s indentation', async () => {
  const text = GUIDE.replace('  caBundle: <base64-encoded-step-ca-root>\n', '').replace('<provisioner-key-id>', 'abc');
  const caJson = JSON.stringify({ root: 'certs/root_ca.crt', dnsNames: ['step-ca.cert-manager.svc.cluster.local'], authority: { provisioners: [] } });
  const engine = await engineFor({ 'issuer.yaml': text, 'ca.json': caJson, 'certs/root_ca.crt': MLDSA_PEM });
  const [f] = findingsOf(engine, ID);
  assert.equal(slice(engine, f), 'spec');
  assert.match(f.message, /^StepClusterIssuer hybrid-pqc-issuer has no spec\.caBundle: the CRD requires it/);
  const fixed = applyFix(engine, f, f.fixes[0]);
  assert.ok(fixed.includes(`:9000\n  caBundle: ${Buffer.from(MLDSA_PEM).toString('base64')}\n  provisioner:\n`));
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('url: http is an error, a URL without scheme is fine (the step client adds https)', async () => {
  const http = await only({ 'i.yaml': stepIssuer(['  url: http://step-certificates.default.svc.cluster.local', `  caBundle: ${CA_B64}`, ...PROVISIONER]) });
  assert.equal(http.findings.length, 1);
  assert.equal(slice(http.engine, http.findings[0]), 'http://step-certificates.default.svc.cluster.local');
  assert.equal(
    http.findings[0].message,
    'spec.url "http://step-certificates.default.svc.cluster.local" uses http: step-ca serves its API over TLS only, so step-issuer\'s requests fail. Use https://.',
  );
  const bare = await only({ 'i.yaml': stepIssuer(['  url: step-certificates.default.svc.cluster.local:443', `  caBundle: ${CA_B64}`, ...PROVISIONER]) });
  assert.deepEqual(bare.findings, []);
});

test('caBundle: bad base64 points at the offending character', async () => {
  const broken = `${CA_B64.slice(0, 100)}*${CA_B64.slice(101)}`;
  const { engine, findings } = await only({ 'i.yaml': stepIssuer(['  url: https://step.example', `  caBundle: "${broken}"`, ...PROVISIONER]) });
  assert.equal(findings.length, 1);
  assert.equal(slice(engine, findings[0]), '*');
  assert.equal(
    findings[0].message,
    'spec.caBundle is not valid base64 (bad base64 at offset 100: character "*"): the API server rejects the resource (the field is base64 of the step-ca root PEM).',
  );
  assert.deepEqual(findings[0].fixes, []);
});

test('caBundle: base64 of DER is re-encoded as base64 of PEM (safe)', async () => {
  const der = pemToDer(CA_PEM).toString('base64');
  const text = stepIssuer(['  url: https://step.example', `  caBundle: ${der}`, ...PROVISIONER]);
  const { engine, findings } = await only({ 'i.yaml': text });
  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /^spec\.caBundle is base64 of a DER certificate \(.+\), not of PEM: the step client reads PEM only \("error parsing ca bundle: no certificates found"\)\. Re-encode it as base64 of the PEM\.$/);
  assert.deepEqual(findings[0].fixes.map((f) => [f.title, f.safe]), [['Re-encode spec.caBundle as base64 of the PEM certificate', true]]);
  const fixed = applyFix(engine, findings[0], findings[0].fixes[0]);
  const value = /caBundle: (\S+)/.exec(fixed)![1];
  const pem = Buffer.from(value, 'base64').toString('utf8');
  assert.ok(pem.startsWith('-----BEGIN CERTIFICATE-----\n') && pem.endsWith('-----END CERTIFICATE-----\n'));
  assert.deepEqual(pemToDer(pem), pemToDer(CA_PEM));
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('caBundle: PEM text in a block scalar is base64-encoded in place (safe), the following keys untouched', async () => {
  const block = CA_PEM.trim().split('\n').map((l) => `    ${l}`);
  const text = stepIssuer(['  url: https://step.example', '  caBundle: |', ...block, ...PROVISIONER]);
  const { engine, findings } = await only({ 'i.yaml': text });
  assert.equal(findings.length, 1);
  assert.equal(findings[0].message, 'spec.caBundle holds PEM text, but the field is base64 of the PEM (format: byte), so the API server rejects it. Base64-encode the PEM.');
  const fixed = applyFix(engine, findings[0], findings[0].fixes[0]);
  assert.equal(fixed, stepIssuer(['  url: https://step.example', `  caBundle: ${Buffer.from(CA_PEM.trim() + '\n').toString('base64')}`, ...PROVISIONER]));
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('caBundle: base64 applied twice, a private key, a non-certificate PEM', async () => {
  const twice = await only({ 'i.yaml': stepIssuer(['  url: https://step.example', `  caBundle: ${Buffer.from(CA_B64).toString('base64')}`, ...PROVISIONER]) });
  assert.equal(twice.findings[0].message, 'spec.caBundle is base64-encoded twice: decoded once it is base64 text, not PEM. Encode the PEM once.');
  assert.equal(twice.findings[0].fixes[0].edits[0].newText, CA_B64);

  const withKey = Buffer.from(`${CA_PEM}-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIA==\n-----END EC PRIVATE KEY-----\n`).toString('base64');
  const key = await only({ 'i.yaml': stepIssuer(['  url: https://step.example', `  caBundle: ${withKey}`, ...PROVISIONER]) });
  assert.equal(key.findings[0].message, 'spec.caBundle contains a private key (PEM block "EC PRIVATE KEY"): a CA bundle holds only certificates. Remove the key from the manifest and treat it as leaked (rotate it).');

  const pub = Buffer.from('-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQc=\n-----END PUBLIC KEY-----\n').toString('base64');
  const notCert = await only({ 'i.yaml': stepIssuer(['  url: https://step.example', `  caBundle: ${pub}`, ...PROVISIONER]) });
  assert.match(notCert.findings[0].message, /^spec\.caBundle decodes to PEM without a CERTIFICATE block \(found PUBLIC KEY\)/);
});

test('password sources: none, two, and a StepClusterIssuer passwordRef without namespace (as in step-issuer\'s own sample)', async () => {
  const none = await only({ 'i.yaml': stepIssuer(['  url: https://step.example', `  caBundle: ${CA_B64}`, '  provisioner:', '    name: admin', '    kid: abc']) });
  assert.equal(slice(none.engine, none.findings[0]), 'provisioner');
  assert.equal(
    none.findings[0].message,
    'StepIssuer step-issuer sets no provisioner password source: step-issuer needs exactly one of passwordRef (a Secret), passwordEnv or passwordFile (the last two from step-issuer v0.11.0).',
  );

  const two = await only({ 'i.yaml': stepIssuer(['  url: https://step.example', `  caBundle: ${CA_B64}`, ...PROVISIONER, '    passwordFile: /vault/secrets/pw']) });
  assert.equal(two.findings.length, 1);
  assert.equal(slice(two.engine, two.findings[0]), 'passwordFile');
  assert.match(two.findings[0].message, /^spec\.provisioner sets passwordRef and passwordFile: step-issuer accepts exactly one password source/);

  const cluster = stepIssuer(['  url: https://step.example', `  caBundle: ${CA_B64}`, ...PROVISIONER]).replace('kind: StepIssuer', 'kind: StepClusterIssuer').replace('  namespace: default\n', '');
  const ns = await only({ 'c.yaml': cluster });
  assert.equal(ns.findings.length, 1);
  assert.equal(slice(ns.engine, ns.findings[0]), 'passwordRef');
  assert.equal(
    ns.findings[0].message,
    'A StepClusterIssuer is cluster-scoped, so spec.provisioner.passwordRef needs a namespace (required by the StepClusterIssuer CRD; step-issuer looks the Secret up there). Add namespace: <namespace of the Secret>.',
  );

  const nsOnIssuer = await only({ 'i.yaml': stepIssuer(['  url: https://step.example', `  caBundle: ${CA_B64}`, ...PROVISIONER, '      namespace: cert-manager']) });
  assert.deepEqual(nsOnIssuer.findings.map((f) => [slice(nsOnIssuer.engine, f), f.severity]), [['namespace', 'warning']]);
});

test('missing required fields are reported at their parent key', async () => {
  const { engine, findings } = await only({ 'i.yaml': stepIssuer(['  provisioner:', '    name: admin', '    passwordRef:', '      name: pw']) });
  assert.deepEqual(findings.map((f) => slice(engine, f)), ['spec', 'spec', 'provisioner', 'passwordRef']);
  assert.match(findings[0].message, /has no spec\.url: step-issuer rejects it \("spec\.url cannot be empty"\)/);
  assert.match(findings[1].message, /has no spec\.caBundle/);
  assert.match(findings[2].message, /has no spec\.provisioner\.kid/);
  assert.match(findings[3].message, /passwordRef\.key is missing/);

  const noSpec = await only({ 'i.yaml': 'apiVersion: certmanager.step.sm/v1beta1\nkind: StepIssuer\nmetadata:\n  name: x\n' });
  assert.equal(slice(noSpec.engine, noSpec.findings[0]), 'StepIssuer');
  assert.match(noSpec.findings[0].message, /^StepIssuer x has no spec/);
});

test('a provisioner that is not JWK in the workspace\'s step-ca, and a kid that differs from its JWK key', async () => {
  const caJson = (type: string): string => JSON.stringify({
    root: 'root_ca.crt',
    dnsNames: ['step.example'],
    authority: { provisioners: [{ type, name: 'admin', key: { kid: 'the-real-kid' } }] },
  });
  const acme = await only({ 'i.yaml': stepIssuer(['  url: https://step.example', `  caBundle: ${CA_B64}`, ...PROVISIONER]), 'ca.json': caJson('ACME') });
  assert.equal(slice(acme.engine, acme.findings[0]), 'admin');
  assert.equal(acme.findings[0].message, 'Provisioner "admin" is of type ACME in ca.json, but step-issuer supports JWK provisioners only. Point spec.provisioner at a JWK provisioner.');

  const jwk = await only({ 'i.yaml': stepIssuer(['  url: https://step.example', `  caBundle: ${CA_B64}`, ...PROVISIONER]), 'ca.json': caJson('JWK') });
  assert.equal(slice(jwk.engine, jwk.findings[0]), 'N6I99Yuk7iGDMk_eW3QaN2admCsrC9UuDN27dlFXUOs');
  assert.deepEqual(jwk.findings[0].fixes.map((f) => [f.title, f.safe, f.edits[0].newText]), [['Use the kid of provisioner "admin" from ca.json', false, 'the-real-kid']]);
});

test('valid issuers and Helm templates are quiet', async () => {
  const valid = stepIssuer(['  url: https://step-certificates.default.svc.cluster.local', `  caBundle: ${CA_B64}`, ...PROVISIONER]);
  const template = GUIDE.replace('hybrid-pqc-issuer', '{{ .Release.Name }}').replace('<base64-encoded-step-ca-root>', '{{ .Values.caBundle }}');
  const { findings } = await only({ 'valid.yaml': valid, 'templates/issuer.yaml': template });
  assert.deepEqual(findings, []);
});
