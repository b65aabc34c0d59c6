// `--fix`: the fix passes in process with rules made for the test, and the real CLI on examples/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { applyEdits } from '../../server/src/core/edits.js';
import { defineRule, type Rule } from '../../server/src/core/rule.js';
import type { Fix } from '../../server/src/core/types.js';
import { applyFixesInEngine, fixWorkspace, selectFixes } from '../../server/src/cli/fix.js';
import { loadWorkspace } from '../../server/src/node/workspace.js';
import { cli, copyToTemp, examplesDir, hasStackTrace, tempDir, type JsonOutput } from './run.js';

/** A YAML rule that reports every match of `pattern` and offers `fix(match)` for it. */
function regexRule(id: string, pattern: RegExp, fix: (m: RegExpExecArray) => Fix | undefined): Rule {
  return defineRule({
    meta: { id, severity: 'warning', description: `test rule ${id}`, appliesTo: ['kubernetes-yaml'], fixable: true, sources: ['test'] },
    check({ file, report }) {
      const re = new RegExp(pattern.source, 'g');
      for (let m = re.exec(file.text); m; m = re.exec(file.text)) {
        const f = fix(m);
        report({ span: { start: m.index, end: m.index + m[0].length }, message: `${id} matched`, fixes: f ? [f] : [] });
      }
    },
  });
}

/** Replaces capture group 1 of the match. */
function replaceGroup(m: RegExpExecArray, newText: string, title: string, safe = true): Fix {
  const start = m.index + m[0].indexOf(m[1]);
  return { title, safe, edits: [{ span: { start, end: start + m[1].length }, newText }] };
}

const testRules: Rule[] = [
  regexRule('test/curve', /ssl-ecdh-curve: ("X25519:prime256v1")/, (m) => replaceGroup(m, '"X25519MLKEM768:X25519:prime256v1"', 'Offer X25519MLKEM768 first')),
  regexRule('test/break', /break-me: (true)/, (m) => replaceGroup(m, '[unclosed', 'Breaks the YAML')),
  regexRule('test/unsafe', /minVersion: ("1\.2")/, (m) => replaceGroup(m, '"1.3"', 'Require TLS 1.3', false)),
  regexRule('test/step1', /stage: (step1)\b/, (m) => replaceGroup(m, 'step2', 'step1 to step2')),
  regexRule('test/step2', /stage: (step2)\b/, (m) => replaceGroup(m, 'step3', 'step2 to step3')),
  // Two findings on the same text with different fixes: only one may be applied.
  regexRule('test/overlap-a', /owner: (legacy)\b/, (m) => replaceGroup(m, 'team-a', 'Owner A')),
  regexRule('test/overlap-b', /owner: (legacy)\b/, (m) => replaceGroup(m, 'team-b', 'Owner B')),
];

const MANIFEST = [
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: ingress-nginx-controller   # café',
  'data:',
  '  ssl-ecdh-curve: "X25519:prime256v1"',
  '  minVersion: "1.2"',
  '  stage: step1',
  '  owner: legacy',
  '  break-me: true',
  '',
].join('\r\n');

test('fix passes: safe fixes applied, broken results refused, chains converge, BOM and CRLF kept', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'cm.yaml');
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(MANIFEST, 'utf8')]));
    const ws = await loadWorkspace(['.'], { cwd: dir, rules: testRules, hcl: null });
    const outcome = fixWorkspace(ws.engine, ws.files, { unsafe: false });
    assert.deepEqual(outcome.written, ['cm.yaml']);
    assert.equal(outcome.writeFailed, false);
    // curve + step1 + one owner fix in pass 1, step2 in pass 2.
    assert.equal(outcome.applied, 4);
    assert.ok(outcome.notices.some((n) => n.file === 'cm.yaml' && /Breaks the YAML.*not applied.*would not parse/.test(n.message)), JSON.stringify(outcome.notices));
    const bytes = readFileSync(path);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'BOM kept');
    const expected = MANIFEST
      .replace('"X25519:prime256v1"', '"X25519MLKEM768:X25519:prime256v1"')
      .replace('stage: step1', 'stage: step3')
      .replace('owner: legacy', 'owner: team-a');
    assert.equal(bytes.subarray(3).toString('utf8'), expected, 'only the fixed values changed; CRLF and the rest byte for byte');

    // Nothing left to do: a second run changes nothing.
    const again = await loadWorkspace(['.'], { cwd: dir, rules: testRules, hcl: null });
    const second = fixWorkspace(again.engine, again.files, { unsafe: false });
    assert.deepEqual(second.written, []);
    assert.equal(second.applied, 0);
    assert.deepEqual(readFileSync(path), bytes);

    // Unsafe fixes only on request.
    const unsafe = fixWorkspace(again.engine, again.files, { unsafe: true });
    assert.equal(unsafe.applied, 1);
    assert.match(readFileSync(path, 'utf8'), /minVersion: "1\.3"/);
  } finally {
    cleanup();
  }
});

