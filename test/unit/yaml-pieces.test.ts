// The incremental YAML re-parse (formats/yaml.ts): a file cut at its `---` lines and re-parsed
// piece by piece, taking over unchanged pieces of the previous model, must give exactly what a
// whole parse gives (documents, node ranges, errors, syntax issues), and must really take pieces
// over. And the engine's per-category fact unions must never serve stale facts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isPair, isSeq, parseYaml, parseYamlWhole, withPreviousYaml, type YamlFileModel } from '../../server/src/core/formats/yaml.js';
import { Engine } from '../../server/src/core/engine.js';
import { corpusDir, repoRoot } from '../helpers.js';
import { defaultKnowledge, TEST_NOW } from '../harness.js';

/** Everything a rule can see of a model, offsets included. */
function signature(model: YamlFileModel): string {
  const ranges = (node: unknown, out: string[]): void => {
    if (isPair(node)) {
      ranges(node.key, out);
      ranges(node.value, out);
      return;
    }
    const range = (node as { range?: number[] } | null)?.range;
    if (range) out.push(range.join(','));
    if (isMap(node) || isSeq(node)) for (const item of node.items) ranges(item, out);
  };
  return JSON.stringify({
    documents: model.documents.map((d, i) => {
      const nodes: string[] = [];
      ranges(d.doc.contents, nodes);
      let js: string;
      try {
        js = JSON.stringify(d.doc.toJS({ mapAsMap: true, maxAliasCount: -1 }), (_, v: unknown) => (v instanceof Map ? [...v] : v));
      } catch (error) {
        js = `error: ${String(error)}`;
      }
      return {
        span: d.span, range: d.doc.range, parsed: d.parsed, templated: d.templated, kind: d.kind, name: d.name, namespace: d.namespace, apiVersion: d.apiVersion,
        errors: d.doc.errors.map((e) => [e.code, e.pos]), comment: [commentBefore(model, i), d.doc.comment], js, nodes,
      };
    }),
    syntaxErrors: model.syntaxErrors,
  });
}

/**
 * A document's leading comment, except after a document with errors: a whole parse then gives the
 * broken document's trailing comment to the next document, which a piece parsed on its own cannot
 * see. Nothing in PQC Lens reads comments from the tree (suppressions are read from the text).
 */
function commentBefore(model: YamlFileModel, i: number): string | null | undefined {
  return i > 0 && model.documents[i - 1].doc.errors.length > 0 ? undefined : model.documents[i].doc.commentBefore;
}

/** A small seeded generator (this test's own, so it does not depend on bench/). */
function lcg(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

const BASE = `# a platform manifest
apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: ca-issuer
spec:
  ca:
    secretName: ca-key-pair
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: trust
  namespace: "default"
data:
  ca.crt: |
    -----BEGIN CERTIFICATE-----
    MIIBszCCAVmgAwIBAgIUJcbnmF
    -----END CERTIFICATE-----
  flow: {a: [1, 2], 'b': "c"}
---
# comment before a document
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Values.name }}
spec:
  template:
    spec:
      containers:
        - name: web
          image: "registry.example.com/web:{{ .Chart.AppVersion }}"
          args: ['--tls', "--curves=X25519MLKEM768"]
# trailing comment
---
apiVersion: v1
kind: Secret
metadata: {name: web-tls}
type: kubernetes.io/tls
data:
  tls.crt: TFMwdExTMUNSVWRKVGlCRFJWSlVTVVpKUTBGVVJTMHRMUzB0Q2s=
--- |
  a literal document
---
`;

const INSERTS = ['"', "'", '[', ']', '{', '}', ':', ' ', '\n', '-', '---\n', '\n---\n', '#', '|', '>', '{{ x }}', '...\n', '%YAML 1.2\n', 'k: v', '\t', '&a ', '*a', '? ', '\r\n', '\r', '\u2028', '---', '--- ', '\n...', '\n%TAG ! tag:x:\n'];

function mutate(text: string, next: (n: number) => number): string {
  const at = next(text.length + 1);
  switch (next(3)) {
    case 0:
      return text.slice(0, at) + INSERTS[next(INSERTS.length)] + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + next(20)));
    default: {
      const lines = text.split('\n');
      lines.splice(next(lines.length), 1);
      return lines.join('\n');
    }
  }
}

