import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { engineFor, findingsOf } from '../../harness.js';
import { corpusDir, fixturesDir } from '../../helpers.js';

const ID = 'certificate/legacy-pq-oid';
const r5 = join(corpusDir, 'pqc-certs', 'hackathon-composite-r5');

test('r5 hackathon composites (draft -06/-07 OIDs) name the draft and the current OID', async () => {
  const files = Object.fromEntries(readdirSync(r5).map((f) => [f, readFileSync(join(r5, f))]));
  const found = findingsOf(await engineFor(files), ID);
  const composites = Object.keys(files).filter((f) => f.includes('114027.80.9.1.'));
  assert.equal(found.length, composites.length);
  const p256 = found.find((f) => f.file.includes('.80.9.1.8_'))!;
  assert.equal(p256.severity, 'warning');
  assert.match(p256.message, /id-MLDSA65-ECDSA-P256-SHA512 \(2\.16\.840\.1\.114027\.80\.9\.1\.8\) from draft-ietf-lamps-pq-composite-sigs-06\/-07/);
  assert.match(p256.message, /current: id-MLDSA65-ECDSA-P256-SHA512 1\.3\.6\.1\.5\.5\.7\.6\.45 \(draft-ietf-lamps-pq-composite-sigs-13\+, not yet an RFC\)/);
});

test('an OQS ipd ML-DSA OID points at the RFC 9881 OID', async () => {
  const [finding] = findingsOf(await engineFor({ 'ipd.pem': readFileSync(join(fixturesDir, 'certs', 'oqs-ipd-mldsa65.pem')) }), ID);
  assert.match(finding.message, /ML-DSA-65 \(ipd\) \(1\.3\.6\.1\.4\.1\.2\.267\.12\.6\.5\)/);
  assert.match(finding.message, /current: ML-DSA-65 2\.16\.840\.1\.101\.3\.4\.3\.18\./);
});

test('final composite OIDs, pure ML-DSA and classical certificates are not legacy', async () => {
  const vectors = JSON.parse(readFileSync(join(corpusDir, 'pqc-certs', 'composite', 'testvectors.json'), 'utf8')) as { tests: Array<{ tcId: string; x5c: string }> };
  const files: Record<string, Uint8Array> = {};
  for (const v of vectors.tests) files[`${v.tcId}.der`] = Buffer.from(v.x5c, 'base64');
  files['rsa.pem'] = readFileSync(join(fixturesDir, 'certs', 'rsa2048-ca.pem'));
  assert.deepEqual(findingsOf(await engineFor(files), ID), []);
});
