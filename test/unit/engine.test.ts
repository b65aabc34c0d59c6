import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../server/src/core/engine.js';
import { defineRule, type Rule } from '../../server/src/core/rule.js';
import { DEFAULT_CONFIG, parseConfig } from '../../server/src/core/config.js';
import { loadKnowledge } from '../../server/src/core/knowledge-load.js';
import { applyEdits } from '../../server/src/core/edits.js';
import { detectTextKind, detectBinaryKind } from '../../server/src/core/detect.js';
import { LineIndex } from '../../server/src/core/text.js';
import { nodeAt, checkableDocuments } from '../../server/src/core/formats/yaml.js';
import { defaultKnowledge, TEST_NOW } from '../harness.js';
import { fixturesDir } from '../helpers.js';
import { emptyFacts } from '../../server/src/core/workspace/facts.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// A rule that flags every `flag: true` in YAML, and one that reads the index.
const flagRule: Rule = defineRule({
  meta: { id: 'test/flag', severity: 'warning', description: 'flags flag: true for tests', appliesTo: ['kubernetes-yaml'], fixable: false, sources: ['test'] },
  check({ file, report }) {
    if (file.kind !== 'kubernetes-yaml') return;
    for (const d of checkableDocuments(file.yaml)) {
      const node = nodeAt(d.doc.contents, ['flag']);
      if (node?.range && String((node as { value?: unknown }).value) === 'true') report({ span: { start: node.range[0], end: node.range[1] }, message: 'flag is on' });
    }
  },
});
const issuerCounter: Rule = defineRule({
  meta: { id: 'test/issuers', severity: 'info', description: 'counts issuers in the workspace', appliesTo: ['kubernetes-yaml'], fixable: false, sources: ['test'] },
  check({ file, index, report }) {
    if (file.path === 'cert.yaml') report({ span: { start: 0, end: 1 }, message: `issuers: ${index.all('issuers').length}` });
  },
});
const throwing: Rule = defineRule({
  meta: { id: 'test/throws', severity: 'error', description: 'always throws, for tests', appliesTo: ['kubernetes-yaml'], fixable: false, sources: ['test'] },
  check() { throw new Error('boom'); },
});

function engine(rules: Rule[], config = DEFAULT_CONFIG): Engine {
  return new Engine({ knowledge: defaultKnowledge(), rules, config, now: TEST_NOW });
}

test('findings carry rule id, severity, exact range; multi-document files analyse each document', () => {
  const e = engine([flagRule]);
  e.setFile('a.yaml', 'flag: false\n---\nname: x\nflag: true\n');
  const [f] = e.analyze('a.yaml');
  assert.equal(f.ruleId, 'test/flag');
  assert.equal(f.severity, 'warning');
  assert.deepEqual(f.range, { start: { line: 3, character: 6 }, end: { line: 3, character: 10 } });
  assert.equal(e.file('a.yaml')!.text.slice(f.span.start, f.span.end), 'true');
});

test('pqc-lens-disable-next-line silences the named rule on the next line only', () => {
  const e = engine([flagRule]);
  e.setFile('a.yaml', '# pqc-lens-disable-next-line test/flag -- accepted until Q3\nflag: true\n---\nflag: true\n');
  const found = e.analyze('a.yaml');
  assert.equal(found.length, 1);
  assert.equal(found[0].range.start.line, 3);
  e.setFile('b.yaml', '# pqc-lens-disable-next-line other/rule -- reason\nflag: true\n');
  assert.equal(e.analyze('b.yaml').length, 1, 'a different rule id does not silence');
});

test('severity overrides and off come from the config', () => {
  const { config, problems } = parseConfig('rules:\n  test/flag: error\n');
  assert.deepEqual(problems, []);
  const e = engine([flagRule], config);
  e.setFile('a.yaml', 'flag: true\n');
  assert.equal(e.analyze('a.yaml')[0].severity, 'error');
  e.reconfigure({ config: parseConfig('rules:\n  test/flag: off\n').config });
  assert.deepEqual(e.analyze('a.yaml'), []);
});

test('config problems are reported clearly, never thrown', () => {
  assert.match(parseConfig('rules: [1]').problems[0], /"rules" must map/);
  assert.match(parseConfig('rules:\n  x: loud\n').problems[0], /severity "loud"/);
  assert.match(parseConfig('unknownKey: 1').problems[0], /unknown key "unknownKey"/);
  assert.match(parseConfig('a: [').problems[0], /not valid YAML/);
  assert.deepEqual(parseConfig('').problems, []);
});

test('a rule that throws gives one internal-error and the other rules still run', () => {
  const e = engine([throwing, flagRule]);
  e.setFile('a.yaml', 'flag: true\n');
  const ids = e.analyze('a.yaml').map((f) => f.ruleId).sort();
  assert.deepEqual(ids, ['internal-error', 'test/flag']);
  assert.match(e.analyze('a.yaml').find((f) => f.ruleId === 'internal-error')!.message, /test\/throws failed.*boom/);
});

