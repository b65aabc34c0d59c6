// SPIRE's own configuration files (test/corpus/real-configs/spire, verbatim from spiffe/spire) through
// every rule: no exceptions anywhere, and the deliberately "bad" ones behave predictably.
//
// SPIRE's "bad" fixtures are valid HCL whose problem is unknown option names (SPIRE rejects them when
// it decodes the config). None of the SPIRE rules checks option names, so as written they give no
// syntax or validity finding; what is asserted for them is that they parse (no syntax-error), raise
// no internal-error, and that a genuinely broken copy of each (its last "}" removed) gives a
// syntax-error finding rather than an exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir } from '../../helpers.js';
import { engineFor, findingsOf } from '../../harness.js';
import { parseFile } from '../../../server/src/core/parse.js';
import { extractSpireFacts } from '../../../server/src/core/workspace/spire-facts.js';
import { createHclParser } from '../../../server/src/node/hcl.js';
import { defaultKnowledge } from '../../harness.js';

const dir = join(corpusDir, 'real-configs', 'spire');
const names = readdirSync(dir).sort();
const bad = names.filter((n) => /(^|_)bad(_|\.)/.test(n));
const read = (name: string): string => readFileSync(join(dir, name), 'utf8');

test('the corpus holds SPIRE "bad" fixtures', () => {
  assert.ok(bad.length >= 10, `found ${bad.length}`);
});

test('the whole SPIRE corpus at once: no internal-error, no syntax-error, only known rule ids', async () => {
  const engine = await engineFor(Object.fromEntries(names.map((n) => [`spire/${n}`, read(n)])));
  const all = findingsOf(engine);
  assert.deepEqual(all.filter((f) => f.ruleId === 'internal-error').map((f) => `${f.file}: ${f.message}`), []);
  assert.deepEqual(all.filter((f) => f.ruleId === 'syntax-error').map((f) => `${f.file}: ${f.message}`), []);
  const ids = new Set(engine.rules.map((r) => r.meta.id));
  for (const f of all) assert.ok(ids.has(f.ruleId), f.ruleId);
  // SPIRE's own test/fixture configs set require_pq_kem, so no-pq-kem stays quiet for the corpus as a whole.
  assert.deepEqual(findingsOf(engine, 'spire/no-pq-kem'), []);
  // No PQC SVID settings upstream: the guide-only rules never fire on upstream files.
  for (const id of ['spire/invalid-pqc-key-type', 'spire/dual-stack-off']) assert.deepEqual(findingsOf(engine, id), [], id);
});

test('each "bad" file alone: parses, facts extract, no internal-error', async () => {
  const hcl = await createHclParser();
  for (const name of bad) {
    const text = read(name);
    const parsed = parseFile(`spire/${name}`, text, { hcl });
    assert.doesNotThrow(() => extractSpireFacts(parsed, defaultKnowledge()), name);
    const engine = await engineFor({ [`spire/${name}`]: text });
    const findings = findingsOf(engine);
    assert.deepEqual(findings.filter((f) => f.ruleId === 'internal-error' || f.ruleId === 'syntax-error').map((f) => f.message), [], name);
    if (parsed.kind === 'spire-hcl') assert.ok(parsed.hcl.body.blocks.length > 0, `${name}: blocks recovered`);
  }
});

test('a broken copy of each "bad" file gives a syntax-error finding, not an exception', async () => {
  for (const name of bad) {
    const text = read(name);
    const cut = text.lastIndexOf('}');
    if (cut < 0) continue;
    const broken = text.slice(0, cut) + text.slice(cut + 1);
    const engine = await engineFor({ [`spire/${name}`]: broken });
    if (engine.file(`spire/${name}`)!.kind !== 'spire-hcl') continue; // not recognised as SPIRE config at all
    const findings = findingsOf(engine);
    assert.equal(findings.filter((f) => f.ruleId === 'internal-error').length, 0, name);
    assert.equal(findings.filter((f) => f.ruleId === 'syntax-error').length, 1, `${name}: one syntax-error`);
  }
});

test('every SPIRE corpus file cut at arbitrary points never makes a rule throw', async () => {
  for (const name of names) {
    const text = read(name);
    const step = Math.max(1, Math.floor(text.length / 25));
    const files: Record<string, string> = {};
    for (let at = step; at < text.length; at += step) files[`cut/${at}/${name}`] = text.slice(0, at);
    const engine = await engineFor(files);
    assert.deepEqual(findingsOf(engine, 'internal-error').map((f) => `${f.file}: ${f.message}`), [], name);
  }
});
