import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, engineFor, findingsOf } from '../../harness.js';

const ID = 'pqpolicy/hybrid-disabled';

const POLICY = (hybrid: string): string => [
  'apiVersion: security.k8s.io/v1',
  'kind: PQPolicy',
  'metadata:',
  '  name: ingress-pq-policy',
  'spec:',
  '  algorithms:',
  '    - ML-KEM-768',
  '    - ML-DSA-65',
  `  hybrid: ${hybrid}`,
  '  rollback: enabled',
  '',
].join('\n');

test('hybrid: false is a warning on the value, naming the policy and the proposal status', async () => {
  const engine = await engineFor({ 'p.yaml': POLICY('false  # pure PQ') });
  const [f] = findingsOf(engine, ID);
  assert.equal(f.severity, 'warning');
  assert.equal(engine.file('p.yaml')!.text.slice(f.span.start, f.span.end), 'false');
  assert.equal(
    f.message,
    'PQPolicy ingress-pq-policy sets hybrid to false: it asks for post-quantum algorithms alone, so no classical algorithm backs them up should a new ' +
      'algorithm or its implementation prove weak, and peers without post-quantum support cannot connect. Keep hybrid: true while migrating. ' +
      'The PQPolicy resource is proposed, not released (seeds/002); no released controller enforces it.',
  );
});

test('the fix sets true, keeps the comment, is unsafe (it changes what the policy asks for) and clears the finding', async () => {
  const engine = await engineFor({ 'p.yaml': POLICY('false  # pure PQ') });
  const [f] = findingsOf(engine, ID);
  assert.deepEqual(f.fixes.map((x) => [x.title, x.safe]), [['Set hybrid: true (hybrid classical + post-quantum)', false]]);
  assert.equal(applyFix(engine, f, f.fixes[0]), POLICY('true  # pure PQ'));
  assert.deepEqual(findingsOf(engine, ID), []);
});

test("YAML 1.1 'no'/'off' (which Kubernetes reads as false) and a quoted \"false\" count; true, yes and a missing field do not", async () => {
  for (const value of ['no', 'Off', '"false"', "'FALSE'"]) {
    const engine = await engineFor({ 'p.yaml': POLICY(value) });
    const [f] = findingsOf(engine, ID);
    assert.ok(f, value);
    assert.equal(engine.file('p.yaml')!.text.slice(f.span.start, f.span.end), value, 'the span covers the value with its quotes');
  }
  for (const value of ['true', 'yes', 'True']) {
    const engine = await engineFor({ 'p.yaml': POLICY(value) });
    assert.deepEqual(findingsOf(engine, ID), [], value);
  }
  const engine = await engineFor({ 'p.yaml': POLICY('true').replace('  hybrid: true\n', '') });
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('the message does not depend on how false is written, so unquoting "false" (pqpolicy/invalid-spec) adds no new finding', async () => {
  const a = findingsOf(await engineFor({ 'p.yaml': POLICY('"false"') }), ID)[0].message;
  const b = findingsOf(await engineFor({ 'p.yaml': POLICY('false') }), ID)[0].message;
  assert.equal(a, b);
});
