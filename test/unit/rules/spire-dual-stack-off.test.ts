import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, engineFor, findingsOf } from '../../harness.js';

const ID = 'spire/dual-stack-off';
const GUIDE_STATUS = 'described in the migration guide, not in a released upstream version';

const HEAD = 'server {\n    trust_domain = "example.org"\n    # Enable experimental PQC SVID support\n    experimental {\n        pqc_svid_key_type = "ML-DSA-65"\n';
const TAIL = '    }\n}\n';

test('dual_stack_svids = false: warning at the value, a safe fix sets it true', async () => {
  const engine = await engineFor({ 'server.conf': `${HEAD}        dual_stack_svids = false\n${TAIL}` });
  const [f, ...rest] = findingsOf(engine, ID);
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(engine.file('server.conf')!.text.slice(f.span.start, f.span.end), 'false');
  assert.equal(
    f.message,
    'PQC SVIDs are enabled but dual_stack_svids is false: workloads that only validate ECDSA SVIDs get no SVID they can use. ' +
      `Set dual_stack_svids = true so each workload receives an ECDSA and an ML-DSA SVID. Both settings are ${GUIDE_STATUS}.`,
  );
  assert.deepEqual(f.fixes.map((x) => [x.title, x.safe]), [['Set dual_stack_svids = true', true]]);
  assert.equal(applyFix(engine, f, f.fixes[0]), `${HEAD}        dual_stack_svids = true\n${TAIL}`);
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('dual_stack_svids absent: reported at pqc_svid_key_type, the fix adds the line below it', async () => {
  const engine = await engineFor({ 'server.conf': HEAD + TAIL });
  const [f] = findingsOf(engine, ID);
  assert.equal(engine.file('server.conf')!.text.slice(f.span.start, f.span.end), 'pqc_svid_key_type');
  assert.match(f.message, /^PQC SVIDs are enabled but dual_stack_svids is not set:/);
  assert.equal(f.fixes[0].title, 'Add dual_stack_svids = true');
  assert.equal(applyFix(engine, f, f.fixes[0]), `${HEAD}        dual_stack_svids = true\n${TAIL}`);
  assert.deepEqual(findingsOf(engine, ID), []);
  assert.deepEqual(findingsOf(engine, 'syntax-error'), []);
});

test('a quoted "true" is not a boolean for SPIRE (hcl v1 decodes bools from bool literals only)', async () => {
  const engine = await engineFor({ 'server.conf': `${HEAD}        dual_stack_svids = "true"\n${TAIL}` });
  const [f] = findingsOf(engine, ID);
  assert.match(f.message, /dual_stack_svids is "true" \(not the boolean true\)/);
  assert.equal(applyFix(engine, f, f.fixes[0]), `${HEAD}        dual_stack_svids = true\n${TAIL}`);
});

test('one-line experimental block is opened up when the line is added', async () => {
  const engine = await engineFor({ 'server.conf': 'server {\n  experimental { pqc_svid_key_type = "ML-DSA-87" }\n}\n' });
  const [f] = findingsOf(engine, ID);
  assert.equal(
    applyFix(engine, f, f.fixes[0]),
    'server {\n  experimental {\n    pqc_svid_key_type = "ML-DSA-87"\n    dual_stack_svids = true\n  }\n}\n',
  );
  assert.deepEqual(findingsOf(engine, ID), []);
  assert.deepEqual(findingsOf(engine, 'syntax-error'), []);
});

test('quiet without PQC SVIDs, with dual stack on, and for agents', async () => {
  const engine = await engineFor({
    'a/server.conf': 'server {\n  trust_domain = "example.org"\n  experimental {\n    dual_stack_svids = false\n  }\n}\n',
    'b/server.conf': `${HEAD}        dual_stack_svids = true # Issue both ECDSA and ML-DSA SVIDs simultaneously\n${TAIL}`,
    'c/agent.conf': 'agent {\n  experimental {\n    pqc_svid_key_type = "ML-DSA-65"\n  }\n}\n',
  });
  assert.deepEqual(findingsOf(engine, ID), []);
});
