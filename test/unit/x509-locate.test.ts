import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFile } from '../../server/src/core/parse.js';
import { locateCertificates, locatePrivateKeys } from '../../server/src/core/x509/locate.js';
import type { CertificateOccurrence } from '../../server/src/core/x509/model.js';
import { defaultKnowledge } from '../harness.js';
import { certFixtures, fixtureText, pqcCorpus } from './x509-support.js';

const knowledge = defaultKnowledge();
const b64 = (s: string | Uint8Array): string => Buffer.from(s).toString('base64');

function locate(path: string, content: string | Uint8Array): CertificateOccurrence[] {
  return locateCertificates(parseFile(path, content), knowledge);
}

function summary(occurrences: CertificateOccurrence[]): string[] {
  return occurrences.map((o) => `${o.path ?? '-'} ${o.encoding} #${o.index} ${o.cert?.publicKey.algorithm ?? `error: ${o.error}`}`);
}

test('PEM bundle: every block, spans on the BEGIN..END markers', () => {
  const text = fixtureText('chain-bundle.pem');
  const found = locate('chain.pem', text);
  assert.deepEqual(summary(found), ['- pem #0 ML-DSA-65', '- pem #1 ML-DSA-65']);
  for (const o of found) {
    assert.ok(text.slice(o.span.start, o.span.end).startsWith('-----BEGIN CERTIFICATE-----'));
    assert.ok(text.slice(o.span.start, o.span.end).endsWith('-----END CERTIFICATE-----'));
  }
});

test('DER file', () => {
  const found = locate('ca.der', readFileSync(join(certFixtures, 'mldsa65-ca.der')));
  assert.deepEqual(summary(found), ['- der #0 ML-DSA-65']);
  const r5 = locate('ta.der', readFileSync(join(pqcCorpus, 'hackathon-composite-r5', 'id-MLDSA65-ECDSA-P256-SHA512-2.16.840.1.114027.80.9.1.8_ta.der')));
  assert.equal(r5[0].cert?.pqcClass, 'legacy-pq');
});

test('TLS Secret: base64 tls.crt (bundle) and ca.crt; tls.key is never decoded', () => {
  const text = fixtureText('secret-tls.yaml');
  const found = locate('secret.yaml', text);
  assert.deepEqual(summary(found), ['data.tls.crt base64-pem #0 RSA 2048', 'data.tls.crt base64-pem #1 RSA 2048', 'data.ca.crt base64-pem #0 RSA 2048']);
  assert.ok(text.slice(found[0].span.start, found[0].span.end).startsWith('LS0tLS1CRUdJTi'));
  const keys = locatePrivateKeys(parseFile('secret.yaml', text));
  assert.equal(keys.length, 1);
  assert.equal(keys[0].keyPath, 'data.tls.key');
  assert.equal(keys[0].label, 'PRIVATE KEY (base64 in Secret data)');
  assert.deepEqual(Object.keys(keys[0]).sort(), ['keyPath', 'label', 'span']);
});

test('kubeconfig certificate-authority-data / client-certificate-data; client-key-data is a key', () => {
  const text = fixtureText('kubeconfig.yaml');
  assert.deepEqual(summary(locate('kubeconfig.yaml', text)), [
    'clusters[0].cluster.certificate-authority-data base64-pem #0 ECDSA P-256',
    'users[0].user.client-certificate-data base64-pem #0 ECDSA P-256',
  ]);
  const keys = locatePrivateKeys(parseFile('kubeconfig.yaml', text));
  assert.deepEqual(keys.map((k) => k.keyPath), ['users[0].user.client-key-data']);
});

