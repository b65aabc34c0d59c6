import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineFor, findingsOf } from '../../harness.js';
import { corpusDir, fixturesDir } from '../../helpers.js';

const cert = (name: string): Buffer => readFileSync(join(fixturesDir, 'certs', name));
const ID = 'certificate/bad-signature';

test('a tampered ML-DSA signature and a tampered ECDSA TBS are errors when the issuer is in the workspace', async () => {
  const engine = await engineFor({
    'pki/ml-ca.pem': cert('mldsa44-ca.pem'), 'apps/ml-leaf.pem': cert('tampered-signature.pem'),
    'pki/ec-ca.pem': cert('ecdsa-p256-ca.pem'), 'apps/ec-leaf.pem': cert('tampered-tbs.pem'),
  });
  const found = findingsOf(engine, ID);
  assert.deepEqual(found.map((f) => f.file).sort(), ['apps/ec-leaf.pem', 'apps/ml-leaf.pem']);
  assert.equal(found[0].severity, 'error');
  assert.match(found.find((f) => f.file === 'apps/ml-leaf.pem')!.message, /ML-DSA-44 signature does not verify under the key of "CN=Test ML-DSA-44 Root CA/);
});

test('a chain inside one bundle is checked too', async () => {
  const bundle = cert('ecdsa-p256-ca.pem').toString() + cert('tampered-tbs.pem').toString();
  const found = findingsOf(await engineFor({ 'bundle.pem': bundle }), ID);
  assert.equal(found.length, 1);
  assert.match(found[0].message, /#2 in bundle/);
});

test('quiet when signatures verify, when the issuer is unknown and for draft composites', async () => {
  const r5 = join(corpusDir, 'pqc-certs', 'hackathon-composite-r5', 'id-MLDSA65-ECDSA-P256-SHA512-2.16.840.1.114027.80.9.1.8_ta.der');
  const engine = await engineFor({
    'a.pem': cert('mldsa44-ca.pem'), 'b.pem': cert('mldsa44-leaf.pem'), 'c.pem': cert('chain-bundle.pem'), 'd.pem': cert('ed25519-self.pem'),
    'orphan.pem': cert('tampered-tbs.pem'), 'r5.der': readFileSync(r5), 'secret.yaml': cert('secret-tls.yaml'),
  });
  assert.deepEqual(findingsOf(engine, ID), []);
});
