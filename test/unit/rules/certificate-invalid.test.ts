import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineFor, findingsOf } from '../../harness.js';
import { fixturesDir } from '../../helpers.js';

const cert = (name: string): Buffer => readFileSync(join(fixturesDir, 'certs', name));
const ID = 'certificate/invalid';

test('non-DER PEM, bad base64, missing END, truncated DER and bad tls.crt values are errors with the reason', async () => {
  const truncated = readFileSync(join(fixturesDir, 'certs', 'rsa2048-ca.der')).subarray(0, 300);
  const secret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: x}\ndata:\n  tls.crt: bm90IGEgY2VydGlmaWNhdGU=\n  ca.crt: "***"\n';
  const engine = await engineFor({
    'invalid.pem': cert('invalid.pem'),
    'b64.pem': '-----BEGIN CERTIFICATE-----\nMII*\n-----END CERTIFICATE-----\n',
    'open.pem': '-----BEGIN CERTIFICATE-----\nMIIB\n',
    'cut.der': truncated,
    'secret.yaml': secret,
  });
  const found = findingsOf(engine, ID);
  const by = (file: string): string[] => found.filter((f) => f.file === file).map((f) => f.message);
  assert.match(by('invalid.pem')[0], /^Not a valid certificate: not DER/);
  assert.match(by('b64.pem')[0], /bad base64 at offset 31/);
  assert.match(by('open.pem')[0], /missing "-----END CERTIFICATE-----"/);
  assert.match(by('cut.der')[0], /malformed DER|truncated|runs past/);
  assert.deepEqual(by('secret.yaml').length, 2);
  assert.match(by('secret.yaml')[0], /data\.tls\.crt/);
  assert.match(by('secret.yaml')[1], /bad base64 at offset 0/);
  assert.ok(found.every((f) => f.severity === 'error'));
});

test('valid certificates and non-certificate Secret data stay quiet', async () => {
  const engine = await engineFor({
    'ca.pem': cert('mldsa65-ca.pem'), 'ca.der': cert('mldsa65-ca.der'), 'secret.yaml': cert('secret-tls.yaml'),
    'other.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: y}\ndata:\n  password: aHVudGVyMg==\n  config.json: e30=\n',
  });
  assert.deepEqual(findingsOf(engine, ID), []);
});
