// The rules look facts up through per-list tables (rules/lookup-common.ts), per-file facts and
// short cuts instead of scanning the whole workspace for every file. These tests hold them to the
// answers of the plain scans: against the scan itself where a helper is exported, against a fresh
// engine after random edits elsewhere (a table kept past a change would differ), and on the
// corner cases the tables must keep (namespaces, repeated hosts, escaped YAML).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineFor, findingsOf } from '../harness.js';
import { fixturesDir } from '../helpers.js';
import type { Engine } from '../../server/src/core/engine.js';
import { derivedFrom, groupBy, groupedFrom } from '../../server/src/core/rules/lookup-common.js';
import { STEP_ISSUER_GROUP, usableStepIssuers } from '../../server/src/core/rules/cert-manager-common.js';
import { WorkspaceIndex } from '../../server/src/core/workspace/index.js';
import { emptyFacts, type IssuerFact } from '../../server/src/core/workspace/facts.js';

/** A small seeded generator (this test's own): 0 ≤ result < n, from the state's high bits (the low bits of an LCG repeat quickly). */
function lcg(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
}

test('derivedFrom builds once per frozen list, again for another list, and never caches a list that could change', () => {
  let builds = 0;
  const lengthOf = derivedFrom((list: readonly number[]) => {
    builds++;
    return list.length;
  });
  const first = Object.freeze([1, 2, 3]);
  assert.equal(lengthOf(first), 3);
  assert.equal(lengthOf(first), 3);
  assert.equal(builds, 1);
  assert.equal(lengthOf(Object.freeze([1])), 1);
  assert.equal(builds, 2);
  const open = [1, 2];
  assert.equal(lengthOf(open), 2);
  open.push(3);
  assert.equal(lengthOf(open), 3);
  assert.equal(builds, 4);
});

test('groupBy keeps list order in each group and lists an item once per distinct key', () => {
  const groups = groupBy(['b1', 'a1', 'b2', 'a2'], (s) => [s[0], s[0]]);
  assert.deepEqual([...groups], [['b', ['b1', 'b2']], ['a', ['a1', 'a2']]]);
});

test('groupedFrom grows the last table for a list that extends it, and leaves that table as it was', () => {
  let keyCalls = 0;
  const byInitial = groupedFrom((s: string) => {
    keyCalls++;
    return [s[0], s[0]];
  });
  const first = Object.freeze(['b1', 'a1', 'b2']);
  const table = byInitial(first);
  assert.deepEqual([...table], [...groupBy(first, (s) => [s[0]])]);
  assert.equal(byInitial(first), table, 'the same list: the same table');
  const longer = Object.freeze([...first, 'a2', 'c1']);
  const grown = byInitial(longer);
  assert.equal(keyCalls, 5, 'only the two appended items were looked at');
  assert.deepEqual([...grown], [...groupBy(longer, (s) => [s[0]])]);
  assert.deepEqual([...table], [['b', ['b1', 'b2']], ['a', ['a1']]], 'the earlier table is unchanged');
  // Not an extension (an item replaced): built over the whole list.
  const other = Object.freeze(['a9', ...longer.slice(1)]);
  assert.deepEqual([...byInitial(other)], [...groupBy(other, (s) => [s[0]])]);
  assert.equal(keyCalls, 10);
  // A list that is not frozen could change: grouped, not kept.
  const open = ['c2', 'a3'];
  assert.deepEqual([...byInitial(open)], [...groupBy(open, (s) => [s[0]])]);
  assert.equal(byInitial(other), byInitial(other));
});

