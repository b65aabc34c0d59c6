import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, engineFor, findingsOf } from '../../harness.js';

const ID = 'ingress-nginx/classical-ecdh-curve';
const SHIPPED = '(the controller image ships OpenSSL 3.5 as of v1.14.2, released upstream)';

const CONFIGMAP = (value: string, name = 'ingress-nginx-controller', namespace = 'ingress-nginx'): string => [
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  `  name: ${name}`,
  `  namespace: ${namespace}`,
  'data:',
  '  ssl-protocols: "TLSv1.2 TLSv1.3"',
  `  ssl-ecdh-curve: ${value}`,
  '',
].join('\n');

const CONTROLLER = (tag: string, configmap = '$(POD_NAMESPACE)/ingress-nginx-controller', namespace = 'ingress-nginx'): string => [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: ingress-nginx-controller',
  `  namespace: ${namespace}`,
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: controller',
  `          image: registry.k8s.io/ingress-nginx/controller:${tag}`,
  '          args:',
  '            - /nginx-ingress-controller',
  `            - --configmap=${configmap}`,
  '',
].join('\n');

test('an explicit classical list in the controller ConfigMap: warning on the value inside the quotes', async () => {
  const engine = await engineFor({ 'cm.yaml': CONFIGMAP('"X25519:prime256v1:secp384r1"') });
  const [f] = findingsOf(engine, ID);
  assert.equal(f.severity, 'warning');
  assert.equal(engine.file('cm.yaml')!.text.slice(f.span.start, f.span.end), 'X25519:prime256v1:secp384r1');
  assert.equal(
    f.message,
    'ssl-ecdh-curve in ConfigMap ingress-nginx/ingress-nginx-controller is "X25519:prime256v1:secp384r1", an explicit group list without a standard post-quantum ' +
      `group, so the controller never negotiates X25519MLKEM768, which its OpenSSL offers by default ${SHIPPED}. Put X25519MLKEM768 first or set "auto".`,
  );
});

test('the safe fix prepends X25519MLKEM768 inside the quotes; applying it clears the finding', async () => {
  const engine = await engineFor({ 'cm.yaml': CONFIGMAP('"X25519:prime256v1:secp384r1"'), 'deploy.yaml': CONTROLLER('v1.14.2') });
  const [f] = findingsOf(engine, ID);
  assert.deepEqual(f.fixes.map((x) => [x.title, x.safe]), [['Prepend X25519MLKEM768 to ssl-ecdh-curve', true]]);
  const text = applyFix(engine, f, f.fixes[0]);
  assert.equal(text, CONFIGMAP('"X25519MLKEM768:X25519:prime256v1:secp384r1"'));
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('plain and single-quoted values, and OpenSSL 3.5 list syntax', async () => {
  const plain = await engineFor({ 'cm.yaml': CONFIGMAP('secp384r1') });
  const [f] = findingsOf(plain, ID);
  assert.equal(applyFix(plain, f, f.fixes[0]), CONFIGMAP('X25519MLKEM768:secp384r1'));
  for (const quiet of ['auto', '"AUTO"', "'?X25519MLKEM768:X25519'", '"X25519:*SecP256r1MLKEM768"', '"DEFAULT:-X448"', '""']) {
    const engine = await engineFor({ 'cm.yaml': CONFIGMAP(quiet) });
    assert.deepEqual(findingsOf(engine, ID), [], quiet);
  }
  const removed = await engineFor({ 'cm.yaml': CONFIGMAP('"X25519:-X25519MLKEM768"') });
  assert.equal(findingsOf(removed, ID).length, 1, 'a "-" entry removes a group, it does not add it');
});

test('a draft Kyber group does not count and is named in the message', async () => {
  const engine = await engineFor({ 'cm.yaml': CONFIGMAP("'X25519Kyber768Draft00:X25519'") });
  const [f] = findingsOf(engine, ID);
  assert.match(f.message, /X25519Kyber768Draft00 is a pre-standard draft, replaced by X25519MLKEM768\. Put X25519MLKEM768 first/);
});

test('a controller image older than v1.14.2 makes the fix unsafe and the message says to upgrade first', async () => {
  const engine = await engineFor({ 'cm.yaml': CONFIGMAP('"X25519:prime256v1"'), 'deploy.yaml': CONTROLLER('v1.12.1') });
  const [f] = findingsOf(engine, ID);
  assert.equal(f.fixes[0].safe, false);
  assert.ok(f.message.endsWith(' The controller image v1.12.1 (deploy.yaml) predates v1.14.2; an OpenSSL older than 3.5 does not know X25519MLKEM768 and nginx would reject the list, so upgrade the controller first.'));
});

test('which ConfigMaps count: controller names, labels, the namespace, or a --configmap reference', async () => {
  const unrelated = CONFIGMAP('prime256v1', 'payments-gateway-tls', 'payments');
  assert.deepEqual(findingsOf(await engineFor({ 'cm.yaml': unrelated }), ID), []);
  assert.equal(findingsOf(await engineFor({ 'cm.yaml': CONFIGMAP('prime256v1', 'nginx-configuration', 'web') }), ID).length, 1);
  assert.equal(findingsOf(await engineFor({ 'cm.yaml': CONFIGMAP('prime256v1', 'edge-ingress-nginx-controller', 'web') }), ID).length, 1);
  assert.equal(findingsOf(await engineFor({ 'cm.yaml': CONFIGMAP('prime256v1', 'settings', 'ingress-nginx') }), ID).length, 1);
  const labelled = CONFIGMAP('prime256v1', 'settings', 'web').replace('  namespace: web\n', '  namespace: web\n  labels:\n    app.kubernetes.io/name: ingress-nginx\n');
  assert.equal(findingsOf(await engineFor({ 'cm.yaml': labelled }), ID).length, 1);
  // The controller names the ConfigMap with --configmap: reported, and a change to the Deployment re-checks the ConfigMap.
  const engine = await engineFor({ 'cm.yaml': CONFIGMAP('prime256v1', 'edge-settings', 'edge'), 'deploy.yaml': CONTROLLER('v1.14.2', '$(POD_NAMESPACE)/edge-settings', 'edge') });
  assert.equal(findingsOf(engine, ID).length, 1);
  engine.setFile('deploy.yaml', CONTROLLER('v1.14.2', 'edge/other-settings', 'edge'));
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('Helm values: controller.config.ssl-ecdh-curve', async () => {
  const values = 'controller:\n  config:\n    ssl-ecdh-curve: "X25519:P-256"   # pinned\n  replicaCount: 2\n';
  const engine = await engineFor({ 'values.yaml': values });
  const [f] = findingsOf(engine, ID);
  assert.match(f.message, /^ssl-ecdh-curve in Helm values controller.config is "X25519:P-256"/);
  assert.equal(applyFix(engine, f, f.fixes[0]), values.replace('"X25519:P-256"', '"X25519MLKEM768:X25519:P-256"'));
});
