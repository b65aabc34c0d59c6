import { join } from 'node:path';
import { engineForDir, findingsOf, applyFix } from '../harness.js';
import { fixturesDir } from '../helpers.js';
const [id, c] = process.argv.slice(2);
const engine = await engineForDir(join(fixturesDir, 'rules', id, c));
for (const f of findingsOf(engine, id)) {
  if (f.fixes[0]) { const t = applyFix(engine, f, f.fixes[0]); console.log(`--- ${f.file}\n${t}`); break; }
}
