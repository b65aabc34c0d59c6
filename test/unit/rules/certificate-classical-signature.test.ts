import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineFor, findingsOf } from '../../harness.js';
import { fixturesDir } from '../../helpers.js';

const cert = (name: string): Buffer => readFileSync(join(fixturesDir, 'certs', name));
const ID = 'certificate/classical-signature';

test('RSA CA warns, RSA leaf is info; messages name the algorithm and say forgery, not HNDL', async () => {
  const engine = await engineFor({ 'ca.pem': cert('rsa2048-ca.pem'), 'leaf.pem': cert('rsa2048-leaf.pem') });
  const found = findingsOf(engine, ID);
  const ca = found.find((f) => f.file === 'ca.pem')!;
  const leaf = found.find((f) => f.file === 'leaf.pem')!;
  assert.equal(ca.severity, 'warning');
  assert.equal(leaf.severity, 'info');
  assert.match(ca.message, /CA certificate "Test RSA Root CA" carries a classical RSA 2048 key/);
  assert.match(ca.message, /not harvest-now-decrypt-later/);
  assert.match(leaf.message, /signed with sha256WithRSAEncryption/);
  // an RSA leaf with keyEncipherment: RSA key transport is an HNDL exposure, said so
  assert.match(leaf.message, /TLS 1\.2 RSA key transport/);
});

test('ECDSA and Ed25519 certificates and base64 certificates in a TLS Secret are reported', async () => {
  const engine = await engineFor({ 'ec.pem': cert('ecdsa-p256-leaf.pem'), 'ed.pem': cert('ed25519-self.pem'), 'secret.yaml': cert('secret-tls.yaml') });
  const found = findingsOf(engine, ID);
  assert.ok(found.some((f) => f.file === 'ec.pem' && /ecdsa-with-SHA256/.test(f.message) && /ECDSA P-256/.test(f.message)));
  assert.ok(found.some((f) => f.file === 'ed.pem' && /Ed25519/.test(f.message)));
  assert.deepEqual(found.filter((f) => f.file === 'secret.yaml').map((f) => f.range.start.line), [7, 7, 9]);
});

test('stays quiet on ML-DSA, SLH-DSA, ML-KEM and composite certificates', async () => {
  const corpus = join(fixturesDir, '..', 'corpus', 'pqc-certs');
  const engine = await engineFor({
    'ca.pem': cert('mldsa65-ca.pem'), 'leaf.pem': cert('mldsa65-leaf.pem'),
    'slh.pem': readFileSync(join(corpus, 'slh-dsa', 'id-slh-dsa-sha2-128s.pem')),
    'kem.crt': readFileSync(join(corpus, 'ml-kem', 'ML-KEM-768.crt')),
  });
  assert.deepEqual(findingsOf(engine, ID), []);
});
