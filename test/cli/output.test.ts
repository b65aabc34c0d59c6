// `pqc-lens check` output formats and exit codes, on a copy of examples/ and on small fixtures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { docsUrl } from '../../server/src/core/rule.js';
import { fixturesDir, repoRoot } from '../helpers.js';
import { cli, copyToTemp, examplesDir, hasStackTrace, type JsonOutput } from './run.js';

const SEVERITY = { error: 3, warning: 2, info: 1 } as const;

function checkJsonShape(output: JsonOutput, cwd: string): void {
  assert.deepEqual(Object.keys(output).sort(), ['findings', 'notices']);
  for (const f of output.findings) {
    assert.deepEqual(Object.keys(f).sort(), ['column', 'endColumn', 'endLine', 'file', 'fixes', 'line', 'message', 'ruleId', 'severity']);
    assert.match(f.ruleId, /^[a-z0-9-]+(\/[a-z0-9-]+)*$/);
    assert.ok(['error', 'warning', 'info'].includes(f.severity));
    assert.ok(f.message.length > 0);
    assert.ok(!f.file.includes('\\') && !f.file.startsWith('/'), `relative posix path: ${f.file}`);
    assert.ok(existsSync(join(cwd, f.file)), `file exists: ${f.file}`);
    for (const n of [f.line, f.column, f.endLine, f.endColumn]) assert.ok(Number.isInteger(n) && n >= 1, `1-based: ${JSON.stringify(f)}`);
    assert.ok(f.endLine > f.line || (f.endLine === f.line && f.endColumn >= f.column), `range ordered: ${JSON.stringify(f)}`);
    for (const fix of f.fixes) {
      assert.deepEqual(Object.keys(fix).sort(), ['safe', 'title']);
      assert.equal(typeof fix.title, 'string');
      assert.equal(typeof fix.safe, 'boolean');
    }
  }
  for (const n of output.notices) {
    assert.ok(['error', 'warning', 'info'].includes(n.severity));
    assert.equal(typeof n.message, 'string');
  }
}

test('--format json on examples/: documented shape, exit code follows --fail-on', () => {
  const { dir, cleanup } = copyToTemp(examplesDir, 'examples');
  try {
    const r = cli(['check', '--format', 'json', '--fail-on', 'none', 'examples'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!hasStackTrace(r.stderr), r.stderr);
    const output = JSON.parse(r.stdout) as JsonOutput;
    checkJsonShape(output, dir);
    for (const f of output.findings) assert.ok(f.file.startsWith('examples/'), f.file);
    // The examples parse: no syntax errors and no rule crashes.
    assert.deepEqual(output.findings.filter((f) => f.ruleId === 'syntax-error' || f.ruleId === 'internal-error'), []);
    // Exit code semantics for every threshold, derived from the findings themselves.
    for (const failOn of ['error', 'warning', 'info'] as const) {
      const expected = output.findings.some((f) => SEVERITY[f.severity] >= SEVERITY[failOn]) ? 1 : 0;
      const again = cli(['check', '--format', 'json', '--fail-on', failOn, 'examples'], dir);
      assert.equal(again.status, expected, `--fail-on ${failOn}`);
      assert.deepEqual(JSON.parse(again.stdout), output, 'same findings on every run');
    }
  } finally {
    cleanup();
  }
});

test('paths are relative to the current folder whatever the argument looks like', () => {
  const { dir, cleanup } = copyToTemp(join(fixturesDir, 'cli', 'broken'), 'broken');
  try {
    const fromParent = JSON.parse(cli(['check', '--format', 'json', '--fail-on', 'none', 'broken'], dir).stdout) as JsonOutput;
    const withDotSlash = JSON.parse(cli(['check', '--format', 'json', '--fail-on', 'none', './broken/'], dir).stdout) as JsonOutput;
    const absolute = JSON.parse(cli(['check', '--format', 'json', '--fail-on', 'none', join(dir, 'broken')], dir).stdout) as JsonOutput;
    const inside = JSON.parse(cli(['check', '--format', 'json', '--fail-on', 'none'], join(dir, 'broken')).stdout) as JsonOutput;
    assert.ok(fromParent.findings.length > 0);
    assert.deepEqual(withDotSlash, fromParent);
    assert.deepEqual(absolute, fromParent);
    assert.deepEqual(inside.findings.map((f) => 'broken/' + f.file), fromParent.findings.map((f) => f.file));
  } finally {
    cleanup();
  }
});

test('a clean folder exits 0; a syntax error exits 1 unless --fail-on none', () => {
  const clean = copyToTemp(join(fixturesDir, 'cli', 'clean'), 'clean');
  const broken = copyToTemp(join(fixturesDir, 'cli', 'broken'), 'broken');
  try {
    const ok = cli(['check', 'clean'], clean.dir);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /^0 problems \(0 errors, 0 warnings, 0 infos\), 0 fixable$/m);

    const bad = cli(['check', '--format', 'json', 'broken'], broken.dir);
    assert.equal(bad.status, 1);
    const output = JSON.parse(bad.stdout) as JsonOutput;
    const syntax = output.findings.filter((f) => f.ruleId === 'syntax-error');
    assert.equal(syntax.length, 1, bad.stdout);
    assert.equal(syntax[0].file, 'broken/truncated.yaml');
    assert.equal(syntax[0].severity, 'error');

    assert.equal(cli(['check', '--fail-on', 'none', 'broken'], broken.dir).status, 0);
  } finally {
    clean.cleanup();
    broken.cleanup();
  }
});

