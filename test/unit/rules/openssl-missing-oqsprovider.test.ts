import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../../server/src/core/engine.js';
import type { Finding } from '../../../server/src/core/types.js';
import { applyFix, engineFor, findingsOf } from '../../harness.js';
import { corpusDir, fixturesDir } from '../../helpers.js';

const ID = 'openssl/missing-oqsprovider';
const FIXTURES = join(fixturesDir, 'rules', 'openssl', 'missing-oqsprovider');
// A self-signed CA on the early composite OID 2.16.840.1.114027.80.8.1.8 (oqsprovider 0.6-0.9 "mldsa65_p256"),
// as the guide's `openssl genpkey -algorithm MLDSA65_P256` produces; generated for these tests.
const HYBRID_CA = readFileSync(join(FIXTURES, 'bad-hybrid-ca-no-config', 'etc', 'kubernetes', 'pki', 'hybrid-ca.crt'), 'utf8');
const GUIDE_CA_JSON = readFileSync(join(FIXTURES, 'bad-step-ca-mldsa-csr-config', 'step', 'config', 'ca.json'), 'utf8');
const CERT_WHY =
  'no OpenSSL release implements natively; only oqsprovider does, as "mldsa65_p256", and only up to oqsprovider 0.9 (0.10.0 removed composite signatures).';
const DISTRO = 'openssl_conf = openssl_init\n\n[openssl_init]\nproviders = provider_sect\n\n[provider_sect]\ndefault = default_sect\n\n[default_sect]\nactivate = 1\n';

function slice(engine: Engine, f: Finding): string {
  return engine.file(f.file)!.text.slice(f.span.start, f.span.end);
}

test('a composite certificate and no openssl config: reported on the certificate, no fix', async () => {
  const engine = await engineFor({ 'etc/kubernetes/pki/hybrid-ca.crt': HYBRID_CA });
  const [f, ...rest] = findingsOf(engine, ID);
  assert.equal(rest.length, 0);
  assert.equal(slice(engine, f), HYBRID_CA.trimEnd());
  assert.equal(f.severity, 'warning');
  assert.equal(
    f.message,
    `This is a certificate "kubernetes-hybrid-ca" using id-MLDSA65-ECDSA-P256-SHA512, OID 2.16.840.1.114027.80.8.1.8, which ${CERT_WHY} ` +
      'The workspace has no openssl.cnf that loads oqsprovider (add one with oqsprovider = oqsprovider_sect and [oqsprovider_sect] activate = 1, next to the default provider).',
  );
  assert.deepEqual(f.fixes, []);
});

test('with a distribution openssl.cnf: reported on its provider section; the fix adds oqsprovider as the guide does', async () => {
  const engine = await engineFor({ 'etc/kubernetes/pki/hybrid-ca.crt': HYBRID_CA, 'etc/ssl/openssl.cnf': DISTRO });
  const found = findingsOf(engine, ID);
  assert.equal(found.length, 1, 'the certificate is not reported when a config is there');
  const [f] = found;
  assert.equal(f.file, 'etc/ssl/openssl.cnf');
  assert.equal(slice(engine, f), 'provider_sect');
  assert.equal(
    f.message,
    'This OpenSSL config does not load oqsprovider ([provider_sect] does not list oqsprovider), but the workspace holds a certificate "kubernetes-hybrid-ca" using ' +
      `id-MLDSA65-ECDSA-P256-SHA512, OID 2.16.840.1.114027.80.8.1.8 in etc/kubernetes/pki/hybrid-ca.crt, which ${CERT_WHY} No openssl.cnf in the workspace loads oqsprovider.`,
  );
  assert.equal(f.fixes[0].safe, false);
  assert.equal(f.fixes[0].title, 'Add and activate oqsprovider (module path from the migration guide), keeping the default provider active');
  assert.equal(
    applyFix(engine, f, f.fixes[0]),
    'openssl_conf = openssl_init\n\n[openssl_init]\nproviders = provider_sect\n\n[provider_sect]\ndefault = default_sect\noqsprovider = oqsprovider_sect\n\n' +
      '[oqsprovider_sect]\nmodule = /usr/local/lib/ossl-modules/oqsprovider.so\nactivate = 1\n\n[default_sect]\nactivate = 1\n',
  );
  assert.deepEqual(findingsOf(engine, ID), []);
  for (const id of ['openssl/config-not-loaded', 'openssl/oqsprovider-not-activated', 'openssl/default-provider-disabled']) assert.deepEqual(findingsOf(engine, id), [], id);
});

