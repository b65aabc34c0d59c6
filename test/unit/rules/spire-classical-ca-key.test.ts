import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../server/src/core/engine.js';
import { createHclParser } from '../../../server/src/node/hcl.js';
import type { Finding } from '../../../server/src/core/types.js';
import { applyFix, defaultKnowledge, engineFor, findingsOf, TEST_NOW } from '../../harness.js';

const ID = 'spire/classical-ca-key';
const GUIDE_STATUS = 'described in the migration guide, not in a released upstream version';

async function run(text: string, path = 'server.conf'): Promise<{ engine: Engine; findings: Finding[] }> {
  const engine = await engineFor({ [path]: text });
  return { engine, findings: findingsOf(engine, ID) };
}

function slice(engine: Engine, f: Finding): string {
  return engine.file(f.file)!.text.slice(f.span.start, f.span.end);
}

/** Applies the only fix and checks the result parses and no longer triggers the rule. */
function fixOnce(engine: Engine, finding: Finding): string {
  assert.equal(finding.fixes.length, 1);
  assert.equal(finding.fixes[0].safe, false, 'the guide-only setting is never a safe fix');
  const text = applyFix(engine, finding, finding.fixes[0]);
  assert.deepEqual(findingsOf(engine, 'syntax-error'), [], `fixed text must parse:\n${text}`);
  assert.deepEqual(findingsOf(engine, ID), [], 'the fix removes the finding');
  return text;
}

test('absent ca_key_type: reports the ec-p256 default at the server keyword, says the PQC SVID setting is guide-only', async () => {
  const { engine, findings } = await run('server {\n    trust_domain = "example.org"\n}\n');
  assert.equal(findings.length, 1);
  const [f] = findings;
  assert.equal(slice(engine, f), 'server');
  assert.equal(f.severity, 'warning');
  assert.equal(
    f.message,
    'This SPIRE server has no ca_key_type, so its CA key is the classical default "ec-p256", and no PQC SVID key type is configured. ' +
      `SPIRE v1.15.3 only offers rsa-2048, rsa-4096, ec-p256, ec-p384; ML-DSA SVIDs via experimental { pqc_svid_key_type, dual_stack_svids } are ${GUIDE_STATUS}.`,
  );
  assert.match(f.fixes[0].title, /not in a released SPIRE version/);
  assert.equal(
    fixOnce(engine, f),
    'server {\n    trust_domain = "example.org"\n    experimental {\n        pqc_svid_key_type = "ML-DSA-65"\n        dual_stack_svids = true\n    }\n}\n',
  );
});

test('explicit classical ca_key_type: the span is the value without quotes', async () => {
  for (const value of ['rsa-2048', 'rsa-4096', 'ec-p256', 'ec-p384']) {
    const { engine, findings } = await run(`server {\n  trust_domain = "example.org"\n  ca_key_type = "${value}"\n}\n`);
    assert.equal(findings.length, 1, value);
    assert.equal(slice(engine, findings[0]), value);
    assert.ok(findings[0].message.startsWith(`This SPIRE server's CA key type "${value}" is classical, and no PQC SVID key type is configured.`));
  }
});

test('existing experimental block: adds the two keys at its end with its indentation, keeping comments', async () => {
  const text = [
    'server {',
    '  trust_domain = "example.org"',
    '  ca_key_type = "rsa-2048"',
    '',
    '  experimental {',
    '    # PQ key exchange (SPIRE >= 1.11.1)',
    '    require_pq_kem = true',
    '  }',
    '}',
    '',
  ].join('\n');
  const { engine, findings } = await run(text);
  assert.equal(
    fixOnce(engine, findings[0]),
    text.replace('    require_pq_kem = true\n', '    require_pq_kem = true\n    pqc_svid_key_type = "ML-DSA-65"\n    dual_stack_svids = true\n'),
  );
});

test('dual_stack_svids = false in the existing block is switched on, not duplicated', async () => {
  const text = 'server {\n\tca_key_type = "ec-p384"\n\texperimental {\n\t\tdual_stack_svids = false\n\t}\n}\n';
  const { engine, findings } = await run(text);
  assert.equal(
    fixOnce(engine, findings[0]),
    'server {\n\tca_key_type = "ec-p384"\n\texperimental {\n\t\tdual_stack_svids = true\n\t\tpqc_svid_key_type = "ML-DSA-65"\n\t}\n}\n',
  );
  assert.deepEqual(findingsOf(engine, 'spire/dual-stack-off'), []);
});

