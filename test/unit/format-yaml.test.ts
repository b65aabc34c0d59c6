import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { maskTemplates, parseYaml, stringAt } from '../../server/src/core/formats/yaml.js';
import { corpusDir } from '../helpers.js';

const realDir = join(corpusDir, 'real-configs');
const filesOf = (folder: string): string[] => readdirSync(join(realDir, folder)).filter((f) => f.endsWith('.yaml')).sort();
const read = (folder: string, name: string): string => readFileSync(join(realDir, folder, name), 'utf8');

test('every cert-manager Helm chart file and step-issuer file parses without syntax errors', () => {
  for (const folder of ['cert-manager-helm', 'step-issuer']) {
    const files = filesOf(folder);
    assert.ok(files.length > 20, folder);
    for (const name of files) {
      const text = read(folder, name);
      const model = parseYaml(text);
      assert.deepEqual(model.syntaxErrors, [], `${folder}/${name}`);
      // Only a file of comments alone has no document (config_rbac_metrics_reader_rolebinding.yaml).
      const commentsOnly = text.split('\n').every((line) => line.trim() === '' || line.trim().startsWith('#'));
      assert.equal(model.documents.length === 0, commentsOnly, `${folder}/${name}`);
      // After masking, every document of these files is parseable YAML (none is silently skipped).
      for (const doc of model.documents) assert.equal(doc.parsed, true, `${folder}/${name} @${doc.span.start}`);
      for (const doc of model.documents) assert.equal(doc.templated, text.slice(doc.span.start, doc.span.end).includes('{{'), `${folder}/${name}`);
    }
  }
});

test('Go template comments holding {{ }} are masked whole (cert-manager deployment templates)', () => {
  const text = read('cert-manager-helm', 'templates_deployment.yaml');
  assert.ok(text.includes('{{- /* The if statement below is equivalent to {{- if $value }}'));
  const masked = maskTemplates(text);
  assert.equal(masked.length, text.length, 'offsets do not move');
  assert.equal(masked.split('\n').length, text.split('\n').length, 'line breaks are kept');
  assert.ok(!masked.includes('*/'), 'no comment tail left behind');
  assert.ok(!masked.includes('{{') && !masked.includes('}}'));
  const model = parseYaml(text);
  const [doc] = model.documents;
  assert.equal(doc.parsed, true);
  assert.equal(doc.kind, 'Deployment');
  // Values outside template actions keep their exact offsets.
  const policy = stringAt(doc.doc.contents, ['spec', 'template', 'spec', 'containers', 0, 'imagePullPolicy']);
  assert.equal(policy, undefined, 'fully templated value is blank, not garbage');
  const ports = doc.doc.toJS() as { spec: { template: { spec: { containers: { ports: { containerPort: number }[] }[] } } } };
  assert.ok(ports.spec.template.spec.containers[0].ports.length > 0);
});

test('multi-document ranges are exact: synthetic file', () => {
  const text = 'apiVersion: v1\nkind: A\nmetadata:\n  name: a\n---\n# c\nkind: B\n---\nkind: C\n...\n';
  const model = parseYaml(text);
  assert.deepEqual(model.syntaxErrors, []);
  assert.deepEqual(model.documents.map((d) => [d.kind, text.slice(d.span.start, d.span.end)]), [
    ['A', 'apiVersion: v1\nkind: A\nmetadata:\n  name: a\n'],
    ['B', '---\n# c\nkind: B\n'],
    ['C', '---\nkind: C\n...\n'],
  ]);
  const crlf = 'kind: A\r\n---\r\nkind: B\r\n';
  assert.deepEqual(parseYaml(crlf).documents.map((d) => [d.kind, crlf.slice(d.span.start, d.span.end)]), [['A', 'kind: A\r\n'], ['B', '---\r\nkind: B\r\n']]);
});

test('multi-document ranges are exact: real files, each slice reparses to the same object', () => {
  const cases: [string, string, number][] = [
    ['step-issuer', 'config_samples_deployment.yaml', 12],
    ['step-issuer', 'config_certmanager_certificate.yaml', 2],
    ['step-issuer', 'config_manager_manager.yaml', 2],
    ['cert-manager-helm', 'templates_rbac.yaml', 21],
  ];
  for (const [folder, name, count] of cases) {
    const text = read(folder, name);
    const source = maskTemplates(text);
    const { documents } = parseYaml(text);
    assert.equal(documents.length, count, name);
    for (let i = 0; i < documents.length; i++) {
      const { span } = documents[i];
      if (i > 0) {
        assert.ok(text.slice(span.start).startsWith('---'), `${name} #${i} starts at its ---`);
        // Only blank space (or masked template actions) between consecutive documents.
        assert.equal(source.slice(documents[i - 1].span.end, span.start).trim(), '', `${name} gap before #${i}`);
      }
      const alone = parseYaml(source.slice(span.start, span.end));
      assert.equal(alone.documents.length, 1, `${name} #${i}`);
      assert.deepEqual(alone.documents[0].doc.toJS(), documents[i].doc.toJS(), `${name} #${i}`);
    }
    assert.equal(source.slice(documents[documents.length - 1].span.end).trim(), '', `${name}: nothing after the last document`);
  }
  const deployment = parseYaml(read('step-issuer', 'config_samples_deployment.yaml')).documents;
  assert.deepEqual(deployment.map((d) => d.kind).filter(Boolean).slice(0, 3), ['Namespace', 'CustomResourceDefinition', 'Role']);
  assert.equal(deployment[9].kind, undefined, 'a comment-only document');
});

test('a truncated YAML file gives exactly one syntax error, inside the text', () => {
  const text = read('step-issuer', 'config_crd_bases_certmanager.step.sm_stepissuers.yaml');
  const cut = text.slice(0, text.indexOf('"True"') + 3); // ends inside a double-quoted scalar
  const model = parseYaml(cut);
  assert.equal(model.syntaxErrors.length, 1);
  const [issue] = model.syntaxErrors;
  assert.match(issue.message, /^YAML syntax error: /);
  assert.ok(issue.span.start <= issue.span.end && issue.span.end <= cut.length, JSON.stringify(issue.span));
  assert.equal(model.documents[0].parsed, false);

  const flow = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  list: [a, b\n';
  const f = parseYaml(flow);
  assert.equal(f.syntaxErrors.length, 1);
  assert.ok(f.syntaxErrors[0].span.end <= flow.length);

  // An error at the end of one document stays in that document, and the next document still parses.
  const multi = 'kind: A\n---\nkind: B\nx: {a: 1\n---\nkind: C\n';
  const m = parseYaml(multi);
  assert.equal(m.syntaxErrors.length, 1);
  assert.ok(m.syntaxErrors[0].span.end <= multi.indexOf('---\nkind: C'));
  assert.deepEqual(m.documents.map((d) => [d.kind, d.parsed]), [['A', true], [undefined, false], ['C', true]]);
});

test('a broken Helm template document is skipped, not reported', () => {
  const text = 'kind: ConfigMap\ndata:\n  x: {{ .Values.x }}\n  y: [unclosed\n';
  const model = parseYaml(text);
  assert.deepEqual(model.syntaxErrors, []);
  assert.equal(model.documents[0].templated, true);
  assert.equal(model.documents[0].parsed, false);
});