test('a first parse and every incremental re-parse equal a whole parse, under random edits', () => {
  process.emitWarning = () => undefined; // toJS warns about collection keys made by the mutations
  const next = lcg(7);
  let text = BASE;
  let previous = parseYaml(text);
  let checked = 0;
  for (let i = 0; i < 600; i++) {
    if (next(40) === 0) text = BASE;
    text = mutate(text, next);
    const whole = signature(parseYamlWhole(text));
    assert.equal(signature(parseYaml(text)), whole, `first parse, step ${i}: ${JSON.stringify(text)}`);
    const incremental = withPreviousYaml(previous, () => parseYaml(text));
    assert.equal(signature(incremental), whole, `re-parse, step ${i}: ${JSON.stringify(text)}`);
    previous = incremental;
    checked++;
  }
  assert.equal(checked, 600);
});

test('re-parses of a many-document file equal a whole parse when edits cut across documents or paste copies of them', () => {
  process.emitWarning = () => undefined;
  const next = lcg(23);
  const many = Array.from({ length: 8 }, (_, i) => BASE.replace('ca-issuer', `ca-issuer-${i}`)).join('');
  let text = many;
  let previous = parseYaml(text);
  let takenOver = 0;
  for (let i = 0; i < 200; i++) {
    if (next(60) === 0) text = many;
    const at = next(text.length + 1);
    const end = Math.min(text.length, at + next(400));
    const from = next(text.length + 1);
    // Replace a stretch (often across a `---` line) with another stretch of the same text, or drop it.
    const pasted = next(2) === 0 ? text.slice(from, from + next(300)) : '';
    text = next(4) === 0 ? mutate(text, next) : text.slice(0, at) + pasted + text.slice(end);
    const before = new Set(previous.documents);
    const incremental = withPreviousYaml(previous, () => parseYaml(text));
    // Only every third model is read: documents taken over move their nodes when next read, and
    // must be right after several moves too.
    if (i % 3 === 2) assert.equal(signature(incremental), signature(parseYamlWhole(text)), `re-parse, step ${i}: ${JSON.stringify(text)}`);
    takenOver += incremental.documents.filter((d) => before.has(d)).length;
    previous = incremental;
  }
  // Most documents lie outside each edit and must have been taken over, not parsed again.
  assert.ok(takenOver > 200 * 20, `only ${takenOver} documents taken over`);
});

test('a last piece that gains a marker after it is parsed again: an unterminated quote runs on past the marker', () => {
  for (const [before, after] of [["a: 'x\n", "a: 'x\n---\nb: 1\n"], ['a: "x\n', 'a: "x\n---\nb: 1\n'], ['k: v\n', 'k: v\n---\nb: 1\n']]) {
    const incremental = withPreviousYaml(parseYaml(before), () => parseYaml(after));
    assert.equal(signature(incremental), signature(parseYamlWhole(after)), JSON.stringify(after));
  }
});

test('the real cert-manager and step-issuer manifests parse identically whole and in pieces, and after edits', () => {
  const folder = join(corpusDir, 'real-configs');
  const texts: string[] = [];
  for (const sub of readdirSync(folder)) {
    if (!statSync(join(folder, sub)).isDirectory()) continue;
    for (const name of readdirSync(join(folder, sub))) if (/\.ya?ml$/.test(name)) texts.push(readFileSync(join(folder, sub, name), 'utf8'));
  }
  assert.ok(texts.length > 20);
  const next = lcg(11);
  for (const original of texts) {
    assert.equal(signature(parseYaml(original)), signature(parseYamlWhole(original)));
    const edited = mutate(original, next);
    const incremental = withPreviousYaml(parseYaml(original), () => parseYaml(edited));
    assert.equal(signature(incremental), signature(parseYamlWhole(edited)));
  }
});

test('an edit in one document re-parses that document only: the others are taken over and moved', () => {
  const before = parseYaml(BASE);
  const at = BASE.indexOf('name: trust') + 'name: trust'.length;
  const edited = `${BASE.slice(0, at)}-store${BASE.slice(at)}`;
  const oldDocs = before.documents.map((d) => d.doc);
  const after = withPreviousYaml(before, () => parseYaml(edited));
  assert.equal(after.documents.length, oldDocs.length);
  assert.equal(after.documents[0].doc, oldDocs[0], 'the document before the edit is the same object');
  assert.notEqual(after.documents[1].doc, oldDocs[1], 'the edited document is parsed again');
  for (let i = 2; i < oldDocs.length; i++) assert.equal(after.documents[i].doc, oldDocs[i], `document ${i} after the edit is taken over`);
  // ...and moved by the six inserted characters, exactly as a whole parse places it
  assert.equal(signature(after), signature(parseYamlWhole(edited)));
  assert.equal(after.documents[2].templated, true);
  assert.equal(after.documents[3].name, 'web-tls');
  assert.equal(edited.slice(after.documents[3].span.start, after.documents[3].span.start + 3), '---');
});

