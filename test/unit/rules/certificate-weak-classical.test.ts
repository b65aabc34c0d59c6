import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineFor, findingsOf } from '../../harness.js';
import { fixturesDir } from '../../helpers.js';

const cert = (name: string): Buffer => readFileSync(join(fixturesDir, 'certs', name));
const ID = 'certificate/weak-classical';

test('RSA-1024 keys, SHA-1 signatures and P-192 keys are errors', async () => {
  const engine = await engineFor({ 'rsa1024.pem': cert('rsa1024-leaf.pem'), 'sha1.pem': cert('rsa-sha1-leaf.pem'), 'p192.pem': cert('ecdsa-p192-leaf.pem') });
  const found = findingsOf(engine, ID);
  assert.deepEqual(found.map((f) => f.file).sort(), ['p192.pem', 'rsa1024.pem', 'sha1.pem']);
  assert.ok(found.every((f) => f.severity === 'error'));
  assert.match(found.find((f) => f.file === 'rsa1024.pem')!.message, /RSA 1024-bit key is below the 2048-bit minimum/);
  assert.match(found.find((f) => f.file === 'sha1.pem')!.message, /sha1WithRSAEncryption: SHA-1 is broken/);
  assert.match(found.find((f) => f.file === 'p192.pem')!.message, /P-192/);
});

test('RSA-2048/SHA-256, P-256, secp256k1, Ed25519 and ML-DSA are not weak', async () => {
  const engine = await engineFor({
    'a.pem': cert('rsa2048-ca.pem'), 'b.pem': cert('rsa2048-leaf.pem'), 'c.pem': cert('ecdsa-p256-leaf.pem'),
    'd.pem': cert('secp256k1-leaf.pem'), 'e.pem': cert('ed25519-self.pem'), 'f.pem': cert('mldsa87-leaf.pem'),
  });
  assert.deepEqual(findingsOf(engine, ID), []);
});