test('caBundle (base64 DER and base64 PEM) in webhooks, APIService, CRD conversion, StepClusterIssuer', () => {
  const caDer = readFileSync(join(certFixtures, 'mldsa65-ca.der'));
  const caPem = fixtureText('ecdsa-p256-ca.pem');
  assert.deepEqual(summary(locate('webhook.yaml', fixtureText('webhook.yaml'))), ['webhooks[0].clientConfig.caBundle base64-der #0 ML-DSA-65']);
  const text = [
    'apiVersion: apiregistration.k8s.io/v1', 'kind: APIService', 'metadata: {name: v1.metrics}', 'spec:', `  caBundle: ${b64(caPem)}`, '---',
    'apiVersion: apiextensions.k8s.io/v1', 'kind: CustomResourceDefinition', 'metadata: {name: x}', 'spec:', '  conversion:', '    strategy: Webhook', '    webhook:', '      clientConfig:', `        caBundle: ${b64(caDer)}`, '---',
    'apiVersion: certmanager.step.sm/v1beta1', 'kind: StepClusterIssuer', 'metadata: {name: step}', 'spec:', '  url: https://ca', `  caBundle: ${b64(caPem)}`, '---',
    'apiVersion: v1', 'kind: Secret', 'metadata: {name: broken}', 'data:', '  ca.crt: bm90IGEgY2VydA==', '  other: bm90IGEgY2VydA==', '',
  ].join('\n');
  assert.deepEqual(summary(locate('mixed.yaml', text)), [
    'spec.caBundle base64-pem #0 ECDSA P-256',
    'spec.conversion.webhook.clientConfig.caBundle base64-der #0 ML-DSA-65',
    'spec.caBundle base64-pem #0 ECDSA P-256',
    'data.ca.crt base64-der #0 error: base64 value is neither PEM nor a DER certificate',
  ]);
});

test('Istio cacerts, Linkerd identityTrustAnchorsPEM, ConfigMap PEM block scalars', () => {
  const root = fixtureText('mldsa87-ca.pem');
  const chain = fixtureText('chain-bundle.pem');
  const indent = (s: string, n: number): string => s.trimEnd().split('\n').map((l) => ' '.repeat(n) + l).join('\n');
  const text = [
    'apiVersion: v1', 'kind: Secret', 'metadata: {name: cacerts, namespace: istio-system}', 'data:',
    `  ca-cert.pem: ${b64(root)}`, `  root-cert.pem: ${b64(root)}`, `  cert-chain.pem: ${b64(chain)}`, '  ca-key.pem: bm90IGEga2V5', '---',
    'identityTrustAnchorsPEM: |', indent(root, 2), '---',
    'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: bundle}', 'data:', '  ca.crt: |', indent(chain, 4), '',
  ].join('\n');
  const found = locate('mesh.yaml', text);
  assert.deepEqual(summary(found), [
    'data.ca-cert.pem base64-pem #0 ML-DSA-87',
    'data.root-cert.pem base64-pem #0 ML-DSA-87',
    'data.cert-chain.pem base64-pem #0 ML-DSA-65',
    'data.cert-chain.pem base64-pem #1 ML-DSA-65',
    'identityTrustAnchorsPEM pem #0 ML-DSA-87',
    'data.ca.crt pem #0 ML-DSA-65',
    'data.ca.crt pem #1 ML-DSA-65',
  ]);
  // PEM block scalars get exact spans of each block in the file
  const linkerd = found[4];
  assert.ok(text.slice(linkerd.span.start, linkerd.span.end).startsWith('-----BEGIN CERTIFICATE-----'));
  assert.ok(text.slice(linkerd.span.start, linkerd.span.end).endsWith('-----END CERTIFICATE-----'));
  const keys = locatePrivateKeys(parseFile('mesh.yaml', text));
  assert.deepEqual(keys.map((k) => k.keyPath), ['data.ca-key.pem']);
});