test('one-line and empty server blocks are opened up so every entry has its own line', async () => {
  let { engine, findings } = await run('server { trust_domain = "example.org" }\n');
  assert.equal(
    fixOnce(engine, findings[0]),
    'server {\n    trust_domain = "example.org"\n    experimental {\n        pqc_svid_key_type = "ML-DSA-65"\n        dual_stack_svids = true\n    }\n}\n',
  );
  ({ engine, findings } = await run('server {}\n'));
  assert.equal(
    fixOnce(engine, findings[0]),
    'server {\n    experimental {\n        pqc_svid_key_type = "ML-DSA-65"\n        dual_stack_svids = true\n    }\n}\n',
  );
});

test('experimental written as an object attribute is extended in place', async () => {
  const { engine, findings } = await run('server {\n  trust_domain = "example.org"\n  experimental = {\n    require_pq_kem = true\n  }\n}\n');
  assert.equal(
    fixOnce(engine, findings[0]),
    'server {\n  trust_domain = "example.org"\n  experimental = {\n    require_pq_kem = true\n    pqc_svid_key_type = "ML-DSA-65"\n    dual_stack_svids = true\n  }\n}\n',
  );
});

test('CRLF files get CRLF lines; the indentation unit comes from the file', async () => {
  const { engine, findings } = await run('server {\r\n  trust_domain = "example.org"\r\n}\r\n\r\nplugins {\r\n  KeyManager "memory" {\r\n    plugin_data {}\r\n  }\r\n}\r\n');
  const text = fixOnce(engine, findings[0]);
  assert.ok(text.startsWith('server {\r\n  trust_domain = "example.org"\r\n  experimental {\r\n    pqc_svid_key_type = "ML-DSA-65"\r\n    dual_stack_svids = true\r\n  }\r\n}\r\n'), JSON.stringify(text));
});

test('quiet for the guide snippet, agents, unknown or computed key types', async () => {
  const guide = 'server {\n    trust_domain = "example.org"\n    experimental {\n        pqc_svid_key_type = "ML-DSA-65"\n        dual_stack_svids = true # Issue both ECDSA and ML-DSA SVIDs simultaneously\n    }\n}\n';
  assert.deepEqual((await run(guide)).findings, []);
  assert.deepEqual((await run('agent {\n  trust_domain = "example.org"\n}\n', 'agent.conf')).findings, []);
  assert.deepEqual((await run('server {\n  ca_key_type = "ec-p521"\n}\n')).findings, [], 'not a SPIRE key type: not this rule');
  assert.deepEqual((await run('server {\n  ca_key_type = "${CA_KEY_TYPE}"\n}\n')).findings, [], 'interpolation');
  // A PQC key type, even an invalid one, means PQC SVIDs are configured (invalid-pqc-key-type reports it).
  assert.deepEqual((await run('server {\n  experimental {\n    pqc_svid_key_type = "dilithium3"\n  }\n}\n')).findings, []);
});

test('a file that does not parse is not judged: the PQC settings may sit after the error', async () => {
  const { engine, findings } = await run('server {\n  ca_key_type = "rsa-2048"\n');
  assert.deepEqual(findings, []);
  assert.equal(findingsOf(engine, 'syntax-error').length, 1);
});

test('the default key type and the offered list come from the knowledge table', async () => {
  const base = defaultKnowledge();
  const knowledge = {
    ...base,
    keyTypes: base.keyTypes.map((k) => (k.setting === 'spire.ca_key_type' ? { ...k, default: k.value === 'ec-p384' } : k)),
  };
  const engine = new Engine({ knowledge, hcl: await createHclParser(), now: TEST_NOW });
  engine.setFile('server.conf', 'server {\n  trust_domain = "example.org"\n}\n');
  const [f] = findingsOf(engine, ID);
  assert.match(f.message, /classical default "ec-p384"/);
  const none = new Engine({ knowledge: { ...base, keyTypes: base.keyTypes.map((k) => ({ ...k, default: undefined })) }, hcl: await createHclParser(), now: TEST_NOW });
  none.setFile('server.conf', 'server {\n  trust_domain = "example.org"\n}\n');
  assert.deepEqual(findingsOf(none, ID), [], 'without a known default an absent ca_key_type is not judged');
});