test('selectFixes: one fix per finding, safe first, overlapping fixes deferred, duplicates merged', () => {
  const edit = (start: number, end: number, newText: string) => ({ span: { start, end }, newText });
  const finding = (fixes: Fix[]) => ({ ruleId: 'r', severity: 'warning' as const, message: 'm', file: 'f', span: { start: 0, end: 0 }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, fixes });
  const { fixes, edits } = selectFixes([
    finding([{ title: 'unsafe first', safe: false, edits: [edit(0, 2, 'u')] }, { title: 'safe', safe: true, edits: [edit(0, 2, 's')] }]),
    finding([{ title: 'overlaps', safe: true, edits: [edit(1, 3, 'o')] }]),
    finding([{ title: 'same edit twice', safe: true, edits: [edit(0, 2, 's'), edit(5, 6, 'x')] }]),
    finding([{ title: 'only unsafe', safe: false, edits: [edit(8, 9, 'z')] }]),
    finding([{ title: 'no edits', safe: true, edits: [] }]),
  ], { unsafe: false });
  assert.deepEqual(fixes.map((f) => f.title), ['safe', 'same edit twice']);
  assert.deepEqual(edits, [edit(0, 2, 's'), edit(5, 6, 'x')]);
  assert.equal(applyEdits('abcdefghij', edits).text, 'scdexghij');
});

test('applyFixesInEngine stops after a bounded number of passes when fixes never settle', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'flip.yaml'), 'mode: on\n');
    const flipFlop = [
      regexRule('test/on', /mode: (on)\b/, (m) => replaceGroup(m, 'off', 'on to off')),
      regexRule('test/off', /mode: (off)\b/, (m) => replaceGroup(m, 'on', 'off to on')),
    ];
    const ws = await loadWorkspace(['.'], { cwd: dir, rules: flipFlop, hcl: null });
    const result = applyFixesInEngine(ws.engine, ['flip.yaml'], { unsafe: false });
    assert.ok(result.applied <= 5);
    assert.ok(result.notices.some((n) => /still pending after 5 passes/.test(n.message)));
  } finally {
    cleanup();
  }
});

function snapshot(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(relative(root, full).split('\\').join('/'), readFileSync(full));
    }
  };
  walk(root);
  return out;
}

for (const unsafe of [false, true]) {
  const flag = unsafe ? '--fix-unsafe' : '--fix';
  test(`${flag} on a copy of examples/: parseable results, edits as computed, idempotent`, async () => {
    const { dir, cleanup } = copyToTemp(examplesDir, 'examples');
    try {
      const before = snapshot(dir);
      // What the fixes should produce, computed in process with the same engine.
      const planned = await loadWorkspace(['examples'], { cwd: dir });
      const firstPass = new Map<string, string>();
      const firstPassSpans = new Map<string, { start: number; end: number }[]>();
      for (const file of planned.files) {
        const parsed = planned.engine.file(file.rel);
        if (!parsed || parsed.kind === 'der') continue;
        const { edits } = selectFixes(planned.engine.analyze(file.rel), { unsafe });
        if (edits.length === 0) continue;
        firstPass.set(file.rel, applyEdits(parsed.text, edits).text);
        firstPassSpans.set(file.rel, edits.map((e) => e.span));
      }
      const { changed } = applyFixesInEngine(planned.engine, planned.files.map((f) => f.rel), { unsafe });
      const beforeJson = JSON.parse(cli(['check', '--format', 'json', '--fail-on', 'none', 'examples'], dir).stdout) as JsonOutput;

      const r = cli(['check', flag, '--fail-on', 'none', 'examples'], dir);
      assert.equal(r.status, 0, r.stderr);
      assert.ok(!hasStackTrace(r.stdout + r.stderr));
      const after = snapshot(dir);
      assert.deepEqual([...after.keys()], [...before.keys()], 'no files added or removed (no temp files left)');
      for (const [path, bytes] of after) {
        // The workspace root is the temp folder (no .pqc-lens.yaml above it): engine keys are these paths.
        const original = before.get(path)!;
        if (!changed.has(path)) {
          assert.deepEqual(bytes, original, `${path} untouched`);
          continue;
        }
        const text = bytes.toString('utf8');
        assert.equal(text, planned.engine.file(path)!.text, `${path} has exactly the planned fixes`);
        // A file can also change in a later pass only, when a fix elsewhere enabled one.
        if (text === firstPass.get(path)) {
          // One pass: the file is the applyEdits result, so bytes outside the edited spans are unchanged.
          const source = original.toString('utf8');
          const spans = firstPassSpans.get(path)!;
          const first = Math.min(...spans.map((s) => s.start));
          const last = Math.max(...spans.map((s) => s.end));
          assert.equal(text.slice(0, first), source.slice(0, first), `${path}: nothing changed before the first edit`);
          assert.equal(text.slice(text.length - (source.length - last)), source.slice(last), `${path}: nothing changed after the last edit`);
        }
      }
      // Everything that parsed before still parses.
      const afterJson = JSON.parse(cli(['check', '--format', 'json', '--fail-on', 'none', 'examples'], dir).stdout) as JsonOutput;
      const broken = (o: JsonOutput) => new Set(o.findings.filter((f) => f.ruleId === 'syntax-error').map((f) => f.file));
      for (const file of broken(afterJson)) assert.ok(broken(beforeJson).has(file), `${file} parsed before --fix and must still parse`);
      // No safe fix is left for a second run, and a second run changes nothing.
      const left = afterJson.findings.filter((f) => f.fixes.some((x) => x.safe || unsafe));
      assert.deepEqual(left.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`), [], 'no applicable fix remains after --fix');
      const second = cli(['check', flag, '--fail-on', 'none', 'examples'], dir);
      assert.equal(second.status, 0);
      assert.deepEqual(snapshot(dir), after, 'second run changes nothing');
    } finally {
      cleanup();
    }
  });
}
