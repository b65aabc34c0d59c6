import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineFor, findingsOf } from '../../harness.js';
import { fixturesDir } from '../../helpers.js';

const cert = (name: string): Buffer => readFileSync(join(fixturesDir, 'certs', name));
const ID = 'certificate/expiring';

test('a certificate expiring in 10 days warns with the default 30-day window', async () => {
  const engine = await engineFor({ 'leaf.pem': cert('expiring-leaf.pem') });
  const [finding] = findingsOf(engine, ID);
  assert.equal(finding.severity, 'warning');
  assert.match(finding.message, /expires in 10 days \(2026-06-11\)/);
});

test('expiringDays is respected; expired and long-valid certificates stay quiet', async () => {
  assert.deepEqual(findingsOf(await engineFor({ 'leaf.pem': cert('expiring-leaf.pem') }, { expiringDays: 5 }), ID), []);
  const engine = await engineFor({ 'a.pem': cert('expired-leaf.pem'), 'b.pem': cert('ecdsa-p256-leaf.pem'), 'c.pem': cert('rsa2048-ca.pem') });
  assert.deepEqual(findingsOf(engine, ID), []);
});
