import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../../server/src/core/engine.js';
import { defaultKnowledge, engineFor, findingsOf } from '../../harness.js';
import { fixturesDir } from '../../helpers.js';

const cert = (name: string): Buffer => readFileSync(join(fixturesDir, 'certs', name));
const ID = 'certificate/expired';

test('an expired leaf is an error with its date (clock 2026-06-01)', async () => {
  const engine = await engineFor({ 'ca.pem': cert('ecdsa-p256-ca.pem'), 'leaf.pem': cert('expired-leaf.pem') });
  const found = findingsOf(engine, ID);
  assert.equal(found.length, 1);
  assert.equal(found[0].file, 'leaf.pem');
  assert.equal(found[0].severity, 'error');
  assert.match(found[0].message, /expired on 2025-01-01 \(516 days ago\)/);
});

test('valid and expiring certificates are not expired; the clock is the engine\'s', async () => {
  const engine = await engineFor({ 'a.pem': cert('ecdsa-p256-leaf.pem'), 'b.pem': cert('expiring-leaf.pem'), 'c.pem': cert('mldsa65-ca.pem') });
  assert.deepEqual(findingsOf(engine, ID), []);
  const later = new Engine({ knowledge: defaultKnowledge(), now: new Date('2030-01-01T00:00:00Z') });
  later.setFile('a.pem', cert('ecdsa-p256-leaf.pem'));
  assert.equal(later.analyze('a.pem').filter((f) => f.ruleId === ID).length, 1);
});