test('text output: one line per finding, grouped by file, then a summary', () => {
  const { dir, cleanup } = copyToTemp(examplesDir, 'examples');
  try {
    const json = JSON.parse(cli(['check', '--format', 'json', '--fail-on', 'none', 'examples'], dir).stdout) as JsonOutput;
    const r = cli(['check', '--fail-on', 'none', 'examples'], dir);
    assert.equal(r.status, 0);
    const lines = r.stdout.split('\n');
    const findingLines = lines.filter((l) => /^\S+:\d+:\d+ {2}(error|warning|info)/.test(l));
    assert.equal(findingLines.length, json.findings.length);
    json.findings.forEach((f, i) => {
      assert.ok(findingLines[i].startsWith(`${f.file}:${f.line}:${f.column}  ${f.severity}`), findingLines[i]);
      assert.ok(findingLines[i].endsWith(`  ${f.ruleId}`), findingLines[i]);
    });
    const counts = { error: 0, warning: 0, info: 0 };
    for (const f of json.findings) counts[f.severity]++;
    const fixable = json.findings.filter((f) => f.fixes.some((x) => x.safe)).length;
    const n = json.findings.length;
    const plural = (k: number, w: string): string => `${k} ${w}${k === 1 ? '' : 's'}`;
    assert.equal(lines.at(-2), `${n} ${n === 1 ? 'problem' : 'problems'} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'info')}), ${fixable} fixable`);
  } finally {
    cleanup();
  }
});

function sarifValidator(): (data: unknown) => boolean {
  const schema = JSON.parse(readFileSync(join(repoRoot, 'test', 'schemas', 'sarif-2.1.0-subset.json'), 'utf8')) as object;
  const ajv = new Ajv.default({ allErrors: true, strict: false });
  // ajv-formats is not installed; these are the three formats the schema uses.
  ajv.addFormat('uri', (value: string) => { try { return new URL(value).protocol.length > 1; } catch { return false; } });
  ajv.addFormat('uri-reference', (value: string) => !/[\s\\]/.test(value) && !/%(?![0-9A-Fa-f]{2})/.test(value));
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value));
  const validate = ajv.compile(schema);
  return (data) => {
    const ok = validate(data);
    if (!ok) assert.fail(ajv.errorsText(validate.errors, { separator: '\n' }));
    return ok;
  };
}

test('--format sarif validates against SARIF 2.1.0 and points results at their rules', () => {
  const validate = sarifValidator();
  for (const [source, name] of [[examplesDir, 'examples'], [join(fixturesDir, 'cli', 'broken'), 'broken']] as const) {
    const { dir, cleanup } = copyToTemp(source, name);
    try {
      const json = JSON.parse(cli(['check', '--format', 'json', '--fail-on', 'none', name], dir).stdout) as JsonOutput;
      const r = cli(['check', '--format', 'sarif', '--fail-on', 'none', name], dir);
      assert.equal(r.status, 0, r.stderr);
      const log = JSON.parse(r.stdout) as {
        version: string;
        runs: { tool: { driver: { name: string; rules: { id: string; helpUri: string; defaultConfiguration: { level: string } }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[];
      };
      validate(log);
      assert.equal(log.version, '2.1.0');
      const run = log.runs[0];
      assert.equal(run.tool.driver.name, 'pqc-lens');
      assert.ok(run.tool.driver.rules.some((rule) => rule.id === 'syntax-error'));
      for (const rule of run.tool.driver.rules) {
        assert.equal(rule.helpUri, docsUrl(rule.id));
        assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
      }
      assert.equal(run.results.length, json.findings.length);
      run.results.forEach((result, i) => {
        assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
        const f = json.findings[i];
        assert.equal(result.ruleId, f.ruleId);
        assert.equal(result.level, f.severity === 'info' ? 'note' : f.severity);
        const location = result.locations[0].physicalLocation;
        assert.equal(decodeURIComponent(location.artifactLocation.uri), f.file);
        assert.equal(location.region.startLine, f.line);
        assert.equal(location.region.startColumn, f.column);
      });
    } finally {
      cleanup();
    }
  }
});
