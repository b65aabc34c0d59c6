import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Engine } from '../../../server/src/core/engine.js';
import type { Finding } from '../../../server/src/core/types.js';
import { applyFix, engineFor, findingsOf } from '../../harness.js';

const ID = 'spire/invalid-pqc-key-type';
const GUIDE_STATUS = 'described in the migration guide, not in a released upstream version';

function config(value: string): string {
  return `server {\n    trust_domain = "example.org"\n    experimental {\n        pqc_svid_key_type = ${value}\n        dual_stack_svids = true\n    }\n}\n`;
}

async function run(value: string): Promise<{ engine: Engine; findings: Finding[] }> {
  const engine = await engineFor({ 'server.conf': config(value) });
  return { engine, findings: findingsOf(engine, ID) };
}

test('"Dilithium3": error at the value, renamed to ML-DSA-65 by a safe fix', async () => {
  const { engine, findings } = await run('"Dilithium3"');
  assert.equal(findings.length, 1);
  const [f] = findings;
  assert.equal(f.severity, 'error');
  assert.equal(engine.file('server.conf')!.text.slice(f.span.start, f.span.end), 'Dilithium3');
  assert.equal(
    f.message,
    'pqc_svid_key_type "Dilithium3" is not a valid PQC SVID key type: use ML-DSA-44, ML-DSA-65 or ML-DSA-87. ' +
      `"Dilithium3" is not the FIPS 204 name; it corresponds to ML-DSA-65. The pqc_svid_key_type setting itself is ${GUIDE_STATUS}.`,
  );
  assert.equal(f.fixes.length, 1);
  assert.equal(f.fixes[0].safe, true);
  assert.equal(f.fixes[0].title, 'Change to "ML-DSA-65"');
  const text = applyFix(engine, f, f.fixes[0]);
  assert.equal(text, config('"ML-DSA-65"'));
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('every pre-standard or loose spelling maps through knowledge.renames', async () => {
  const cases: [string, string][] = [
    ['dilithium2', 'ML-DSA-44'],
    ['DILITHIUM_3', 'ML-DSA-65'],
    ['dilithium-5', 'ML-DSA-87'],
    ['Dilithium 3', 'ML-DSA-65'],
    ['mldsa44', 'ML-DSA-44'],
    ['MLDSA87', 'ML-DSA-87'],
  ];
  for (const [written, expected] of cases) {
    const { engine, findings } = await run(`"${written}"`);
    assert.equal(findings.length, 1, written);
    assert.equal(findings[0].fixes[0]?.title, `Change to "${expected}"`, written);
    assert.equal(applyFix(engine, findings[0], findings[0].fixes[0]), config(`"${expected}"`));
  }
});

test('wrong case of a valid name is fixed with a spelling note', async () => {
  const { engine, findings } = await run('"ml-dsa-87"');
  assert.match(findings[0].message, /The parameter set is spelled "ML-DSA-87"\./);
  assert.equal(applyFix(engine, findings[0], findings[0].fixes[0]), config('"ML-DSA-87"'));
});

test('a KEM name or a classical key type is an error without a fix', async () => {
  let { findings } = await run('"kyber768"');
  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /"kyber768" corresponds to ML-KEM-768, a key-encapsulation mechanism, not a signature algorithm\./);
  assert.deepEqual(findings[0].fixes, []);
  ({ findings } = await run('"ec-p256"'));
  assert.equal(findings.length, 1);
  assert.ok(findings[0].message.startsWith('pqc_svid_key_type "ec-p256" is not a valid PQC SVID key type: use ML-DSA-44, ML-DSA-65 or ML-DSA-87. The pqc_svid_key_type'));
  assert.deepEqual(findings[0].fixes, []);
  ({ findings } = await run('""'));
  assert.equal(findings.length, 1, 'empty string');
});

test('a non-string literal is reported as written; interpolations are not judged', async () => {
  const { engine, findings } = await run('65');
  assert.equal(findings.length, 1);
  assert.equal(engine.file('server.conf')!.text.slice(findings[0].span.start, findings[0].span.end), '65');
  assert.ok(findings[0].message.startsWith('pqc_svid_key_type 65 is not a valid PQC SVID key type'));
  assert.deepEqual((await run('"${PQC_KEY_TYPE}"')).findings, []);
});

test('valid values stay quiet', async () => {
  for (const v of ['ML-DSA-44', 'ML-DSA-65', 'ML-DSA-87']) assert.deepEqual((await run(`"${v}"`)).findings, [], v);
});