test("the guide's ca.json (crv ML-DSA-65) and a req-only config: the fix adds the whole provider chain", async () => {
  const req = '# CSR settings\n[ req ]\nprompt = no\ndistinguished_name = dn\n\n[ dn ]\nCN = kubernetes-hybrid-ca\n';
  const engine = await engineFor({ 'step/config/ca.json': GUIDE_CA_JSON, 'step/csr.cnf': req });
  const [f] = findingsOf(engine, ID);
  assert.equal(f.file, 'step/csr.cnf');
  assert.equal(slice(engine, f), 'req');
  assert.equal(
    f.message,
    'This OpenSSL config does not load oqsprovider (it has no provider section), but the workspace holds a step-ca intermediate key "crv": "ML-DSA-65" in step/config/ca.json, ' +
      'which OpenSSL 3.5+ handles natively but OpenSSL 3.0–3.4 only through oqsprovider 0.8.0 or later (the first release with the final ML-DSA OIDs); ' +
      'the setting itself is described in the migration guide, not in a released upstream version. No openssl.cnf in the workspace loads oqsprovider.',
  );
  assert.equal(
    applyFix(engine, f, f.fixes[0]),
    '# CSR settings\nopenssl_conf = openssl_init\n\n[ req ]\nprompt = no\ndistinguished_name = dn\n\n[ dn ]\nCN = kubernetes-hybrid-ca\n' +
      '\n[openssl_init]\nproviders = provider_sect\n\n[provider_sect]\ndefault = default_sect\noqsprovider = oqsprovider_sect\n\n[default_sect]\nactivate = 1\n\n' +
      '[oqsprovider_sect]\nmodule = /usr/local/lib/ossl-modules/oqsprovider.so\nactivate = 1\n',
  );
  assert.deepEqual(findingsOf(engine, ID), []);
  assert.deepEqual(findingsOf(engine, 'openssl/config-not-loaded'), []);
});

test('no config anywhere: the ML-DSA settings of ca.json and SPIRE are reported on their values', async () => {
  const spire = 'server {\n  trust_domain = "example.org"\n  experimental {\n    pqc_svid_key_type = "ML-DSA-65"\n    dual_stack_svids = true\n  }\n}\n';
  const engine = await engineFor({ 'step/config/ca.json': GUIDE_CA_JSON, 'spire/server.conf': spire });
  const found = findingsOf(engine, ID);
  assert.deepEqual(found.map((f) => `${f.file} ${slice(engine, f)}`), ['step/config/ca.json ML-DSA-65', 'spire/server.conf ML-DSA-65']);
  assert.ok(found[0].message.startsWith('This is a step-ca intermediate key "crv": "ML-DSA-65", which OpenSSL 3.5+ handles natively'));
  assert.ok(found[1].message.startsWith('This is a SPIRE pqc_svid_key_type = "ML-DSA-65", which OpenSSL 3.5+ handles natively'));
});

test('not reported: a config lists oqsprovider (even inactive), final-OID ML-DSA and composite certificates, classical material', async () => {
  const declared = DISTRO.replace('default = default_sect\n', 'default = default_sect\noqsprovider = oqsprovider_sect\n');
  const e1 = await engineFor({ 'etc/kubernetes/pki/hybrid-ca.crt': HYBRID_CA, 'a/openssl.cnf': DISTRO, 'b/openssl.cnf': declared });
  assert.deepEqual(findingsOf(e1, ID), []);

  const mldsa = readFileSync(join(corpusDir, 'pqc-certs', 'rfc9881-ml-dsa', 'ML-DSA-65.crt'));
  const e2 = await engineFor({ 'pki/ML-DSA-65.crt': mldsa, 'etc/ssl/openssl.cnf': DISTRO });
  assert.deepEqual(findingsOf(e2, ID), []);
});

test('an oqsprovider hybrid (p384_mldsa65) in a TLS Secret: reported on the base64 value, with the release note from the table', async () => {
  const secret = readFileSync(join(FIXTURES, 'bad-oqs-hybrid-secret', 'k8s', 'payments-tls.yaml'), 'utf8');
  const engine = await engineFor({ 'k8s/payments-tls.yaml': secret });
  const [f] = findingsOf(engine, ID);
  assert.ok(slice(engine, f).startsWith('LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t'));
  assert.equal(
    f.message,
    'This is a certificate "payments.production.svc.cluster.local" using p384_mldsa65 (OQS hybrid), OID 1.3.9999.7.7, which no OpenSSL release implements natively; ' +
      'only oqsprovider does, as "p384_mldsa65" — oqs-provider private hybrid, OID of 0.8.0+ (not an IETF composite). ' +
      'The workspace has no openssl.cnf that loads oqsprovider (add one with oqsprovider = oqsprovider_sect and [oqsprovider_sect] activate = 1, next to the default provider).',
  );
});