test('without a previous model nothing is taken over, and a model is never taken over twice', () => {
  const first = parseYaml(BASE);
  const second = parseYaml(BASE);
  assert.notEqual(second.documents[0].doc, first.documents[0].doc);
  const third = withPreviousYaml(first, () => parseYaml(BASE));
  assert.equal(third.documents[0].doc, first.documents[0].doc);
  // nested parses inside the same call get nothing from `first` (only the outermost one may take over)
  const nested = withPreviousYaml(third, () => [parseYaml(BASE), parseYaml(BASE)]);
  assert.equal(nested[0].documents[0].doc, third.documents[0].doc);
  assert.notEqual(nested[1].documents[0].doc, third.documents[0].doc);
});

test('the engine: an edited file gets the findings a fresh engine gives, and other files see its new facts', () => {
  const examples = join(repoRoot, 'examples');
  const read = (rel: string): string => readFileSync(join(examples, rel), 'utf8');
  const issuers = read('cert-manager/issuers.yaml');
  const certificates = read('cert-manager/certificates.yaml');
  const make = (): Engine => new Engine({ knowledge: defaultKnowledge(), now: TEST_NOW });
  const engine = make();
  engine.setFile('issuers.yaml', issuers);
  engine.setFile('certificates.yaml', certificates);
  const before = engine.analyze('certificates.yaml');
  assert.ok(before.length > 0);
  // Rename the classical CA issuer: certificates.yaml refers to it, so its findings change.
  const renamed = issuers.replace(/name: classical-ca-issuer/, 'name: renamed-ca-issuer');
  assert.notEqual(renamed, issuers);
  engine.analyze('issuers.yaml');
  const dependents = engine.setFile('issuers.yaml', renamed);
  assert.ok(dependents.includes('certificates.yaml'));
  const fresh = make();
  fresh.setFile('issuers.yaml', renamed);
  fresh.setFile('certificates.yaml', certificates);
  const strip = (list: ReturnType<Engine['analyze']>): unknown => list.map((f) => ({ ...f, fixes: f.fixes.map((x) => x.title) }));
  assert.deepEqual(strip(engine.analyze('certificates.yaml')), strip(fresh.analyze('certificates.yaml')));
  assert.deepEqual(strip(engine.analyze('issuers.yaml')), strip(fresh.analyze('issuers.yaml')));
  assert.notDeepEqual(strip(engine.analyze('certificates.yaml')), strip(before), 'the rename is seen');
  // Moving a fact without changing it (a line inserted above) still reports at the new place.
  const shifted = `# a new first line\n${renamed}`;
  engine.setFile('issuers.yaml', shifted);
  fresh.setFile('issuers.yaml', shifted);
  assert.deepEqual(strip(engine.analyze('issuers.yaml')), strip(fresh.analyze('issuers.yaml')));
  // Removing the file takes its facts out of what rules see.
  engine.removeFile('issuers.yaml');
  const alone = make();
  alone.setFile('certificates.yaml', certificates);
  assert.deepEqual(strip(engine.analyze('certificates.yaml')), strip(alone.analyze('certificates.yaml')));
});

test('rules get the facts of every category as a frozen list (a rule cannot corrupt another rule\'s view)', () => {
  const engine = new Engine({
    knowledge: defaultKnowledge(),
    now: TEST_NOW,
    rules: [{
      meta: { id: 'test/mutates', severity: 'info', description: 'x', appliesTo: ['kubernetes-yaml'], fixable: false, sources: [] },
      check(ctx) {
        const issuers = ctx.index.all('issuers');
        assert.ok(Object.isFrozen(issuers));
        assert.equal(ctx.index.all('issuers'), issuers, 'the same list until a file changes');
        ctx.report({ span: { start: 0, end: 1 }, message: `${issuers.length} issuers` });
      },
    }],
  });
  engine.setFile('a.yaml', 'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: a\nspec:\n  selfSigned: {}\n');
  assert.equal(engine.analyze('a.yaml')[0].message, '1 issuers');
  engine.setFile('b.yaml', 'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: b\nspec:\n  selfSigned: {}\n');
  assert.equal(engine.analyze('a.yaml')[0].message, '2 issuers', 'a new file invalidates the list and the dependent file');
});
