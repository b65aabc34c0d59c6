import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, engineFor, findingsOf } from '../../harness.js';

const ID = 'spire/no-pq-kem';

const GUIDE_SERVER = [
  'server {',
  '    trust_domain = "example.org"',
  '    # Enable experimental PQC SVID support',
  '    experimental {',
  '        pqc_svid_key_type = "ML-DSA-65"',
  '        dual_stack_svids = true # Issue both ECDSA and ML-DSA SVIDs simultaneously',
  '    }',
  '}',
  '',
].join('\n');
const AGENT = 'agent {\n  data_dir = "./.data"\n  server_address = "127.0.0.1"\n  trust_domain = "example.org"\n}\n\nplugins {}\n';
const HISTORY = 'The setting is released upstream since SPIRE v1.11.1 (draft Kyber) and negotiates X25519MLKEM768 since v1.14.3; ' +
  'it forces TLS 1.3 with post-quantum groups only, so every peer must support them.';

test('nobody requires a PQ KEM: one info finding per server/agent, at the experimental block or the role keyword', async () => {
  const engine = await engineFor({ 'server.conf': GUIDE_SERVER, 'agent.conf': AGENT });
  const findings = findingsOf(engine, ID);
  assert.equal(findings.length, 2);
  const server = findings.find((f) => f.file === 'server.conf')!;
  const agent = findings.find((f) => f.file === 'agent.conf')!;
  assert.equal(server.severity, 'info');
  assert.equal(engine.file('server.conf')!.text.slice(server.span.start, server.span.end), 'experimental');
  assert.equal(engine.file('agent.conf')!.text.slice(agent.span.start, agent.span.end), 'agent');
  assert.equal(
    server.message,
    'No SPIRE server or agent in the workspace sets experimental { require_pq_kem = true }, so this server\'s TLS connections can fall back to a ' +
      `classical key exchange, leaving recorded traffic open to later quantum decryption. ${HISTORY}`,
  );
  assert.match(agent.message, /so this agent's TLS connections/);
});

test('the fix adds require_pq_kem to the existing block; it is unsafe; afterwards the whole workspace is quiet', async () => {
  const engine = await engineFor({ 'server.conf': GUIDE_SERVER, 'agent.conf': AGENT });
  const server = findingsOf(engine, ID).find((f) => f.file === 'server.conf')!;
  assert.equal(server.fixes.length, 1);
  assert.equal(server.fixes[0].safe, false);
  assert.match(server.fixes[0].title, /peers without PQ support are refused/);
  const text = applyFix(engine, server, server.fixes[0]);
  assert.equal(text, GUIDE_SERVER.replace('simultaneously\n', 'simultaneously\n        require_pq_kem = true\n'));
  assert.deepEqual(findingsOf(engine, ID), [], 'one side of the agent-server link is enough');
  assert.deepEqual(findingsOf(engine, 'syntax-error'), []);
});

test('an agent without an experimental block gets one', async () => {
  const engine = await engineFor({ 'agent.conf': AGENT });
  const [f] = findingsOf(engine, ID);
  assert.equal(
    applyFix(engine, f, f.fixes[0]),
    'agent {\n  data_dir = "./.data"\n  server_address = "127.0.0.1"\n  trust_domain = "example.org"\n  experimental {\n    require_pq_kem = true\n  }\n}\n\nplugins {}\n',
  );
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('require_pq_kem = false: reported at the value and flipped by the fix', async () => {
  const text = 'agent {\n    trust_domain = "example.org"\n    experimental {\n        require_pq_kem = false\n    }\n}\n';
  const engine = await engineFor({ 'agent.conf': text });
  const [f] = findingsOf(engine, ID);
  assert.equal(engine.file('agent.conf')!.text.slice(f.span.start, f.span.end), 'false');
  assert.ok(f.message.startsWith('This SPIRE agent sets require_pq_kem = false and no other SPIRE server or agent in the workspace enables it, so this agent\'s TLS'));
  assert.equal(applyFix(engine, f, f.fixes[0]), text.replace('= false', '= true'));
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('quiet when the server or an agent requires it; an UpstreamAuthority "spire" setting alone does not count', async () => {
  const requiring = 'server {\n  trust_domain = "example.org"\n  experimental {\n    require_pq_kem = true\n  }\n}\n';
  assert.deepEqual(findingsOf(await engineFor({ 'server.conf': requiring, 'agent.conf': AGENT }), ID), []);
  const agentRequiring = AGENT.replace('trust_domain = "example.org"\n', 'trust_domain = "example.org"\n  experimental {\n    require_pq_kem = true\n  }\n');
  assert.deepEqual(findingsOf(await engineFor({ 'server.conf': GUIDE_SERVER, 'agent.conf': agentRequiring }), ID), []);
  const nested = 'server {\n  trust_domain = "example.org"\n}\nplugins {\n  UpstreamAuthority "spire" {\n    plugin_data {\n      server_address = "upstream"\n      experimental {\n        require_pq_kem = true\n      }\n    }\n  }\n}\n';
  assert.equal(findingsOf(await engineFor({ 'server.conf': nested }), ID).length, 1, 'that protects only the link to the upstream server');
});

test('adding a requiring agent elsewhere clears the server finding (cross-file)', async () => {
  const engine = await engineFor({ 'server.conf': GUIDE_SERVER });
  assert.equal(findingsOf(engine, ID).length, 1);
  engine.setFile('agent.conf', AGENT.replace('trust_domain = "example.org"\n', 'trust_domain = "example.org"\n  experimental {\n    require_pq_kem = true\n  }\n'));
  assert.deepEqual(findingsOf(engine, ID), []);
  engine.removeFile('agent.conf');
  assert.equal(findingsOf(engine, ID).length, 1);
});

test('an unterminated file is not judged on what it lacks, but an explicit false still is', async () => {
  assert.deepEqual(findingsOf(await engineFor({ 'agent.conf': 'agent {\n  trust_domain = "example.org"\n' }), ID), []);
  const broken = 'agent {\n  experimental {\n    require_pq_kem = false\n  }\n';
  const [f] = findingsOf(await engineFor({ 'agent.conf': broken }), ID);
  assert.match(f.message, /sets require_pq_kem = false/);
});
