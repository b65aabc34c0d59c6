import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, engineFor, findingsOf } from '../../harness.js';

const ID = 'pqpolicy/invalid-spec';
const PROPOSAL = 'The PQPolicy resource is proposed, not released (seeds/002); no released controller enforces it.';

const HEAD = ['apiVersion: security.k8s.io/v1', 'kind: PQPolicy', 'metadata:', '  name: ingress-pq-policy'];
const doc = (...spec: string[]): string => [...HEAD, ...spec, ''].join('\n');
const SEED = doc('spec:', '  algorithms:', '    - kyber768', '    - dilithium3', '  hybrid: true', '  rollback: enabled');

async function run(text: string) {
  const engine = await engineFor({ 'p.yaml': text });
  const findings = findingsOf(engine, ID);
  return { engine, findings, slices: findings.map((f) => text.slice(f.span.start, f.span.end)) };
}

test("the seed's example is a valid PQPolicy (its pre-standard names are another rule's business)", async () => {
  const { findings } = await run(SEED);
  assert.deepEqual(findings, []);
});

test('missing spec.algorithms is an error on the spec key', async () => {
  const { findings, slices } = await run(doc('spec:', '  hybrid: true'));
  assert.deepEqual(slices, ['spec']);
  assert.equal(findings[0].severity, 'error');
  assert.equal(findings[0].message, `PQPolicy ingress-pq-policy has no spec.algorithms; list the algorithms the policy requires, for example ML-KEM-768 and ML-DSA-65. ${PROPOSAL}`);
});

test('missing spec and missing metadata.name are reported on the kind', async () => {
  const { findings, slices } = await run('apiVersion: security.k8s.io/v1\nkind: PQPolicy\nmetadata:\n  labels: {team: edge}\n');
  assert.deepEqual(slices, ['PQPolicy', 'PQPolicy']);
  assert.equal(findings[0].message, 'This PQPolicy has no metadata.name; Kubernetes rejects objects without a name.');
  assert.match(findings[1].message, /^PQPolicy \(unnamed\) has no spec; the proposal's resource needs spec.algorithms/);
});

test('unknown algorithm names: error on the item, with an unsafe "did you mean" fix when a standard name is close', async () => {
  const text = doc('spec:', '  algorithms:', '    - ML-KEM-786', '    - QuantumShield-9000', '    - {name: ML-DSA-65}', '  hybrid: true');
  const { engine, findings, slices } = await run(text);
  assert.deepEqual(slices, ['ML-KEM-786', 'QuantumShield-9000', '{name: ML-DSA-65}']);
  assert.equal(findings[0].message, `PQPolicy ingress-pq-policy lists "ML-KEM-786" in spec.algorithms, which is not an algorithm name PQC Lens knows; did you mean ML-KEM-768? ${PROPOSAL}`);
  assert.deepEqual(findings[0].fixes.map((x) => [x.title, x.safe]), [['Replace "ML-KEM-786" with ML-KEM-768', false]]);
  assert.deepEqual(findings[1].fixes, []);
  assert.match(findings[1].message, /"QuantumShield-9000" in spec.algorithms, which is not an algorithm name PQC Lens knows \(standard names are ML-KEM-768/);
  assert.match(findings[2].message, /has "\{name: ML-DSA-65\}" in spec.algorithms, which is not an algorithm name \(a string such as ML-KEM-768\)/);
  const after = applyFix(engine, findings[0], findings[0].fixes[0]);
  assert.equal(after, text.replace('ML-KEM-786', 'ML-KEM-768'));
  assert.equal(findingsOf(engine, ID).length, 2);
});

test('algorithms as a scalar or an empty list', async () => {
  let r = await run(doc('spec:', '  algorithms: "ML-KEM-768, ML-DSA-65"'));
  assert.deepEqual(r.slices, ['ML-KEM-768, ML-DSA-65']);
  assert.match(r.findings[0].message, /gives spec.algorithms as the single value "ML-KEM-768, ML-DSA-65"; it must be a list of algorithm names/);
  r = await run(doc('spec:', '  algorithms: []'));
  assert.deepEqual(r.slices, ['[]']);
  assert.match(r.findings[0].message, /has an empty spec.algorithms list, so it requires no algorithm/);
});

test('a quoted boolean in hybrid: safe fix that unquotes it; other non-booleans have no fix', async () => {
  const text = doc('spec:', '  algorithms: [ML-KEM-768]', '  hybrid: "true"');
  const { engine, findings, slices } = await run(text);
  assert.deepEqual(slices, ['"true"']);
  assert.equal(findings[0].message, `PQPolicy ingress-pq-policy quotes spec.hybrid, making it the string "true" rather than a boolean; write hybrid: true without quotes. ${PROPOSAL}`);
  assert.deepEqual(findings[0].fixes.map((x) => [x.title, x.safe]), [['Write hybrid: true as a boolean', true]]);
  assert.equal(applyFix(engine, findings[0], findings[0].fixes[0]), text.replace('"true"', 'true'));
  assert.deepEqual(findingsOf(engine, ID), []);

  const other = await run(doc('spec:', '  algorithms: [ML-KEM-768]', '  hybrid: sometimes'));
  assert.deepEqual(other.slices, ['sometimes']);
  assert.match(other.findings[0].message, /sets spec.hybrid to "sometimes"; it must be true or false/);
  assert.deepEqual(other.findings[0].fixes, []);
  assert.deepEqual((await run(doc('spec:', '  algorithms: [ML-KEM-768]', '  hybrid: yes'))).findings, [], 'YAML 1.1 yes is a boolean for Kubernetes');
});

test('rollback: enabled/disabled and booleans pass; other values and lists are errors', async () => {
  for (const ok of ['enabled', 'Disabled', 'true', 'off']) {
    assert.deepEqual((await run(doc('spec:', '  algorithms: [ML-KEM-768]', `  rollback: ${ok}`))).findings, [], ok);
  }
  const bad = await run(doc('spec:', '  algorithms: [ML-KEM-768]', '  rollback: "automatic"'));
  assert.deepEqual(bad.slices, ['automatic']);
  assert.equal(bad.findings[0].message, `PQPolicy ingress-pq-policy sets spec.rollback to "automatic"; use enabled or disabled (the proposal's example writes rollback: enabled). ${PROPOSAL}`);
  const list = await run(doc('spec:', '  algorithms: [ML-KEM-768]', '  rollback:', '    - enabled', '  hybrid: true'));
  assert.deepEqual(list.slices, ['- enabled'], 'the span stops at the end of the list');
});

test('fields the proposal does not show are warnings; a near miss gets an unsafe rename', async () => {
  const text = doc('spec:', '  algorithms: [ML-KEM-768]', '  hybird: true', '  enforcement: strict');
  const { engine, findings, slices } = await run(text);
  assert.deepEqual(slices, ['hybird', 'enforcement']);
  assert.deepEqual(findings.map((f) => f.severity), ['warning', 'warning']);
  assert.equal(findings[0].message, `PQPolicy ingress-pq-policy has spec.hybird, which the proposal's example does not show (it has algorithms, hybrid, rollback); did you mean hybrid? ${PROPOSAL}`);
  assert.deepEqual(findings[0].fixes.map((x) => [x.title, x.safe]), [['Rename "hybird" to hybrid', false]]);
  assert.deepEqual(findings[1].fixes, []);
  assert.equal(applyFix(engine, findings[0], findings[0].fixes[0]), text.replace('hybird', 'hybrid'));
  assert.deepEqual(findingsOf(engine, ID).map((f) => f.message.slice(0, 60)), [findings[1].message.slice(0, 60)]);
});
