import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, engineFor, findingsOf } from '../../harness.js';

const ID = 'pqpolicy/pre-standard-algorithm';
const PROPOSAL = 'The PQPolicy resource is proposed, not released (seeds/002); no released controller enforces it.';

// seeds/002_f61080b34402546c.txt, "Kubernetes Operator Approach", verbatim.
const SEED = [
  'apiVersion: security.k8s.io/v1',
  'kind: PQPolicy',
  'metadata:',
  '  name: ingress-pq-policy',
  'spec:',
  '  algorithms:',
  '    - kyber768',
  '    - dilithium3',
  '  hybrid: true',
  '  rollback: enabled',
  '',
].join('\n');

function slice(engine: Awaited<ReturnType<typeof engineFor>>, f: { file: string; span: { start: number; end: number } }): string {
  return engine.file(f.file)!.text.slice(f.span.start, f.span.end);
}

test("the seed's kyber768 and dilithium3: one warning each, on the name, saying the CRD is a proposal", async () => {
  const engine = await engineFor({ 'policy.yaml': SEED });
  const findings = findingsOf(engine, ID);
  assert.deepEqual(findings.map((f) => slice(engine, f)), ['kyber768', 'dilithium3']);
  assert.ok(findings.every((f) => f.severity === 'warning'));
  assert.equal(
    findings[0].message,
    'PQPolicy ingress-pq-policy lists "kyber768", the pre-standard predecessor of ML-KEM-768 (FIPS 203 (ML-KEM) parameter sets; released upstream); ' +
      `the standard does not interoperate with the pre-standard version, so name ML-KEM-768. ${PROPOSAL}`,
  );
  assert.match(findings[1].message, /"dilithium3", the pre-standard predecessor of ML-DSA-65 \(FIPS 204/);
});

test('the fixes are safe, rename in place and leave the rest of the file alone; afterwards no PQPolicy rule reports anything', async () => {
  const engine = await engineFor({ 'policy.yaml': SEED });
  const first = findingsOf(engine, ID)[0];
  assert.deepEqual(first.fixes.map((x) => [x.title, x.safe]), [['Replace "kyber768" with ML-KEM-768', true]]);
  applyFix(engine, first, first.fixes[0]);
  const second = findingsOf(engine, ID)[0];
  const text = applyFix(engine, second, second.fixes[0]);
  assert.equal(text, SEED.replace('- kyber768', '- ML-KEM-768').replace('- dilithium3', '- ML-DSA-65'));
  assert.deepEqual(findingsOf(engine).filter((f) => f.ruleId.startsWith('pqpolicy/')), []);
});

test('quoted names keep their quotes; flow lists, case and the draft hybrid group are handled', async () => {
  const text = [
    'apiVersion: security.k8s.io/v1',
    'kind: PQPolicy',
    'metadata: {name: mesh, namespace: istio-system}',
    'spec:',
    '  algorithms: ["Kyber1024", X25519Kyber768Draft00, \'Dilithium2\', sphincs+-shake-256f-simple]',
    '',
  ].join('\n');
  const engine = await engineFor({ 'p.yaml': text });
  const findings = findingsOf(engine, ID);
  assert.deepEqual(findings.map((f) => slice(engine, f)), ['Kyber1024', 'X25519Kyber768Draft00', 'Dilithium2', 'sphincs+-shake-256f-simple']);
  assert.deepEqual(findings.map((f) => f.fixes[0].edits[0].newText), ['ML-KEM-1024', 'X25519MLKEM768', 'ML-DSA-44', 'SLH-DSA-SHAKE-256f']);
  assert.match(findings[0].message, /^PQPolicy istio-system\/mesh lists "Kyber1024"/);
  let current = engine.file('p.yaml')!.text;
  for (let i = 0; i < 4; i++) {
    const f = findingsOf(engine, ID)[0];
    current = applyFix(engine, f, f.fixes[0]);
  }
  assert.equal(current.split('\n')[4], '  algorithms: ["ML-KEM-1024", X25519MLKEM768, \'ML-DSA-44\', SLH-DSA-SHAKE-256f]');
});

test('standard names and their OQS spellings are not pre-standard', async () => {
  const engine = await engineFor({
    'p.yaml': SEED.replace('- kyber768', '- ML-KEM-768').replace('- dilithium3', '- mldsa65\n    - SecP384r1MLKEM1024\n    - SLH-DSA-SHA2-128f\n    - ML-DSA'),
  });
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('a legacy-pq algorithm without a standard successor is reported without a fix', async () => {
  const engine = await engineFor({ 'p.yaml': SEED.replace('- dilithium3', '- Falcon-512') });
  const falcon = findingsOf(engine, ID).find((f) => slice(engine, f) === 'Falcon-512')!;
  assert.ok(falcon);
  assert.deepEqual(falcon.fixes, []);
  assert.match(falcon.message, /"Falcon-512", a pre-standard algorithm \(Falcon-512 \(OQS\) in the knowledge table\) with no NIST standard name/);
});

test('other kinds with the same field, and Helm templates, are left alone', async () => {
  const engine = await engineFor({
    'other.yaml': SEED.replace('kind: PQPolicy', 'kind: CryptoProfile'),
    'templates/policy.yaml': SEED.replace('ingress-pq-policy', '{{ .Release.Name }}-policy'),
  });
  assert.deepEqual(findingsOf(engine, ID), []);
});
