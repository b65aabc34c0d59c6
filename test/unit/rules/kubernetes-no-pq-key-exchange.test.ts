import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, engineFor, findingsOf } from '../../harness.js';
import type { Engine } from '../../../server/src/core/engine.js';
import type { Finding } from '../../../server/src/core/types.js';

const ID = 'kubernetes/no-pq-key-exchange';

function kubeadm(version: string, extra: string[] = []): string {
  return ['apiVersion: kubeadm.k8s.io/v1beta3', 'kind: ClusterConfiguration', `kubernetesVersion: ${version}`, 'clusterName: prod', ...extra, ''].join('\n');
}

function staticPod(image: string, flags: string[] = []): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: kube-apiserver',
    '  namespace: kube-system',
    'spec:',
    '  containers:',
    '  - command:',
    '    - kube-apiserver',
    '    - --secure-port=6443',
    ...flags.map((f) => `    - ${f}`),
    `    image: ${image}`,
    '    name: kube-apiserver',
    '',
  ].join('\n');
}

function slice(engine: Engine, f: Finding): string {
  return engine.file(f.file)!.text.slice(f.span.start, f.span.end);
}

test('kubeadm v1.32: Go 1.23 draft Kyber only; the message corrects the guide\'s "1.32+"; unsafe bump to v1.33.0', async () => {
  const engine = await engineFor({ 'kubeadm.yaml': kubeadm('v1.32.4') });
  const [f] = findingsOf(engine, ID);
  assert.equal(slice(engine, f), 'v1.32.4');
  assert.equal(f.severity, 'warning');
  assert.equal(
    f.message,
    'Kubernetes v1.32.4 (kubeadm kubernetesVersion) is built with Go 1.23, which offers only the pre-standard X25519Kyber768Draft00; ' +
      'peers on Go 1.24+ (Kubernetes 1.33+ clients and servers) no longer speak it, so connections silently fall back to classical X25519 ' +
      'and recorded control-plane traffic stays open to later quantum decryption. Upgrade to 1.33.0 or later (1.33 is the first release built ' +
      'with Go 1.24, which offers X25519MLKEM768 by default). The migration guide says 1.32+ is enough (described in the migration guide, ' +
      'not in a released upstream version), but 1.32 is built with Go 1.23.',
  );
  assert.deepEqual(f.fixes.map((x) => [x.title, x.safe]), [['Upgrade Kubernetes to v1.33.0', false]]);
  assert.equal(applyFix(engine, f, f.fixes[0]), kubeadm('v1.33.0'));
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('kube-apiserver image v1.31: no PQ group at all; no guide note (the guide does not claim 1.31)', async () => {
  const engine = await engineFor({ 'manifests/kube-apiserver.yaml': staticPod('registry.k8s.io/kube-apiserver:v1.31.2') });
  const [f] = findingsOf(engine, ID);
  assert.equal(slice(engine, f), 'v1.31.2');
  assert.equal(
    f.message,
    'kube-apiserver v1.31.2 is built with Go 1.22, which offers no post-quantum key exchange: recorded control-plane traffic stays open to ' +
      'later quantum decryption. Upgrade to 1.33.0 or later (1.33 is the first release built with Go 1.24, which offers X25519MLKEM768 by default).',
  );
  assert.equal(applyFix(engine, f, f.fixes[0]), staticPod('registry.k8s.io/kube-apiserver:v1.33.0'));
});

test('versions older than the table, short "1.32" versions, and 1.33+ versions', async () => {
  const old = await engineFor({ 'k.yaml': kubeadm('v1.28.3') });
  assert.match(findingsOf(old, ID)[0].message, /^Kubernetes v1\.28\.3 \(kubeadm kubernetesVersion\) is built with a Go release older than Go 1\.22/);
  const short = await engineFor({ 'k.yaml': kubeadm('"1.32"') });
  const [s] = findingsOf(short, ID);
  assert.equal(slice(short, s), '1.32');
  assert.equal(s.fixes[0].edits[0].newText, '1.33');
  for (const v of ['v1.33.0', 'v1.34.1', 'v1.36.2', 'v1.40.0']) {
    const ok = await engineFor({ 'k.yaml': kubeadm(v) });
    assert.deepEqual(findingsOf(ok, ID), [], v);
  }
});

test('--tls-curve-preferences without 4588: safe fix prepends it', async () => {
  const text = staticPod('registry.k8s.io/kube-apiserver:v1.36.0', ['--tls-curve-preferences=29,23']);
  const engine = await engineFor({ 'kube-apiserver.yaml': text });
  const [f] = findingsOf(engine, ID);
  assert.equal(slice(engine, f), '29,23');
  assert.equal(
    f.message,
    '--tls-curve-preferences=29,23 (kube-apiserver) allows only classical groups (X25519, P-256), so this component never negotiates a ' +
      'post-quantum key exchange and recorded traffic stays open to later quantum decryption. Add 4588 (X25519MLKEM768); the flag takes numeric Go CurveIDs.',
  );
  assert.deepEqual(f.fixes.map((x) => [x.title, x.safe]), [['Add 4588 (X25519MLKEM768) to --tls-curve-preferences', true]]);
  assert.equal(applyFix(engine, f, f.fixes[0]), text.replace('=29,23', '=4588,29,23'));
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('names instead of CurveIDs are rejected by the component: the fix writes numbers without duplicates', async () => {
  const text = staticPod('registry.k8s.io/kube-apiserver:v1.36.0', ['--tls-curve-preferences=X25519MLKEM768,X25519,29']);
  const engine = await engineFor({ 'kube-apiserver.yaml': text });
  const [f] = findingsOf(engine, ID);
  assert.equal(
    f.message,
    '--tls-curve-preferences=X25519MLKEM768,X25519,29 (kube-apiserver) uses group names, but the flag takes numeric Go CurveIDs and the ' +
      'component rejects anything else (X25519MLKEM768 is 4588, X25519 is 29). Write the list as numbers and include 4588 (X25519MLKEM768).',
  );
  assert.equal(applyFix(engine, f, f.fixes[0]), text.replace('=X25519MLKEM768,X25519,29', '=4588,29'));
});

test('another PQ group but not 4588; an empty list means Go defaults; the separate-argument form', async () => {
  const other = await engineFor({ 'k.yaml': staticPod('registry.k8s.io/kube-apiserver:v1.36.0', ['--tls-curve-preferences=4587']) });
  assert.match(findingsOf(other, ID)[0].message, /offers SecP256r1MLKEM768 but not X25519MLKEM768 \(4588\), the hybrid group every Go 1\.24\+ client/);

  const empty = await engineFor({ 'k.yaml': staticPod('registry.k8s.io/kube-apiserver:v1.36.0', ['--tls-curve-preferences=']) });
  assert.deepEqual(findingsOf(empty, ID), []);

  const separate = staticPod('registry.k8s.io/kube-apiserver:v1.36.0', ['--tls-curve-preferences', '"23"']);
  const engine = await engineFor({ 'k.yaml': separate });
  const [f] = findingsOf(engine, ID);
  assert.equal(slice(engine, f), '23');
  assert.equal(applyFix(engine, f, f.fixes[0]), separate.replace('- "23"', '- "4588,23"'));
});

test('flow-style command: the argument is quoted, since a comma would end a plain scalar', async () => {
  const text = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: kube-scheduler, namespace: kube-system}',
    'spec:',
    '  containers:',
    '  - command: [kube-scheduler, --tls-curve-preferences=23, --bind-address=127.0.0.1]',
    '    image: registry.k8s.io/kube-scheduler:v1.36.0',
    '    name: kube-scheduler',
    '',
  ].join('\n');
  const engine = await engineFor({ 'k.yaml': text });
  const [f] = findingsOf(engine, ID);
  assert.equal(applyFix(engine, f, f.fixes[0]), text.replace('--tls-curve-preferences=23,', '"--tls-curve-preferences=4588,23",'));
  assert.deepEqual(findingsOf(engine, ID), []);
  assert.deepEqual(findingsOf(engine, 'syntax-error'), []);
});

test('kubeadm extraArgs: v1beta4 name/value list and v1beta3 map (a bare number becomes a quoted string)', async () => {
  const v1beta4 = [
    'apiVersion: kubeadm.k8s.io/v1beta4',
    'kind: ClusterConfiguration',
    'kubernetesVersion: v1.36.2',
    'apiServer:',
    '  extraArgs:',
    '    - name: tls-curve-preferences',
    '      value: "29,23,24"  # X25519, P-256, P-384',
    '',
  ].join('\n');
  const e4 = await engineFor({ 'k.yaml': v1beta4 });
  const [f4] = findingsOf(e4, ID);
  assert.equal(slice(e4, f4), '29,23,24');
  assert.match(f4.message, /\(kubeadm apiServer\.extraArgs\)/);
  assert.equal(applyFix(e4, f4, f4.fixes[0]), v1beta4.replace('"29,23,24"', '"4588,29,23,24"'));

  const v1beta3 = kubeadm('1.36.0', ['scheduler:', '  extraArgs:', '    tls-curve-preferences: 23']);
  const e3 = await engineFor({ 'k.yaml': v1beta3 });
  const [f3] = findingsOf(e3, ID);
  assert.match(f3.message, /\(kubeadm scheduler\.extraArgs\)/);
  assert.equal(applyFix(e3, f3, f3.fixes[0]), v1beta3.replace('tls-curve-preferences: 23', 'tls-curve-preferences: "4588,23"'));
});

test('an old control plane that also passes --tls-curve-preferences is bumped to 1.36.0, the first release with the flag', async () => {
  const text = staticPod('registry.k8s.io/kube-apiserver:v1.32.9', ['--tls-curve-preferences=4588,29']);
  const engine = await engineFor({ 'k.yaml': text });
  const [f] = findingsOf(engine, ID);
  assert.equal(slice(engine, f), 'v1.32.9');
  assert.match(f.message, /Upgrade to 1\.36\.0 or later \(1\.33 is the first release built with Go 1\.24, which offers X25519MLKEM768 by default; --tls-curve-preferences needs 1\.36\.0\)\./);
  assert.equal(f.fixes[0].edits[0].newText, 'v1.36.0');
});

test('other programs with the same flag, and Helm templates, are not checked', async () => {
  const other = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: ghcr.io/example/web:1.31.0',
    '          args: ["--tls-curve-preferences=29"]',
    '',
  ].join('\n');
  const template = staticPod('registry.k8s.io/kube-apiserver:v1.31.0', ['--v={{ .Values.verbosity }}']);
  const engine = await engineFor({ 'web.yaml': other, 'templates/apiserver.yaml': template });
  assert.deepEqual(findingsOf(engine, ID), []);
});
