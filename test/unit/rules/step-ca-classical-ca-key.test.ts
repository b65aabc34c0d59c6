import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../../server/src/core/engine.js';
import type { Finding } from '../../../server/src/core/types.js';
import { applyFix, engineFor, findingsOf } from '../../harness.js';
import { fixturesDir } from '../../helpers.js';

const ID = 'step-ca/classical-ca-key';
const GUIDE =
  'The migration guide\'s "kty": "OKP", "crv": "ML-DSA-65" is described in the migration guide, not in a released upstream version — ' +
  'step-ca v0.30.2 does not issue ML-DSA (smallstep/certificates#2717)';
const UPSTREAM = '; upstream ca.json has no top-level kty/crv at all (the key type comes from the key at "key").';
const FIXTURES = join(fixturesDir, 'rules', 'step-ca', 'classical-ca-key');
const cert = (name: string): string => readFileSync(join(FIXTURES, name.startsWith('pq') ? 'good-upstream-pq-intermediate' : 'bad-upstream-classical-intermediate', 'step', 'certs', name.replace(/^pq:/, '')), 'utf8');

function slice(engine: Engine, f: Finding): string {
  return engine.file(f.file)!.text.slice(f.span.start, f.span.end);
}

function caJson(extra: string): string {
  return `{\n  "root": "/home/step/certs/root_ca.crt",\n  "crt": "/home/step/certs/intermediate_ca.crt",\n  "key": "/home/step/secrets/intermediate_ca_key",\n${extra}  "address": ":9000",\n  "authority": {"provisioners": []}\n}\n`;
}

async function run(files: Record<string, string>): Promise<{ engine: Engine; found: Finding[] }> {
  const engine = await engineFor(files);
  return { engine, found: findingsOf(engine, ID) };
}

function fixOnce(engine: Engine, f: Finding): string {
  assert.equal(f.fixes.length, 1);
  assert.equal(f.fixes[0].safe, false, 'the guide-only ML-DSA setting is never a safe fix');
  assert.equal(f.fixes[0].title, 'Set "kty": "OKP", "crv": "ML-DSA-65" (migration guide; no released step-ca issues ML-DSA)');
  const text = applyFix(engine, f, f.fixes[0]);
  assert.deepEqual(findingsOf(engine, ID), []);
  assert.deepEqual(findingsOf(engine, 'syntax-error'), []);
  assert.deepEqual(findingsOf(engine, 'step-ca/invalid-key-type'), []);
  return text;
}

test('"kty": "EC", "crv": "P-256": reported on the curve, the fix writes the guide\'s values in place', async () => {
  const { engine, found } = await run({ 'step/config/ca.json': caJson('  "kty": "EC",\n  "crv": "P-256",\n') });
  const [f, ...rest] = found;
  assert.equal(rest.length, 0);
  assert.equal(slice(engine, f), 'P-256');
  assert.equal(f.severity, 'warning');
  assert.equal(f.message, `The intermediate CA key type "crv": "P-256" is classical, so certificates this CA signs stay forgeable by a future quantum computer. ${GUIDE}${UPSTREAM}`);
  assert.equal(fixOnce(engine, f), caJson('  "kty": "OKP",\n  "crv": "ML-DSA-65",\n'));
});

test('kty without crv, and crv without kty: the missing key is added after the other one, on its own line', async () => {
  const rsa = await run({ 'ca.json': caJson('  "kty": "RSA",\n') });
  assert.equal(slice(rsa.engine, rsa.found[0]), 'RSA');
  assert.ok(rsa.found[0].message.startsWith('The intermediate CA key type "kty": "RSA" (no "crv") is classical'));
  assert.equal(fixOnce(rsa.engine, rsa.found[0]), caJson('  "kty": "OKP",\n  "crv": "ML-DSA-65",\n'));

  const ed = await run({ 'ca.json': caJson('  "crv": "Ed25519",\n') });
  assert.equal(fixOnce(ed.engine, ed.found[0]), caJson('  "crv": "ML-DSA-65",\n  "kty": "OKP",\n'));
});

test('tabs, CRLF and one-line objects keep their layout; a wrong-case curve is reported by its canonical name', async () => {
  const tabs = '{\r\n\t"crt": "/home/step/certs/intermediate_ca.crt",\r\n\t"kty": "EC",\r\n\t"authority": {}\r\n}\r\n';
  const t = await run({ 'ca.json': tabs });
  assert.equal(fixOnce(t.engine, t.found[0]), '{\r\n\t"crt": "/home/step/certs/intermediate_ca.crt",\r\n\t"kty": "OKP",\r\n\t"crv": "ML-DSA-65",\r\n\t"authority": {}\r\n}\r\n');

  const inline = await run({ 'ca.json': '{"crt": "/c/intermediate_ca.crt", "kty": "OKP", "crv": "ed25519", "authority": {}}' });
  assert.ok(inline.found[0].message.startsWith('The intermediate CA key type "crv": "Ed25519" is classical'));
  assert.equal(fixOnce(inline.engine, inline.found[0]), '{"crt": "/c/intermediate_ca.crt", "kty": "OKP", "crv": "ML-DSA-65", "authority": {}}');
});

test('no kty/crv (upstream ca.json): a classical intermediate certificate at "crt" is reported on the path, without a fix', async () => {
  const { engine, found } = await run({
    'step/config/ca.json': caJson(''),
    'step/certs/intermediate_ca.crt': cert('intermediate_ca.crt'),
  });
  const [f] = found;
  assert.equal(slice(engine, f), '/home/step/certs/intermediate_ca.crt');
  assert.equal(f.message, `The intermediate certificate "crt" (step/certs/intermediate_ca.crt) has a classical ECDSA P-256 key, so this CA's intermediate key is classical. ${GUIDE}.`);
  assert.deepEqual(f.fixes, []);
});

test("not reported: the guide's ML-DSA-65, an ML-DSA intermediate certificate, an unresolved crt, unknown or non-string values", async () => {
  const { found } = await run({
    'guide/ca.json': caJson('  "kty": "OKP",\n  "crv": "ML-DSA-65",\n'),
    'pq/config/ca.json': caJson('').replace('/home/step/certs/intermediate_ca.crt', '/home/step/pq/intermediate_ca.crt'),
    'pq/intermediate_ca.crt': cert('pq:intermediate_ca.crt'),
    'nocert/ca.json': caJson('').replace('intermediate_ca.crt', 'missing.crt'),
    'unknown/ca.json': caJson('  "kty": "EC",\n  "crv": "P-512",\n'),
    'number/ca.json': caJson('  "crv": 256,\n'),
  });
  assert.deepEqual(found.map((f) => f.file), []);
});
