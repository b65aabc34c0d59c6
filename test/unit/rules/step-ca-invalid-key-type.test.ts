import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Engine } from '../../../server/src/core/engine.js';
import type { Finding } from '../../../server/src/core/types.js';
import { applyFix, engineFor, findingsOf } from '../../harness.js';

const ID = 'step-ca/invalid-key-type';
const CRV_LIST =
  'P-256, P-384, P-521, Ed25519 (released upstream); ML-DSA-44, ML-DSA-65, ML-DSA-87 (described in the migration guide, not in a released upstream version)';

function caJson(extra: string): string {
  return `{\n  "root": "/home/step/certs/root_ca.crt",\n  "crt": "/home/step/certs/intermediate_ca.crt",\n  "key": "/home/step/secrets/intermediate_ca_key",\n${extra}  "address": ":9000",\n  "authority": {"provisioners": []}\n}\n`;
}

function slice(engine: Engine, f: Finding): string {
  return engine.file(f.file)!.text.slice(f.span.start, f.span.end);
}

async function run(extra: string): Promise<{ engine: Engine; found: Finding[] }> {
  const engine = await engineFor({ 'step/config/ca.json': caJson(extra) });
  return { engine, found: findingsOf(engine, ID) };
}

test('"Dilithium3": the pre-standard name, fixed (safely) to ML-DSA-65', async () => {
  const { engine, found } = await run('  "kty": "OKP",\n  "crv": "Dilithium3",\n');
  const [f, ...rest] = found;
  assert.equal(rest.length, 0);
  assert.equal(slice(engine, f), 'Dilithium3');
  assert.equal(f.severity, 'error');
  assert.equal(f.message, `"crv": "Dilithium3" is not a key type step-ca knows; "crv" is one of ${CRV_LIST}. "Dilithium3" is the pre-standard name of ML-DSA-65.`);
  assert.deepEqual(f.fixes.map((x) => [x.title, x.safe]), [['Replace "Dilithium3" with "ML-DSA-65"', true]]);
  assert.equal(applyFix(engine, f, f.fixes[0]), caJson('  "kty": "OKP",\n  "crv": "ML-DSA-65",\n'));
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('other spellings: mldsa87, ML_DSA_44, wrong case', async () => {
  for (const [written, fixed] of [['mldsa87', 'ML-DSA-87'], ['ML_DSA_44', 'ML-DSA-44'], ['ml-dsa-65', 'ML-DSA-65'], ['p-384', 'P-384'], ['ED25519', 'Ed25519']]) {
    const { engine, found } = await run(`  "crv": "${written}",\n`);
    assert.equal(found.length, 1, written);
    assert.equal(found[0].fixes[0].title, `Replace "${written}" with "${fixed}"`);
    assert.equal(applyFix(engine, found[0], found[0].fixes[0]), caJson(`  "crv": "${fixed}",\n`));
  }
  const { found } = await run('  "crv": "ml-dsa-65",\n');
  assert.ok(found[0].message.endsWith('Values are case-sensitive: "ML-DSA-65".'));
});

test('unknown curve: reported without a fix; kty is checked too; a non-string crv is reported', async () => {
  const unknown = await run('  "kty": "EC",\n  "crv": "P-512",\n');
  assert.equal(unknown.found.length, 1);
  assert.equal(unknown.found[0].message, `"crv": "P-512" is not a key type step-ca knows; "crv" is one of ${CRV_LIST}.`);
  assert.deepEqual(unknown.found[0].fixes, []);

  const kty = await run('  "kty": "ec",\n  "crv": "P-256",\n');
  assert.equal(slice(kty.engine, kty.found[0]), 'ec');
  assert.equal(kty.found[0].message, '"kty": "ec" is not a key type step-ca knows; "kty" is one of EC, RSA, OKP (released upstream). Values are case-sensitive: "EC".');
  assert.equal(applyFix(kty.engine, kty.found[0], kty.found[0].fixes[0]), caJson('  "kty": "EC",\n  "crv": "P-256",\n'));

  const akp = await run('  "kty": "AKP",\n  "crv": "ML-DSA-65",\n');
  assert.deepEqual(akp.found[0].fixes, []);

  const number = await run('  "crv": 256,\n');
  assert.equal(slice(number.engine, number.found[0]), '256');
  assert.equal(number.found[0].message, `"crv" must be a string: one of ${CRV_LIST}.`);
});

test('not reported: the guide\'s values, classical curves, upstream ca.json without kty/crv, provisioner JWKs', async () => {
  for (const extra of ['  "kty": "OKP",\n  "crv": "ML-DSA-65",\n', '  "kty": "EC",\n  "crv": "P-384",\n', '  "kty": "RSA",\n', '']) {
    const { found } = await run(extra);
    assert.deepEqual(found, [], extra);
  }
  const engine = await engineFor({
    'ca.json': '{"root": "r.crt", "crt": "i.crt", "authority": {"provisioners": [{"type": "JWK", "name": "x", "key": {"kty": "EC", "crv": "P-999"}}]}}',
  });
  assert.deepEqual(findingsOf(engine, ID), []);
});
