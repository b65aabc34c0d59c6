import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../../server/src/core/rules/index.js';
import { INTERNAL_ERROR_META } from '../../server/src/core/engine.js';
import { repoRoot } from '../helpers.js';

test('docs/rules/README.md is current (regenerate with node scripts/gen-rules-doc.mjs)', async () => {
  const { renderRulesIndex } = await import(join(repoRoot, 'scripts', 'gen-rules-doc.mjs'));
  assert.equal(readFileSync(join(repoRoot, 'docs', 'rules', 'README.md'), 'utf8'), await renderRulesIndex());
});

test('every rule page has the sections users look for and names its sources', () => {
  for (const meta of [...allRules.map((r) => r.meta), INTERNAL_ERROR_META]) {
    const page = join(repoRoot, 'docs', 'rules', `${meta.id}.md`);
    assert.ok(existsSync(page), `missing ${page}`);
    const text = readFileSync(page, 'utf8').toLowerCase();
    for (const section of ['## what', '## why', '## bad example', '## good example', '## fix', '## sources']) {
      assert.ok(text.includes(section), `${meta.id}: no "${section}" section`);
    }
  }
});