test('usableStepIssuers equals the filter-and-sort over all issuers, for every scope, as the index changes', () => {
  // The scan the table replaces: namespaced StepIssuers first, then cluster issuers, by name, stable.
  const reference = (all: readonly IssuerFact[], scope: { clusterScoped: boolean; namespace?: string }): IssuerFact[] =>
    all
      .filter((i) => i.group === STEP_ISSUER_GROUP)
      .filter((i) => i.kind === 'StepClusterIssuer' || (!scope.clusterScoped && i.kind === 'StepIssuer' && (i.namespace ?? 'default') === (scope.namespace ?? 'default')))
      .sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'StepIssuer' ? -1 : 1));
  const random = lcg(7);
  const pick = <T>(items: readonly T[]): T => items[random(items.length)];
  const index = new WorkspaceIndex();
  for (let step = 0; step < 60; step++) {
    const path = `f${random(4)}.yaml`;
    const facts = emptyFacts();
    for (let n = random(5); n > 0; n--) {
      facts.issuers.push({
        file: path,
        span: { start: n, end: n + 1 },
        kind: pick(['StepIssuer', 'StepClusterIssuer', 'Issuer', 'ClusterIssuer', 'StepOther']),
        group: pick([STEP_ISSUER_GROUP, STEP_ISSUER_GROUP, 'cert-manager.io']),
        name: pick(['a', 'B', 'b', 'a', 'é', 'hybrid-2', 'hybrid-10']),
        namespace: pick([undefined, 'default', 'shop']),
      });
    }
    index.setFacts(path, facts);
    for (const scope of [{ clusterScoped: true }, { clusterScoped: false }, { clusterScoped: false, namespace: 'default' }, { clusterScoped: false, namespace: 'shop' }, { clusterScoped: true, namespace: 'shop' }]) {
      const limit = 1 + (step % 4);
      const got = usableStepIssuers(index, scope, limit);
      const want = reference(index.all('issuers'), scope).slice(0, limit);
      // The same fact objects in the same order (identity matters: fixes are built from them).
      assert.equal(got.length, want.length, `step ${step}`);
      got.forEach((issuer, i) => assert.equal(issuer, want[i], `step ${step}, ${JSON.stringify(scope)}, #${i}`));
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Ingress TLS lookups by namespace and host, Secrets by namespace and name

const TLS_FIXTURES = join(fixturesDir, 'rules', 'ingress', 'classical-only-tls');
const crts = (path: string): string[] => [...readFileSync(join(TLS_FIXTURES, path), 'utf8').matchAll(/tls\.crt: (\S+)/g)].map((m) => m[1]);
const RSA_CRT = crts('bad-single-host/shop.yaml')[0];
const COMPOSITE_CRT = crts('good-dual-tls/secrets.yaml')[1];
const TLS_ID = 'ingress/classical-only-tls';

function metadata(name: string, namespace: string | undefined): string[] {
  return ['metadata:', `  name: ${name}`, ...(namespace ? [`  namespace: ${namespace}`] : [])];
}

function secret(name: string, namespace: string | undefined, crt: string): string {
  return ['apiVersion: v1', 'kind: Secret', ...metadata(name, namespace), 'type: kubernetes.io/tls', 'data:', `  tls.crt: ${crt}`, ''].join('\n');
}

function ingress(name: string, namespace: string | undefined, entries: { hosts: string[]; secret: string }[]): string {
  const tls = entries.flatMap((e) => [
    ...(e.hosts.length > 0 ? ['    - hosts:', ...e.hosts.map((h) => `        - ${h}`), `      secretName: ${e.secret}`] : [`    - secretName: ${e.secret}`]),
  ]);
  return ['apiVersion: networking.k8s.io/v1', 'kind: Ingress', ...metadata(name, namespace), 'spec:', '  tls:', ...tls, ''].join('\n');
}

test('classical-only-tls: an omitted namespace is "default" for Ingress and Secret alike', async () => {
  const engine = await engineFor({
    'web.yaml': ingress('web', undefined, [{ hosts: ['a.example.com'], secret: 'web-tls' }]),
    'secret.yaml': secret('web-tls', 'default', RSA_CRT),
  });
  const findings = findingsOf(engine, TLS_ID);
  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /^Ingress web serves a\.example\.com only with classical certificates \(web-tls: RSA 2048\)/);
});

test('classical-only-tls: a host listed twice is judged once; a Secret of the same name in another namespace is not used', async () => {
  const engine = await engineFor({
    'web.yaml': ingress('web', 'shop', [{ hosts: ['a.example.com', 'a.example.com'], secret: 'web-tls' }]),
    'shop.yaml': secret('web-tls', 'shop', RSA_CRT),
    'other.yaml': secret('web-tls', 'other', COMPOSITE_CRT),
  });
  const findings = findingsOf(engine, TLS_ID);
  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /^Ingress shop\/web serves a\.example\.com only with classical certificates \(web-tls: RSA 2048\) and no post-quantum or composite certificate exists for it,/);
});