test('changing one file re-analyses only the files that read the changed facts', () => {
  const e = engine([issuerCounter, flagRule]);
  e.setFile('cert.yaml', 'kind: Certificate\n');
  e.setFile('other.yaml', 'flag: true\n');
  assert.equal(e.analyze('cert.yaml')[0].message, 'issuers: 0');
  e.analyze('other.yaml');
  const affected = e.setFile('issuer.yaml', 'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: ca\nspec:\n  ca:\n    secretName: x\n');
  assert.deepEqual(affected, ['cert.yaml']);
  assert.equal(e.analyze('cert.yaml')[0].message, 'issuers: 1');
  assert.deepEqual(e.setFile('issuer.yaml', 'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: ca\nspec:\n  ca:\n    secretName: x\n# comment\n'), [], 'same facts: nobody re-runs');
  assert.deepEqual(e.removeFile('issuer.yaml'), ['cert.yaml']);
  assert.equal(e.analyze('cert.yaml')[0].message, 'issuers: 0');
});

test('knowledge tables without sources or statuses are refused with the entry named', () => {
  const { problems } = loadKnowledge({ ...defaultKnowledge(), features: [{ id: 'x', component: 'y', since: '1.0.0', description: 'z' }] });
  assert.match(problems.join('\n'), /features\[0\] has no "source"/);
  assert.match(loadKnowledge([]).problems[0], /expected a JSON object/);
});

test('applyEdits applies sorted edits and refuses overlapping ones', () => {
  const { text, skipped } = applyEdits('abcdef', [{ span: { start: 4, end: 5 }, newText: 'E' }, { span: { start: 0, end: 1 }, newText: 'A' }, { span: { start: 0, end: 2 }, newText: 'X' }]);
  assert.equal(text, 'AbcdEf');
  assert.equal(skipped.length, 1);
});

test('file kinds come from content and name', () => {
  assert.equal(detectTextKind('deploy/server.conf', 'server {\n  trust_domain = "x"\n}\n'), 'spire-hcl');
  assert.equal(detectTextKind('nginx/site.conf', 'server {\n listen 80;\n}\n'.replace('server', 'http')), 'unknown');
  assert.equal(detectTextKind('config/ca.json', '{"root": "/r.crt", "authority": {}}'), 'step-ca-json');
  assert.equal(detectTextKind('package.json', '{"name": "x"}'), 'unknown');
  assert.equal(detectTextKind('certs/ca.txt', '-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n'), 'pem');
  assert.equal(detectTextKind('secret.yaml', 'kind: Secret\nstringData:\n  ca.crt: |\n    -----BEGIN CERTIFICATE-----\n'), 'kubernetes-yaml');
  assert.equal(detectTextKind('ssl/openssl.cnf', '[req]\ndefault_bits = 2048\n'), 'openssl-cnf');
  assert.equal(detectBinaryKind('ca.der', new Uint8Array([0x30, 0x82, 1, 0])), 'der');
});