test('quoted PEM with \\n escapes: the scalar span is used', () => {
  const pem = fixtureText('ecdsa-p256-ca.pem').trim().replace(/\n/g, '\\n');
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  root: "${pem}"\n`;
  const [o] = locate('cm.yaml', text);
  assert.equal(o.cert?.publicKey.algorithm, 'ECDSA P-256');
  assert.equal(text.slice(o.span.start, o.span.end), `"${pem}"`);
});

test('templated documents: masked values are skipped, other values still found', () => {
  const text = [
    'apiVersion: v1', 'kind: Secret', 'metadata:', '  name: {{ .Release.Name }}-tls', 'data:',
    '  tls.crt: {{ .Values.tls.crt | b64enc }}', `  ca.crt: ${b64(fixtureText('ecdsa-p256-ca.pem'))}`, '  tls.key: {{ .Values.tls.key | b64enc }}', '',
  ].join('\n');
  assert.deepEqual(summary(locate('templates/secret.yaml', text)), ['data.ca.crt base64-pem #0 ECDSA P-256']);
  assert.deepEqual(locatePrivateKeys(parseFile('templates/secret.yaml', text)), []);
});

test('PEM errors: bad base64 offset in the file, missing END, not DER', () => {
  const text = '-----BEGIN CERTIFICATE-----\nMIIB*AAA\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nQUJD\n';
  const found = locate('bad.pem', text);
  assert.equal(found.length, 2);
  assert.match(found[0].error ?? '', /bad base64 at offset 32/);
  assert.equal(text[32], '*');
  assert.match(found[1].error ?? '', /missing/);
  assert.match(locate('x.pem', fixtureText('invalid.pem'))[0].error ?? '', /not DER/);
});

test('private keys: PEM blocks anywhere, stringData, only spans and labels', () => {
  const keyPem = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBogusBogusBogus\n-----END EC PRIVATE KEY-----';
  const text = ['apiVersion: v1', 'kind: Secret', 'metadata: {name: s}', 'stringData:', '  tls.key: |', ...keyPem.split('\n').map((l) => `    ${l}`), ''].join('\n');
  const keys = locatePrivateKeys(parseFile('s.yaml', text));
  assert.equal(keys.length, 1);
  assert.equal(keys[0].label, 'EC PRIVATE KEY');
  assert.ok(!JSON.stringify(keys).includes('Bogus'), 'no key bytes in the result');
  const pemKeys = locatePrivateKeys(parseFile('key.pem', `${keyPem}\n`));
  assert.deepEqual(pemKeys.map((k) => k.label), ['EC PRIVATE KEY']);
});

test('results are cached per parsed file', () => {
  const file = parseFile('chain.pem', fixtureText('chain-bundle.pem'));
  assert.equal(locateCertificates(file, knowledge), locateCertificates(file, knowledge));
});

test('kubebuilder placeholder caBundle "Cg==" (a newline) is not a certificate and not an error', () => {
  const text = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: x}\nspec:\n  conversion:\n    webhookClientConfig:\n      caBundle: Cg==\n';
  assert.deepEqual(locate('crd.yaml', text), []);
});

test('a base64 value seen before gives its certificates again, at the new place, and what the key expects', () => {
  const value = b64(fixtureText('mldsa65-leaf.pem'));
  const first = locate('a.yaml', `apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\ndata:\n  tls.crt: ${value}\n`);
  const again = locate('b.yaml', `apiVersion: v1\nkind: Secret\nmetadata:\n  name: b\n  labels: {x: y}\ndata:\n  ca.crt: ${value}\n`);
  assert.deepEqual(summary(first), ['data.tls.crt base64-pem #0 ML-DSA-65']);
  assert.deepEqual(summary(again), ['data.ca.crt base64-pem #0 ML-DSA-65']);
  assert.equal(again[0].cert, first[0].cert, 'the same decoded certificate');
  assert.notDeepEqual(again[0].span, first[0].span);
  // The same bytes that are not a certificate: an error where a certificate is expected, nothing elsewhere.
  const junk = b64('not a certificate at all');
  assert.match(summary(locate('c.yaml', `apiVersion: v1\nkind: Secret\nmetadata:\n  name: c\ndata:\n  tls.crt: ${junk}\n`))[0], /error/);
  assert.deepEqual(locate('d.yaml', `apiVersion: v1\nkind: Secret\nmetadata:\n  name: d\ndata:\n  notes: ${junk}\n`), []);
  // A message names the key: the same bad value under another key names that key.
  const bad = 'CHANGE_ME!';
  const [underTls] = locate('e.yaml', `apiVersion: v1\nkind: Secret\nmetadata:\n  name: e\ndata:\n  tls.crt: "${bad}"\n`);
  const [underCa] = locate('f.yaml', `apiVersion: v1\nkind: Secret\nmetadata:\n  name: f\ndata:\n  ca.crt: "${bad}"\n`);
  assert.match(underTls.error ?? '', /tls\.crt/);
  assert.match(underCa.error ?? '', /ca\.crt/);
  assert.doesNotMatch(underCa.error ?? '', /tls\.crt/);
});