test('classical-only-tls: every Ingress of the host in its namespace counts, none of another namespace', async () => {
  const files = {
    'one.yaml': ingress('one', 'shop', [{ hosts: ['a.example.com'], secret: 'rsa-tls' }]),
    'two.yaml': ingress('two', 'shop', [{ hosts: ['b.example.com', 'a.example.com'], secret: 'pq-tls' }]),
    'three.yaml': ingress('three', 'other', [{ hosts: ['a.example.com'], secret: 'rsa-tls' }]),
    'secrets.yaml': [secret('rsa-tls', 'shop', RSA_CRT), secret('pq-tls', 'shop', COMPOSITE_CRT), secret('rsa-tls', 'other', RSA_CRT)].join('---\n'),
  };
  const engine = await engineFor(files);
  // shop's a.example.com has a composite certificate (through "two"); other's has not.
  assert.deepEqual(findingsOf(engine, TLS_ID).map((f) => f.file), ['three.yaml']);
  engine.setFile('secrets.yaml', files['secrets.yaml'].replace(COMPOSITE_CRT, RSA_CRT));
  assert.deepEqual(findingsOf(engine, TLS_ID).map((f) => f.file).sort(), ['one.yaml', 'three.yaml', 'two.yaml']);
});

// ---------------------------------------------------------------------------------------------
// kubernetes/no-pq-key-exchange skips documents that cannot hold --tls-curve-preferences

test('no-pq-key-exchange: a flag written with a double-quoted escape is still found', async () => {
  const pod = (flag: string): string => [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: kube-apiserver',
    'spec:',
    '  containers:',
    '  - command:',
    '    - kube-apiserver',
    `    - ${flag}`,
    '    - "23"',
    '    image: registry.k8s.io/kube-apiserver:v1.36.0',
    '',
  ].join('\n');
  const plain = findingsOf(await engineFor({ 'k.yaml': pod('--tls-curve-preferences') }), 'kubernetes/no-pq-key-exchange');
  const escaped = findingsOf(await engineFor({ 'k.yaml': pod('"--tls-curve-pre\\x66erences"') }), 'kubernetes/no-pq-key-exchange');
  assert.equal(plain.length, 1);
  assert.deepEqual(escaped.map((f) => f.message), plain.map((f) => f.message));
  // The kubeadm form: the key itself escaped.
  const kubeadm = [
    'apiVersion: kubeadm.k8s.io/v1beta3',
    'kind: ClusterConfiguration',
    'kubernetesVersion: v1.36.0',
    'apiServer:',
    '  extraArgs:',
    '    "tls-curve-pre\\x66erences": "23"',
    '',
  ].join('\n');
  assert.equal(findingsOf(await engineFor({ 'k.yaml': kubeadm }), 'kubernetes/no-pq-key-exchange').length, 1);
});

// ---------------------------------------------------------------------------------------------
// An engine kept across random edits agrees with a fresh engine over the same files

