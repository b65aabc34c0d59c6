import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, engineFor, findingsOf } from '../../harness.js';

const ID = 'istio/classical-ecdh-curves';

const OPERATOR = (curves: string): string => [
  'apiVersion: install.istio.io/v1alpha1',
  'kind: IstioOperator',
  'metadata:',
  '  name: control-plane',
  '  namespace: istio-system',
  'spec:',
  '  meshConfig:',
  '    tlsDefaults:',
  `      ecdhCurves: ${curves}`,
  '',
].join('\n');

const ISTIOD = (tag: string, policy = 'pqc'): string => [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: istiod',
  '  namespace: istio-system',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: discovery',
  `          image: docker.io/istio/pilot:${tag}`,
  '          env:',
  '            - name: COMPLIANCE_POLICY',
  `              value: ${policy}`,
  '',
].join('\n');

test('IstioOperator flow list without X25519MLKEM768: warning on the list, safe fix prepends in flow style', async () => {
  const engine = await engineFor({ 'op.yaml': OPERATOR('[P-256, X25519]   # FIPS review') });
  const [f] = findingsOf(engine, ID);
  assert.equal(f.severity, 'warning');
  assert.equal(engine.file('op.yaml')!.text.slice(f.span.start, f.span.end), '[P-256, X25519]');
  assert.equal(
    f.message,
    'tlsDefaults.ecdhCurves in IstioOperator istio-system/control-plane spec.meshConfig is [P-256, X25519], without X25519MLKEM768, so Istio gateways ' +
      'offer TLS clients only a classical key exchange (mesh mTLS ignores this list). Put X25519MLKEM768 first (a valid Istio curve name).',
  );
  assert.deepEqual(f.fixes.map((x) => [x.title, x.safe]), [['Prepend X25519MLKEM768 to ecdhCurves', true]]);
  assert.equal(applyFix(engine, f, f.fixes[0]), OPERATOR('[X25519MLKEM768, P-256, X25519]   # FIPS review'));
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('block lists keep their indentation (also zero-indented sequences)', async () => {
  const text = OPERATOR('').replace('ecdhCurves: \n', 'ecdhCurves:\n      - "P-256"\n      - X25519\n      minProtocolVersion: TLSV1_2\n');
  const engine = await engineFor({ 'op.yaml': text });
  const [f] = findingsOf(engine, ID);
  assert.equal(engine.file('op.yaml')!.text.slice(f.span.start, f.span.end), '- "P-256"\n      - X25519');
  assert.equal(applyFix(engine, f, f.fixes[0]), text.replace('      - "P-256"', '      - X25519MLKEM768\n      - "P-256"'));

  const values = 'meshConfig:\n  tlsDefaults:\n    ecdhCurves:\n    - X25519\n';
  const helm = await engineFor({ 'values.yaml': values });
  const [g] = findingsOf(helm, ID);
  assert.match(g.message, /^tlsDefaults.ecdhCurves in Helm values meshConfig is \[X25519\]/);
  assert.equal(applyFix(helm, g, g.fixes[0]), 'meshConfig:\n  tlsDefaults:\n    ecdhCurves:\n    - X25519MLKEM768\n    - X25519\n');
});

test('the istio ConfigMap: findings and edits land inside the mesh text (literal block scalar), CRLF kept', async () => {
  const mesh = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: istio',
    '  namespace: istio-system',
    'data:',
    '  mesh: |-',
    '    enablePrometheusMerge: true',
    '',
    '    tlsDefaults:',
    '      ecdhCurves:',
    '        - X25519',
    '        - P-256',
    '    trustDomain: cluster.local',
    '  meshNetworks: "networks: {}"',
    '',
  ];
  for (const eol of ['\n', '\r\n']) {
    const text = mesh.join(eol);
    const engine = await engineFor({ 'cm.yaml': text });
    const [f] = findingsOf(engine, ID);
    assert.equal(text.slice(f.span.start, f.span.end), `- X25519${eol}        - P-256`);
    assert.match(f.message, /^tlsDefaults.ecdhCurves in ConfigMap istio-system\/istio data.mesh is \[X25519, P-256\]/);
    const after = applyFix(engine, f, f.fixes[0]);
    assert.equal(after, text.replace(`      ecdhCurves:${eol}`, `      ecdhCurves:${eol}        - X25519MLKEM768${eol}`));
    assert.deepEqual(findingsOf(engine, ID), []);
    assert.deepEqual(findingsOf(engine, 'syntax-error'), []);
  }
});

test('mesh text the file cannot map line by line is reported on the mesh value, without a fix', async () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio-1-27\ndata:\n  mesh: "tlsDefaults:\\n  ecdhCurves: [P-256]\\n"\n';
  const engine = await engineFor({ 'cm.yaml': text });
  const [f] = findingsOf(engine, ID);
  assert.equal(text.slice(f.span.start, f.span.end), '"tlsDefaults:\\n  ecdhCurves: [P-256]\\n"');
  assert.deepEqual(f.fixes, []);
});

