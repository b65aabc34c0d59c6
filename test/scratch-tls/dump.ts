// Temporary: prints the findings of the given rule ids over fixture folders.
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { engineForDir, findingsOf } from '../harness.js';
import { fixturesDir } from '../helpers.js';
const ids = process.argv.slice(2);
for (const id of ids) {
  const dir = join(fixturesDir, 'rules', id);
  if (!existsSync(dir)) continue;
  for (const c of readdirSync(dir)) {
    const engine = await engineForDir(join(dir, c));
    console.log(`\n=== ${id} / ${c}`);
    for (const f of findingsOf(engine)) {
      if (!ids.includes(f.ruleId) && f.ruleId !== 'internal-error' && f.ruleId !== 'syntax-error') continue;
      const text = engine.file(f.file)!.text;
      console.log(`[${f.ruleId} ${f.severity}] ${f.file}:${f.range.start.line + 1} «${text.slice(f.span.start, f.span.end).slice(0, 80)}»\n   ${f.message}`);
      for (const x of f.fixes) console.log(`   fix(${x.safe ? 'safe' : 'unsafe'}): ${x.title} ${JSON.stringify(x.edits.map((e) => [text.slice(e.span.start, e.span.end), e.newText]))}`);
    }
  }
}
