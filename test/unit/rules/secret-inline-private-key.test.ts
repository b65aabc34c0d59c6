import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineFor, findingsOf } from '../../harness.js';
import { fixturesDir } from '../../helpers.js';

const fixture = (name: string): string => readFileSync(join(fixturesDir, 'certs', name), 'utf8');
const ID = 'secret/inline-private-key';

test('tls.key in a Secret, client-key-data in a kubeconfig and PEM key files are reported without key bytes', async () => {
  const secret = fixture('secret-tls.yaml');
  const keyValue = /tls\.key: (\S+)/.exec(secret)![1];
  const keyPem = Buffer.from(keyValue, 'base64').toString();
  const engine = await engineFor({ 'secret.yaml': secret, 'kubeconfig.yaml': fixture('kubeconfig.yaml'), 'key.pem': keyPem });
  const found = findingsOf(engine, ID);
  assert.deepEqual(found.map((f) => `${f.file}:${f.range.start.line + 1}`).sort(), ['key.pem:1', 'kubeconfig.yaml:12', 'secret.yaml:9']);
  assert.ok(found.every((f) => f.severity === 'warning'));
  assert.match(found.find((f) => f.file === 'secret.yaml')!.message, /at data\.tls\.key \(PRIVATE KEY \(base64 in Secret data\)\)/);
  const body = keyPem.split('\n')[1];
  for (const f of found) {
    assert.ok(!f.message.includes(body.slice(0, 16)), 'no key material in messages');
    assert.ok(!f.message.includes(keyValue.slice(20, 40)), 'no base64 key material in messages');
  }
});

test('certificates only (trust bundles, caBundle) stay quiet', async () => {
  const engine = await engineFor({ 'anchors.yaml': fixture('trust-anchors.yaml'), 'webhook.yaml': fixture('webhook.yaml'), 'ca.pem': fixture('rsa2048-ca.pem') });
  assert.deepEqual(findingsOf(engine, ID), []);
});
