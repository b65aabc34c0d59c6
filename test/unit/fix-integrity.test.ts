// Quick-fix integrity across ALL rules, complementing rules-contract.test.ts (which checks that a
// fix removes its finding, keeps the file parseable, adds nothing new and is idempotent on the
// rules' own bad-* fixtures). Here every fix offered anywhere — every rule's bad-* fixtures, the
// examples and the real-world corpus, as written and converted to CRLF — must:
//   - have edits inside the text that never overlap (within the fix, and in fix-all);
//   - leave every other YAML document of the file byte-identical;
//   - keep every comment of the file;
//   - keep the file's line endings (a CRLF file gets no bare LF);
//   - not break parsing, and not be offered again once applied (applying twice equals once).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits } from '../../server/src/core/edits.js';
import type { ParsedFile } from '../../server/src/core/parse.js';
import type { Finding, Fix } from '../../server/src/core/types.js';
import { toLspFix } from '../../server/src/lsp/convert.js';
import { fixAllEdits } from '../../server/src/lsp/codeActions.js';
import { engineFor, findingsOf, readTree } from '../harness.js';
import { corpusDir, fixturesDir, repoRoot } from '../helpers.js';

/** Workspaces to take fixes from: each rule's bad-* folders, the examples, the real configs. */
function workspaces(): { name: string; files: Record<string, Uint8Array> }[] {
  const out: { name: string; files: Record<string, Uint8Array> }[] = [];
  const rules = join(fixturesDir, 'rules');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (!statSync(full).isDirectory()) continue;
      if (name.startsWith('bad-')) out.push({ name: full.slice(rules.length + 1), files: readTree(full) });
      else walk(full);
    }
  };
  walk(rules);
  out.push({ name: 'examples', files: readTree(join(repoRoot, 'examples')) });
  const real = join(corpusDir, 'real-configs');
  if (existsSync(real)) out.push({ name: 'corpus/real-configs', files: readTree(real) });
  return out;
}

const decoder = new TextDecoder();

function toCrlf(files: Record<string, Uint8Array>): Record<string, string | Uint8Array> {
  const out: Record<string, string | Uint8Array> = {};
  for (const [path, bytes] of Object.entries(files)) {
    const text = decoder.decode(bytes);
    out[path] = /\.(der)$/.test(path) || text.includes('\0') ? bytes : text.replace(/\r?\n/g, '\r\n');
  }
  return out;
}

/** Comment texts of a file (trimmed), by the comment syntax of its kind. Approximate on quotes, exact enough for fixtures. */
function comments(file: ParsedFile): string[] {
  const out: string[] = [];
  const hash = file.kind === 'kubernetes-yaml' || file.kind === 'openssl-cnf' || file.kind === 'spire-hcl';
  const slashes = file.kind === 'step-ca-json' || file.kind === 'spire-hcl';
  for (const line of file.text.split(/\r?\n|\r/)) {
    const unquoted = line.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, (m) => ' '.repeat(m.length));
    const candidates: number[] = [];
    if (hash) { const m = /(^|\s)#/.exec(unquoted); if (m) candidates.push(m.index + m[1].length); }
    if (slashes) { const m = /(^|\s)(\/\/|\/\*)/.exec(unquoted); if (m) candidates.push(m.index + m[1].length); }
    if (candidates.length > 0) {
      const text = line.slice(Math.min(...candidates)).trim();
      if (text.length > 2) out.push(text);
    }
  }
  return out;
}

function count(haystack: string, needle: string): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

interface Problem { where: string; problem: string }

