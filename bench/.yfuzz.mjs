import * as require_fs from 'node:fs';
import { parseYaml, parseYamlWhole, withPreviousYaml } from '/work/main/out/server/src/core/formats/yaml.js';
import { generateW1 } from '/work/main/out/bench/generate.js';
import { rng } from '/work/main/out/bench/prng.js';
const base = generateW1({ documents: 30, lines: 500, certificates: 4, edits: 0 }).text;
process.emitWarning = () => {};
const sig = (m) => JSON.stringify({
  docs: m.documents.map((d) => ({ span: d.span, range: d.doc.range, parsed: d.parsed, templated: d.templated, kind: d.kind, name: d.name,
    errors: d.doc.errors.map((e) => [e.code, e.pos]), js: (() => { try { return JSON.stringify(d.doc.toJS({ maxAliasCount: -1 })); } catch (e) { return 'ERR'; } })(),
    nodes: (() => { const out = []; const walk = (n) => { if (!n || typeof n !== 'object') return; if (n.range) out.push(n.range.join(',')); if (n.items) for (const i of n.items) { walk(i.key); walk(i.value ?? i); } }; walk(d.doc.contents); return out.join(';'); })() })),
  syntax: m.syntaxErrors,
});
const PIECES = ['"', "'", '[', ']', '{', '}', ':', ' ', '\n', '-', '---\n', '\n---\n', '#', '|', '>', '{{ x }}', '...\n', '%YAML 1.2\n', 'a: b', '\t', '&a ', '*a', '!!str ', '? '];
let text = base; let prev = parseYaml(text); let bad = 0; const r = rng('fuzz');
for (let i = 0; i < Number(process.argv[2] || 3000); i++) {
  if (r.chance(0.02)) text = base;
  const at = r.int(text.length + 1);
  const roll = r.next();
  if (roll < 0.5) text = text.slice(0, at) + r.pick(PIECES) + text.slice(at);
  else if (roll < 0.8) text = text.slice(0, at) + text.slice(Math.min(text.length, at + r.range(1, 30)));
  else { const ls = text.split('\n'); ls.splice(r.int(ls.length), 1); text = ls.join('\n'); }
  const whole = parseYamlWhole(text);
  const incremental = withPreviousYaml(prev, () => parseYaml(text));
  const fresh = parseYaml(text);
  if (sig(whole) !== sig(incremental) || sig(whole) !== sig(fresh)) { bad++; if (bad < 2) { require_fs.writeFileSync('/tmp/mismatch.yaml', text); console.log('MISMATCH at', i, JSON.stringify(text.slice(0, 0))); const a = JSON.parse(sig(whole)), b = JSON.parse(sig(fresh)); console.log('whole docs', a.docs.length, 'fresh', b.docs.length); for (let k = 0; k < Math.max(a.docs.length, b.docs.length); k++) if (JSON.stringify(a.docs[k]) !== JSON.stringify(b.docs[k])) { for (const f of Object.keys(a.docs[k] ?? {})) if (JSON.stringify(a.docs[k][f]) !== JSON.stringify(b.docs[k]?.[f])) { const x = JSON.stringify(a.docs[k][f]), y = JSON.stringify(b.docs[k]?.[f]); let p = 0; while (x[p] === y[p]) p++; console.log('ctx', JSON.stringify(text.slice(a.docs[k].span.end - 80, a.docs[k].span.end + 120)), 'next errors', JSON.stringify(a.docs[k+1]?.errors), JSON.stringify(b.docs[k+1]?.errors)); console.log('field', f, x.slice(Math.max(0,p-150), p+100), '\n   vs', y.slice(Math.max(0,p-150), p+100)); }  break; } if (JSON.stringify(a.syntax) !== JSON.stringify(b.syntax)) console.log('syntax', JSON.stringify(a.syntax).slice(0,300), JSON.stringify(b.syntax).slice(0,300)); } }
  prev = incremental;
}
console.log('mismatches', bad);
