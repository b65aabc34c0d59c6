// Every rule has a docs page, a test file and fixtures that trigger it and stay clean; its fixes
// remove the finding, keep the file parseable, add no new finding, and are idempotent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../../server/src/core/rules/index.js';
import { repoRoot, fixturesDir } from '../helpers.js';
import { applyFix, engineForDir, findingsOf } from '../harness.js';

const ruleFixtures = join(fixturesDir, 'rules');

function cases(ruleId: string, prefix: 'bad-' | 'good-'): string[] {
  const dir = join(ruleFixtures, ruleId);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => n.startsWith(prefix) && statSync(join(dir, n)).isDirectory()).map((n) => join(dir, n));
}

test('rule ids are unique', () => {
  const ids = allRules.map((r) => r.meta.id);
  assert.equal(new Set(ids).size, ids.length);
});

for (const rule of allRules) {
  const id = rule.meta.id;
  test(`${id}: has metadata, docs page and a test file`, () => {
    assert.ok(rule.meta.description.length > 10, 'description');
    assert.ok(rule.meta.sources.length > 0, 'at least one source');
    const docs = join(repoRoot, 'docs', 'rules', `${id}.md`);
    assert.ok(existsSync(docs), `missing docs page docs/rules/${id}.md`);
    assert.ok(existsSync(join(repoRoot, 'test', 'unit', 'rules', `${id.replace(/\//g, '-')}.test.ts`)), `missing test/unit/rules/${id.replace(/\//g, '-')}.test.ts`);
  });

  test(`${id}: fixtures that trigger it and fixtures that stay clean`, async () => {
    const bad = cases(id, 'bad-');
    const good = cases(id, 'good-');
    assert.ok(bad.length > 0, `no test/fixtures/rules/${id}/bad-* folder`);
    assert.ok(good.length > 0, `no test/fixtures/rules/${id}/good-* folder`);
    for (const dir of bad) {
      const engine = await engineForDir(dir);
      assert.ok(findingsOf(engine, id).length > 0, `${dir} should trigger ${id}`);
      assert.equal(findingsOf(engine, 'internal-error').length, 0, `${dir}: internal-error`);
    }
    for (const dir of good) {
      const engine = await engineForDir(dir);
      assert.deepEqual(findingsOf(engine, id).map((f) => `${f.file}:${f.range.start.line + 1} ${f.message}`), [], `${dir} should not trigger ${id}`);
      assert.equal(findingsOf(engine, 'internal-error').length, 0, `${dir}: internal-error`);
    }
  });

  if (rule.meta.fixable) {
    test(`${id}: every fix removes its finding, keeps the file parseable, adds nothing new, and is idempotent`, async () => {
      let fixesSeen = 0;
      for (const dir of cases(id, 'bad-')) {
        const probe = await engineForDir(dir);
        const targets = findingsOf(probe, id).flatMap((f) => f.fixes.map((_, i) => ({ f, i })));
        for (const { f, i } of targets) {
          fixesSeen++;
          const engine = await engineForDir(dir);
          const finding = findingsOf(engine, id).find((g) => g.span.start === f.span.start && g.message === f.message)!;
          const before = findingsOf(engine).map(key);
          const syntaxBefore = findingsOf(engine, 'syntax-error').length;
          const fix = finding.fixes[i];
          const text = applyFix(engine, finding, fix);
          const after = findingsOf(engine);
          assert.equal(findingsOf(engine, 'syntax-error').length, syntaxBefore, `${fix.title}: file no longer parses\n${text}`);
          assert.ok(!after.some((g) => g.ruleId === id && g.file === finding.file && g.message === finding.message && g.range.start.line === finding.range.start.line),
            `${fix.title}: finding still present`);
          const newOnes = after.map(key).filter((k) => !before.includes(k) && !k.startsWith(`${id} `));
          assert.deepEqual(newOnes, [], `${fix.title} in ${dir}: new findings appeared`);
          const again = findingsOf(engine, id).filter((g) => g.file === finding.file && g.fixes.some((x) => x.title === fix.title) && g.range.start.line === finding.range.start.line);
          assert.equal(again.length, 0, `${fix.title}: applying it twice would change the file again`);
        }
      }
      assert.ok(fixesSeen > 0, `${id} is fixable but no bad- fixture offers a fix`);
    });
  }
}

function key(f: { ruleId: string; severity: string; file: string; message: string }): string {
  return `${f.ruleId} ${f.severity} ${f.file} ${f.message}`;
}