test('COMPLIANCE_POLICY=pqc on istiod (Istio >= 1.27) turns the finding into info and says it overrides the list', async () => {
  const engine = await engineFor({ 'op.yaml': OPERATOR('[P-256]'), 'istiod.yaml': ISTIOD('1.27.3') });
  const [f] = findingsOf(engine, ID);
  assert.equal(f.severity, 'info');
  assert.ok(f.message.endsWith(
    ' COMPLIANCE_POLICY=pqc set in Deployment istio-system/istiod, container discovery (istiod.yaml) overrides this list with X25519MLKEM768 alone ' +
      '(Istio 1.27.0+, released upstream); add X25519MLKEM768 here too so the list stays post-quantum if the policy is removed.',
  ));
  assert.equal(f.fixes.length, 1, 'the fix is still offered');
  // Removing the policy makes it a warning again (cross-file invalidation).
  engine.setFile('istiod.yaml', ISTIOD('1.27.3', 'fips-140-3'));
  assert.equal(findingsOf(engine, ID)[0].severity, 'warning');
});

test('pilot.env in Helm values counts; an Istio older than 1.27 or a proxy-only setting does not', async () => {
  const values = 'pilot:\n  env:\n    COMPLIANCE_POLICY: pqc\nmeshConfig:\n  tlsDefaults:\n    ecdhCurves: [X25519]\n';
  assert.equal(findingsOf(await engineFor({ 'values.yaml': values }), ID)[0].severity, 'info');

  const old = await engineFor({ 'op.yaml': OPERATOR('[P-256]'), 'istiod.yaml': ISTIOD('1.26.2') });
  const [o] = findingsOf(old, ID);
  assert.equal(o.severity, 'warning');
  assert.match(o.message, /; COMPLIANCE_POLICY=pqc in Deployment istio-system\/istiod, container discovery \(istiod.yaml\) needs Istio 1.27.0 or later, but the workspace deploys Istio 1.26.2\.$/);

  const proxyOnly = OPERATOR('[P-256]').replace('  meshConfig:\n', '  meshConfig:\n    defaultConfig:\n      proxyMetadata:\n        COMPLIANCE_POLICY: pqc\n');
  const [p] = findingsOf(await engineFor({ 'op.yaml': proxyOnly }), ID);
  assert.equal(p.severity, 'warning');
  assert.match(p.message, /COMPLIANCE_POLICY=pqc is set for proxies only \(IstioOperator istio-system\/control-plane spec.meshConfig defaultConfig.proxyMetadata, op.yaml\); Istio's release notes ask for it on istiod \(pilot\) as well\.$/);
});

test('lists with X25519MLKEM768, empty lists (Envoy defaults) and no list stay quiet; a draft or non-Istio PQ group is explained', async () => {
  for (const curves of ['[X25519MLKEM768, X25519, P-256]', '[]', '[x25519mlkem768]']) {
    assert.deepEqual(findingsOf(await engineFor({ 'op.yaml': OPERATOR(curves) }), ID), [], curves);
  }
  const [f] = findingsOf(await engineFor({ 'op.yaml': OPERATOR('[X25519Kyber768Draft00, SecP256r1MLKEM768, P-256]') }), ID);
  assert.match(f.message, /without X25519MLKEM768, so Istio gateways do not offer X25519MLKEM768 to TLS clients \(mesh mTLS ignores this list\)\./);
  assert.match(f.message, / X25519Kyber768Draft00 is a pre-standard draft, replaced by X25519MLKEM768\. SecP256r1MLKEM768 is not among Istio's valid curve names, which include X25519MLKEM768\. Put/);
});

test('Sail Istio, Flux HelmRelease and Argo CD Application values are read too', async () => {
  const sail = 'apiVersion: sailoperator.io/v1\nkind: Istio\nmetadata:\n  name: default\nspec:\n  values:\n    meshConfig:\n      tlsDefaults:\n        ecdhCurves: [P-384]\n';
  const flux = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: istiod\n  namespace: istio-system\nspec:\n  values:\n    meshConfig:\n      tlsDefaults:\n        ecdhCurves: [P-384]\n';
  const argo = 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: istiod\nspec:\n  source:\n    helm:\n      valuesObject:\n        meshConfig:\n          tlsDefaults:\n            ecdhCurves: [P-384]\n';
  const engine = await engineFor({ 'sail.yaml': sail, 'flux.yaml': flux, 'argo.yaml': argo });
  assert.deepEqual(findingsOf(engine, ID).map((f) => f.message.split(' is ')[0]).sort(), [
    'tlsDefaults.ecdhCurves in Application istiod spec.source.helm.valuesObject.meshConfig',
    'tlsDefaults.ecdhCurves in HelmRelease istio-system/istiod spec.values.meshConfig',
    'tlsDefaults.ecdhCurves in Istio default spec.values.meshConfig',
  ]);
});