test('binary or invalid UTF-8 content becomes a notice, not a crash', () => {
  const e = engine([flagRule]);
  e.setFile('bin.yaml', new Uint8Array([0x66, 0x00, 0xff, 0xfe]));
  e.setFile('latin1.yaml', new Uint8Array([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
  for (const p of ['bin.yaml', 'latin1.yaml']) {
    assert.deepEqual(e.analyze(p), []);
    assert.match(e.notices(p)[0].message, /binary content or invalid UTF-8/);
  }
});

test('LineIndex maps offsets and positions both ways, CRLF included', () => {
  const lines = new LineIndex('a\r\nbc\nd');
  assert.deepEqual(lines.position(4), { line: 1, character: 1 });
  assert.equal(lines.offset({ line: 2, character: 0 }), 6);
  assert.equal(lines.eol, '\r\n');
  // Texts without a carriage return take a faster path: the same answers as the general one.
  for (const text of ['', 'x', '\n', 'a\n\nbc\n', 'a\nbc\nd', 'a\rb\r\nc\nd\r']) {
    const index = new LineIndex(text);
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) starts.push(i + 1);
    }
    assert.equal(index.lineCount, starts.length, JSON.stringify(text));
    starts.forEach((start, line) => assert.equal(index.offset({ line, character: 0 }), start, `${JSON.stringify(text)} line ${line}`));
  }
});

// Early cutoff: a reader whose queries answer as before is not re-analysed (engine.ts,
// workspace/index.ts). Real certificates: a copy of the same certificate in another file does not
// change a lookup by subject; another certificate with that subject does.
test('a change that leaves every answer a file got unchanged does not re-analyse it', () => {
  const pem = (name: string): string => readFileSync(join(fixturesDir, 'certs', name), 'utf8');
  let subject = '';
  const lookups: Rule = defineRule({
    meta: { id: 'test/lookups', severity: 'info', description: 'asks answered questions of the index', appliesTo: ['kubernetes-yaml'], fixable: false, sources: ['test'] },
    check({ file, index, report }) {
      if (file.path !== 'reader.yaml') return;
      const special = index.derive('issuers', (issuers) => issuers.some((i) => i.name === 'special'));
      const certs = index.certificatesWithSubject(subject);
      report({ span: { start: 0, end: 1 }, message: `special: ${special}; certificates: ${certs.map((c) => c.fingerprintSha256.slice(0, 8)).join(',')}` });
    },
  });
  const issuer = (name: string): string => `apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: ${name}\nspec:\n  ca:\n    secretName: x\n`;
  const e = engine([lookups]);
  e.setFile('leaf.pem', pem('mldsa44-leaf.pem'));
  subject = e.index.all('certificates')[0].occurrence.cert!.subject;
  e.setFile('reader.yaml', 'kind: Certificate\n');
  const before = e.analyze('reader.yaml')[0].message;
  assert.match(before, /^special: false; certificates: [0-9a-f]{8}$/);

  assert.deepEqual(e.setFile('copy.pem', pem('mldsa44-leaf.pem')), [], 'the same certificate again: same answer');
  assert.deepEqual(e.setFile('issuers.yaml', issuer('ordinary')), [], 'another issuer: still no "special"');
  assert.equal(e.analyze('reader.yaml')[0].message, before, 'the kept findings');

  assert.deepEqual(e.setFile('other.pem', pem('tampered-signature.pem')), ['reader.yaml'], 'a different certificate with that subject');
  assert.match(e.analyze('reader.yaml')[0].message, /^special: false; certificates: [0-9a-f]{8},[0-9a-f]{8}$/);
  assert.deepEqual(e.setFile('issuers.yaml', issuer('special')), ['reader.yaml'], 'the answer turns true');
  assert.match(e.analyze('reader.yaml')[0].message, /^special: true;/);

  // After every change the kept findings equal those of an engine that saw the final files at once.
  const fresh = engine([lookups]);
  for (const path of e.paths()) fresh.setFile(path, e.file(path)!.text);
  assert.deepEqual(fresh.analyze('reader.yaml'), e.analyze('reader.yaml'));
});

test('collectAffected looks for affected files once, at the end, and skips analyses newer than the change', () => {
  const counter: Rule = defineRule({
    meta: { id: 'test/count', severity: 'info', description: 'counts issuers from every file', appliesTo: ['kubernetes-yaml'], fixable: false, sources: ['test'] },
    check({ index, report }) {
      report({ span: { start: 0, end: 1 }, message: `issuers: ${index.all('issuers').length}` });
    },
  });
  const e = engine([counter]);
  const issuer = 'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: ca\nspec:\n  ca:\n    secretName: x\n';
  const affected = e.collectAffected(() => {
    e.setFile('cert.yaml', 'kind: Certificate\n');
    assert.equal(e.analyze('cert.yaml')[0].message, 'issuers: 0');
    assert.deepEqual(e.setFile('issuer.yaml', issuer), [], 'nothing is reported while collecting');
    e.setFile('late.yaml', 'kind: Certificate\n');
    assert.equal(e.analyze('late.yaml')[0].message, 'issuers: 1');
  });
  assert.deepEqual(affected, ['cert.yaml'], 'read the issuers before the issuer came; late.yaml read them after');
  assert.equal(e.analyze('cert.yaml')[0].message, 'issuers: 1');
  assert.deepEqual(e.collectAffected(() => e.setFile('flags.yaml', 'flag: true\n')), [], 'no issuer changed');
  assert.deepEqual(e.collectAffected(() => e.removeFile('issuer.yaml')).sort(), ['cert.yaml', 'late.yaml'], 'both read the issuer that went');
});

test('a file known by its facts whose parse throws stays known until removed, and a question that throws depends on its whole category', () => {
  // Bytes that make parsing throw (the core promises not to; the CLI still reports it as a notice).
  class Hostile extends Uint8Array {
    override subarray(): Uint8Array<ArrayBuffer> {
      throw new Error('unreadable');
    }
  }
  const e = engine([]);
  e.setExternalFacts([['a.yaml', emptyFacts()]]);
  assert.throws(() => e.setFile('a.yaml', new Hostile(4)), /unreadable/);
  assert.ok(e.index.hasFile('a.yaml'), 'still known by its facts');
  e.removeFile('a.yaml');
  assert.ok(!e.index.hasFile('a.yaml'), 'forgotten once removed');

  const firstSecret: Rule = defineRule({
    meta: { id: 'test/first-secret', severity: 'info', description: 'a question that throws without Secrets', appliesTo: ['kubernetes-yaml'], fixable: false, sources: ['test'] },
    check({ file, index, report }) {
      if (file.path !== 'reader.yaml') return;
      report({ span: { start: 0, end: 1 }, message: index.derive('secrets', (secrets) => secrets[0].name) });
    },
  });
  const f = engine([firstSecret]);
  f.setFile('reader.yaml', 'kind: Certificate\n');
  assert.equal(f.analyze('reader.yaml')[0].ruleId, 'internal-error');
  assert.deepEqual(f.setFile('secret.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-tls\n'), ['reader.yaml']);
  assert.equal(f.analyze('reader.yaml')[0].message, 'web-tls');
});