function document(random: (n: number) => number): string {
  const pick = <T>(items: readonly T[]): T => items[random(items.length)];
  const namespace = pick([undefined, 'default', 'shop']);
  const name = pick(['a', 'b']);
  switch (random(8)) {
    case 0: {
      const hosts = pick([[], ['x.example.com'], ['x.example.com', 'y.example.com']]);
      return ingress(name, namespace, [{ hosts, secret: pick(['a-tls', 'b-tls']) }]);
    }
    case 1:
      return secret(pick(['a-tls', 'b-tls']), namespace, pick([RSA_CRT, COMPOSITE_CRT]));
    case 2:
      return ['apiVersion: certmanager.step.sm/v1beta1', `kind: ${pick(['StepIssuer', 'StepClusterIssuer'])}`, ...metadata(`hybrid-${name}`, namespace),
        'spec:', '  url: https://step-ca.example.com:9000', '  provisioner:', '    name: p', '    kid: k', `    ${pick(['passwordRef', 'passwordFile'])}: x`, ''].join('\n');
    case 3:
      return ['apiVersion: cert-manager.io/v1', `kind: ${pick(['Issuer', 'ClusterIssuer'])}`, ...metadata(`ca-${name}`, namespace), 'spec:', '  ca:', '    secretName: ca', ''].join('\n');
    case 4:
      return ['apiVersion: cert-manager.io/v1', 'kind: Certificate', ...metadata(`cert-${name}`, namespace), 'spec:', '  secretName: s',
        '  issuerRef:', `    name: ca-${pick(['a', 'b'])}`, ...(random(2) === 0 ? [`    kind: ${pick(['Issuer', 'ClusterIssuer'])}`] : []), ''].join('\n');
    case 5:
      return ['apiVersion: apps/v1', 'kind: Deployment', ...metadata(name, namespace), 'spec:', '  template:', '    spec:', '      containers:',
        `        - image: ${pick(['quay.io/jetstack/cert-manager-controller:v1.14.0', 'quay.io/jetstack/cert-manager-controller:v1.17.0', 'smallstep/step-issuer:0.10.2', 'smallstep/step-issuer:0.12.0'])}`,
        '          name: c', ''].join('\n');
    case 6:
      return ['apiVersion: v1', 'kind: Pod', ...metadata('kube-apiserver', namespace), 'spec:', '  containers:', '  - command:', '    - kube-apiserver',
        `    - ${pick(['--tls-curve-preferences=23', '"--tls-curve-pre\\x66erences=23"', '--secure-port=6443'])}`, `    image: registry.k8s.io/kube-apiserver:${pick(['v1.32.0', 'v1.36.0'])}`, ''].join('\n');
    default:
      return ['apiVersion: v1', 'kind: ConfigMap', ...metadata(name, namespace), 'data:', '  key: value', ''].join('\n');
  }
}

function allFindings(engine: Engine): string {
  return JSON.stringify([...engine.paths()].sort().map((path) => [path, engine.analyze(path)]));
}

test('after each random edit, an engine that kept its results and tables agrees with a fresh one', async () => {
  const random = lcg(2024);
  const files = new Map<string, string>();
  const engine = await engineFor({});
  const seen = new Set<string>();
  for (let step = 0; step < 80; step++) {
    const path = `f${random(5)}.yaml`;
    if (random(10) === 0) {
      files.delete(path);
      engine.removeFile(path);
    } else {
      const text = Array.from({ length: 1 + random(3) }, () => document(random)).join('---\n');
      files.set(path, text);
      engine.setFile(path, text);
    }
    const fresh = await engineFor(Object.fromEntries(files));
    assert.equal(allFindings(engine), allFindings(fresh), `step ${step}`);
    for (const finding of findingsOf(engine)) seen.add(finding.ruleId);
  }
  // The walk reached the rules whose lookups changed.
  for (const id of [TLS_ID, 'cert-manager/certificate-classical-issuer', 'cert-manager/classical-issuer', 'step-issuer/version-mismatch', 'kubernetes/no-pq-key-exchange']) {
    assert.ok(seen.has(id), id);
  }
});

test('ask() records its answer under every category it names and refuses to read any other', () => {
  const index = new WorkspaceIndex();
  const facts = emptyFacts();
  facts.issuers.push({ file: 'a.yaml', span: { start: 0, end: 1 }, kind: 'ClusterIssuer', group: 'cert-manager.io', name: 'ca' } as IssuerFact);
  index.setFacts('a.yaml', facts);
  const names = (i: WorkspaceIndex, prefix: string): string[] => i.all('issuers').map((x) => x.name).filter((n) => n.startsWith(prefix));
  const { result, reads } = index.recordReads('reader.yaml', () => index.ask(['issuers', 'secrets'], names, 'c'));
  assert.deepEqual(result, ['ca']);
  assert.deepEqual([...reads.keys()].sort(), ['issuers', 'secrets']);
  const [answer] = reads.get('issuers')!;
  assert.equal(answer, reads.get('secrets')![0], 'one answer, asked again on a change to either');
  assert.equal(answer.now(), answer.seen);
  const more = emptyFacts();
  more.issuers.push({ file: 'b.yaml', span: { start: 0, end: 1 }, kind: 'Issuer', group: 'cert-manager.io', name: 'cb' } as IssuerFact);
  index.setFacts('b.yaml', more);
  assert.notEqual(answer.now(), answer.seen, 'a new issuer starting with "c" changes the answer');
  assert.throws(() => index.ask(['secrets'], names, 'c'), /asked over secrets read issuers/);
});
