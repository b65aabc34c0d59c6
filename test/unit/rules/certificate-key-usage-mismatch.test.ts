import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineFor, findingsOf } from '../../harness.js';
import { corpusDir, fixturesDir } from '../../helpers.js';

const cert = (name: string): Buffer => readFileSync(join(fixturesDir, 'certs', name));
const ID = 'certificate/key-usage-mismatch';

test('an ML-DSA key with keyEncipherment warns and cites RFC 9881', async () => {
  const [finding] = findingsOf(await engineFor({ 'leaf.pem': cert('mldsa65-keyencipherment.pem') }), ID);
  assert.equal(finding.severity, 'warning');
  assert.match(finding.message, /keyUsage digitalSignature, keyEncipherment: keyEncipherment is not allowed for a signature-only ML-DSA-65 key \(RFC 9881 section 5\)/);
});

test('RFC example certificates (ML-DSA, ML-KEM keyEncipherment only, SLH-DSA) and classical RSA leaves are fine', async () => {
  const corpus = join(corpusDir, 'pqc-certs');
  const engine = await engineFor({
    'kem.crt': readFileSync(join(corpus, 'ml-kem', 'ML-KEM-512.crt')), 'dsa.crt': readFileSync(join(corpus, 'rfc9881-ml-dsa', 'ML-DSA-44.crt')),
    'slh.pem': readFileSync(join(corpus, 'slh-dsa', 'id-slh-dsa-sha2-128s.pem')), 'rsa.pem': cert('rsa2048-leaf.pem'),
    'ml.pem': cert('mldsa65-leaf.pem'), 'ca.pem': cert('mldsa65-ca.pem'),
  });
  assert.deepEqual(findingsOf(engine, ID), []);
});
