import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineFor, findingsOf } from '../../harness.js';
import { fixturesDir } from '../../helpers.js';

const fixture = (p: string) => readFileSync(join(fixturesDir, 'rules', 'syntax-error', p), 'utf8');

test('truncated YAML: one finding at the unterminated flow sequence, other documents still analysed', async () => {
  const text = fixture('bad-truncated-yaml/issuer.yaml');
  const engine = await engineFor({ 'issuer.yaml': text + '---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: a\ndata:\n  tls.key: ""\n' });
  const found = findingsOf(engine, 'syntax-error');
  assert.equal(found.length, 1);
  assert.equal(found[0].range.start.line, 7, 'where the parser gave up: the end of the unterminated flow sequence');
  assert.match(found[0].message, /end with a \]\. This YAML document was not checked\.$/);
  assert.match(found[0].message, /^YAML syntax error: /);
  const file = engine.file('issuer.yaml')!;
  assert.ok(file.kind === 'kubernetes-yaml' && file.yaml.documents[1].parsed, 'the second document still parses');
});

test('two broken documents of one YAML file: one finding each, since each is parsed and skipped on its own', async () => {
  const broken = fixture('bad-truncated-yaml/issuer.yaml');
  const engine = await engineFor({ 'two.yaml': `${broken}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\n---\n${broken}` });
  const found = findingsOf(engine, 'syntax-error');
  assert.equal(found.length, 2);
  assert.ok(found[1].range.start.line > found[0].range.start.line + 5, 'the second at the second broken document');
});

test('an unclosed SPIRE block is one finding, not an exception', async () => {
  const engine = await engineFor({ 'server.conf': fixture('bad-unclosed-hcl/server.conf') });
  const found = findingsOf(engine, 'syntax-error');
  assert.equal(found.length, 1);
  assert.match(found[0].message, /^HCL syntax error/);
});

test('a missing comma in ca.json is reported where the parser stopped', async () => {
  const text = fixture('bad-json/ca.json');
  const engine = await engineFor({ 'ca.json': text });
  const [found] = findingsOf(engine, 'syntax-error');
  assert.match(found.message, /^JSON syntax error/);
  assert.equal(found.range.start.line, 3, 'the "authority" line after the missing comma');
});

test('Helm templates and empty files give no syntax error', async () => {
  const engine = await engineFor({ 'deployment.yaml': fixture('good-helm-template/deployment.yaml'), 'empty.yaml': '', 'blank.conf': '\n' });
  assert.deepEqual(findingsOf(engine, 'syntax-error'), []);
});

test('the finding can be disabled inline like any other rule', async () => {
  const engine = await engineFor({ 'x.yaml': '# pqc-lens-disable-next-line syntax-error -- generated upstream\na: b: c\n' });
  assert.deepEqual(findingsOf(engine, 'syntax-error'), []);
  engine.setFile('x.yaml', 'a: b: c\n');
  assert.equal(findingsOf(engine, 'syntax-error').length, 1, 'without the comment it is reported');
});
