import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, engineFor, findingsOf } from '../../harness.js';

const ID = 'spire/version';
const GUIDE_STATUS = 'described in the migration guide, not in a released upstream version';

const GUIDE_SERVER = 'server {\n    trust_domain = "example.org"\n    experimental {\n        pqc_svid_key_type = "ML-DSA-65"\n        dual_stack_svids = true\n    }\n}\n';
const PQ_KEM = (value: string): string => `server {\n    trust_domain = "example.org"\n    experimental {\n        require_pq_kem = ${value}\n    }\n}\n`;
const statefulSet = (image: string): string =>
  `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: spire-server\n  namespace: spire\nspec:\n  template:\n    spec:\n      containers:\n        - name: spire-server\n          image: ${image}\n`;

test('guide PQC SVID settings with a 1.9 image: error at the tag, says the version is the guide\'s, bump to 1.10.0', async () => {
  const engine = await engineFor({ 'server.conf': GUIDE_SERVER, 'server.yaml': statefulSet('ghcr.io/spiffe/spire-server:1.9.6') });
  const findings = findingsOf(engine, ID);
  assert.equal(findings.length, 1);
  const [f] = findings;
  assert.equal(f.file, 'server.yaml');
  assert.equal(f.severity, 'error');
  assert.equal(engine.file('server.yaml')!.text.slice(f.span.start, f.span.end), '1.9.6');
  assert.equal(
    f.message,
    'SPIRE image tag "1.9.6" is older than the workspace\'s SPIRE configuration needs: pqc_svid_key_type and dual_stack_svids need SPIRE 1.10.0 ' +
      `according to the migration guide (${GUIDE_STATUS}). Update the image to 1.10.0 or later.`,
  );
  assert.deepEqual(f.fixes.map((x) => [x.title, x.safe]), [['Update the SPIRE image to 1.10.0', false]]);
  assert.equal(applyFix(engine, f, f.fixes[0]), statefulSet('ghcr.io/spiffe/spire-server:1.10.0'));
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('require_pq_kem = true with an agent image before 1.11.1: error, names the ML-KEM version, bumps to it keeping the "v"', async () => {
  const engine = await engineFor({ 'agent.conf': 'agent {\n  experimental {\n    require_pq_kem = true\n  }\n}\n', 'agent.yaml': statefulSet('"ghcr.io/spiffe/spire-agent:v1.10.4"') });
  const [f] = findingsOf(engine, ID);
  assert.equal(f.severity, 'error');
  assert.equal(engine.file('agent.yaml')!.text.slice(f.span.start, f.span.end), 'v1.10.4');
  assert.equal(
    f.message,
    'SPIRE image tag "v1.10.4" is older than the workspace\'s SPIRE configuration needs: require_pq_kem needs SPIRE 1.11.1 (released upstream), ' +
      'and its ML-KEM group X25519MLKEM768 needs 1.14.3. Update the image to 1.14.3 or later.',
  );
  assert.equal(applyFix(engine, f, f.fixes[0]), statefulSet('"ghcr.io/spiffe/spire-agent:v1.14.3"'));
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('require_pq_kem = true between 1.11.1 and 1.14.3: a warning about draft Kyber', async () => {
  const engine = await engineFor({ 'server.conf': PQ_KEM('true'), 'server.yaml': statefulSet('ghcr.io/spiffe/spire-server:1.12.0') });
  const [f] = findingsOf(engine, ID);
  assert.equal(f.severity, 'warning');
  assert.equal(
    f.message,
    'SPIRE image tag "1.12.0" is older than the workspace\'s SPIRE configuration needs: before SPIRE 1.14.3, require_pq_kem allows only the pre-standard ' +
      'draft Kyber group; X25519MLKEM768 needs 1.14.3 (released upstream). Update the image to 1.14.3 or later.',
  );
});

test('require_pq_kem = false still needs a SPIRE that knows the key (older versions reject unknown options)', async () => {
  const engine = await engineFor({ 'server.conf': PQ_KEM('false'), 'server.yaml': statefulSet('ghcr.io/spiffe/spire-server:1.10.0') });
  const [f] = findingsOf(engine, ID);
  assert.equal(f.severity, 'error');
  assert.match(f.message, /Update the image to 1\.11\.1 or later\.$/);
  assert.equal(applyFix(engine, f, f.fixes[0]), statefulSet('ghcr.io/spiffe/spire-server:1.11.1'));
  assert.deepEqual(findingsOf(engine, ID), []);
  // The same workspace at 1.12.0 is fine: the ML-KEM warning is about require_pq_kem = true only.
  assert.deepEqual(findingsOf(await engineFor({ 'server.conf': PQ_KEM('false'), 'server.yaml': statefulSet('ghcr.io/spiffe/spire-server:1.12.0') }), ID), []);
});

test('short tags are bumped in their style unless that would still be too old', async () => {
  let engine = await engineFor({ 'server.conf': GUIDE_SERVER, 'server.yaml': statefulSet('ghcr.io/spiffe/spire-server:1.9') });
  let [f] = findingsOf(engine, ID);
  assert.equal(applyFix(engine, f, f.fixes[0]), statefulSet('ghcr.io/spiffe/spire-server:1.10'));
  assert.deepEqual(findingsOf(engine, ID), []);
  engine = await engineFor({ 'server.conf': PQ_KEM('true'), 'server.yaml': statefulSet('ghcr.io/spiffe/spire-server:1.9') });
  [f] = findingsOf(engine, ID);
  assert.equal(applyFix(engine, f, f.fixes[0]), statefulSet('ghcr.io/spiffe/spire-server:1.14.3'), '"1.14" would still be before 1.14.3');
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('Helm values image.tag is checked; a digest-pinned image gets the finding but no tag-only fix', async () => {
  const values = '# spire-server chart values\nimage:\n  repository: ghcr.io/spiffe/spire-server\n  tag: "1.12.0"\n';
  let engine = await engineFor({ 'server.conf': PQ_KEM('true'), 'values.yaml': values });
  let [f] = findingsOf(engine, ID);
  assert.equal(engine.file('values.yaml')!.text.slice(f.span.start, f.span.end), '1.12.0');
  assert.equal(applyFix(engine, f, f.fixes[0]), values.replace('1.12.0', '1.14.3'));
  const digest = 'ghcr.io/spiffe/spire-server:1.9.6@sha256:0000000000000000000000000000000000000000000000000000000000000000';
  engine = await engineFor({ 'server.conf': GUIDE_SERVER, 'server.yaml': statefulSet(digest) });
  [f] = findingsOf(engine, ID);
  assert.equal(engine.file('server.yaml')!.text.slice(f.span.start, f.span.end), '1.9.6');
  assert.deepEqual(f.fixes, []);
});

test('quiet without SPIRE PQ settings, with new enough images, and for other components', async () => {
  const upstreamServer = 'server {\n    trust_domain = "example.org"\n}\n';
  assert.deepEqual(findingsOf(await engineFor({ 'server.conf': upstreamServer, 'server.yaml': statefulSet('ghcr.io/spiffe/spire-server:1.5.0') }), ID), []);
  assert.deepEqual(findingsOf(await engineFor({ 'server.conf': PQ_KEM('true'), 'server.yaml': statefulSet('ghcr.io/spiffe/spire-server:1.15.3') }), ID), []);
  assert.deepEqual(findingsOf(await engineFor({ 'server.conf': GUIDE_SERVER, 'cm.yaml': statefulSet('quay.io/jetstack/cert-manager-controller:v1.9.0') }), ID), []);
});

test('the image finding follows the SPIRE configuration (cross-file)', async () => {
  const engine = await engineFor({ 'server.yaml': statefulSet('ghcr.io/spiffe/spire-server:1.9.6'), 'server.conf': 'server {\n  trust_domain = "example.org"\n}\n' });
  assert.deepEqual(findingsOf(engine, ID), []);
  engine.setFile('server.conf', GUIDE_SERVER);
  assert.equal(findingsOf(engine, ID).length, 1);
  engine.removeFile('server.conf');
  assert.deepEqual(findingsOf(engine, ID), []);
});