function checkFix(file: ParsedFile, finding: Finding, fix: Fix, problems: Problem[], where: string): string | undefined {
  const say = (problem: string): void => { problems.push({ where: `${where} ${finding.ruleId} "${fix.title}"`, problem }); };
  const text = file.text;
  const sorted = [...fix.edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i];
    if (e.span.start < 0 || e.span.end > text.length || e.span.start > e.span.end) say(`edit ${JSON.stringify(e.span)} outside [0, ${text.length}]`);
    if (i > 0 && e.span.start < sorted[i - 1].span.end) say(`edits overlap at ${e.span.start}`);
  }
  const { text: fixed, skipped } = applyEdits(text, fix.edits);
  if (skipped.length > 0) say(`${skipped.length} edits refused by applyEdits`);
  if (fixed === text) say('the fix changes nothing');

  // Other YAML documents stay byte-identical (compared at their shifted position).
  if (file.kind === 'kubernetes-yaml') {
    for (const doc of file.yaml.documents) {
      const { start, end } = doc.span;
      if (sorted.some((e) => e.span.end >= start && e.span.start <= end)) continue;
      const shift = sorted.filter((e) => e.span.end <= start).reduce((n, e) => n + e.newText.length - (e.span.end - e.span.start), 0);
      if (fixed.slice(start + shift, end + shift) !== text.slice(start, end)) say(`the document at ${start}-${end} changed although no edit touches it`);
    }
  }
  for (const comment of new Set(comments(file))) {
    if (count(fixed, comment) < count(text, comment)) say(`comment lost: ${JSON.stringify(comment)}`);
  }
  const crlf = /\r\n/.test(text) && !/[^\r]\n|^\n/.test(text);
  if (crlf && /[^\r]\n|^\n/.test(fixed)) say('a bare LF in a CRLF file');
  return fixed;
}

for (const { name, files } of workspaces()) {
  for (const eol of ['as written', 'CRLF'] as const) {
    test(`fix integrity (${eol}): ${name}`, { timeout: 120_000 }, async () => {
      const content = eol === 'CRLF' ? toCrlf(files) : files;
      const engine = await engineFor(content);
      const problems: Problem[] = [];
      const offered = findingsOf(engine).filter((f) => f.fixes.length > 0);
      for (const finding of offered) {
        finding.fixes.forEach((fix, index) => {
          const file = engine.file(finding.file)!;
          const syntaxBefore = engine.analyze(finding.file).filter((f) => f.ruleId === 'syntax-error').length;
          const fixed = checkFix(file, finding, fix, problems, `${finding.file}:${finding.range.start.line + 1}`);
          if (fixed === undefined) return;
          // Apply in a scratch engine: parse errors, and the same fix offered again, are failures.
          const original = file.text;
          engine.setFile(finding.file, fixed);
          const after = engine.analyze(finding.file);
          if (after.filter((f) => f.ruleId === 'syntax-error').length > syntaxBefore) problems.push({ where: `${finding.file} ${finding.ruleId} "${fix.title}"`, problem: 'the fixed file no longer parses' });
          // The same finding, where the edits moved it: offering the same fix there again means applying twice would change the file again.
          const moved = finding.span.start + fix.edits.filter((e) => e.span.end <= finding.span.start).reduce((n, e) => n + e.newText.length - (e.span.end - e.span.start), 0);
          const line = engine.file(finding.file)!.lines.position(moved).line;
          const again = after.filter((f) => f.ruleId === finding.ruleId && f.range.start.line === line && f.fixes.some((x) => x.title === fix.title) && f.message === finding.message);
          if (again.length > 0) problems.push({ where: `${finding.file} ${finding.ruleId} "${fix.title}" (#${index})`, problem: 'offered again after being applied' });
          engine.setFile(finding.file, original);
        });
      }
      // Fix-all as the language server builds it: the first safe fix of each diagnostic, never overlapping.
      for (const path of engine.paths()) {
        const file = engine.file(path)!;
        const diagnostics = engine.analyze(path).map((f) => ({ data: { ruleId: f.ruleId, version: 1, fixes: f.fixes.map((x) => toLspFix(x, file.lines)) } }));
        const edits = fixAllEdits(diagnostics, 1);
        const spans = edits.map((e) => ({ start: file.lines.offset(e.range.start), end: file.lines.offset(e.range.end) })).sort((a, b) => a.start - b.start);
        for (let i = 1; i < spans.length; i++) if (spans[i].start < spans[i - 1].end) problems.push({ where: `${path} fix-all`, problem: 'overlapping edits' });
      }
      assert.deepEqual(problems, []);
      if (eol === 'as written' && name.startsWith('examples')) assert.ok(offered.length > 0, 'the examples offer fixes');
    });
  }
}
