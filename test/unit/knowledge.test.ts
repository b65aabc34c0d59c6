// The knowledge table is data that rules trust: it must match its JSON schema, name a source and
// a status for every entry, and be internally consistent (references resolve, no duplicate keys).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { loadKnowledge } from '../../server/src/core/knowledge-load.js';
import { repoRoot } from '../helpers.js';

const table = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'knowledge.json'), 'utf8'));
const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'knowledge.schema.json'), 'utf8'));

test('schemas/knowledge.json validates against schemas/knowledge.schema.json', () => {
  const ajv = new Ajv.default({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  assert.ok(validate(table), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
});

test('the loader accepts the built-in table', () => {
  const { knowledge, problems } = loadKnowledge(table);
  assert.deepEqual(problems, []);
  assert.ok(knowledge!.algorithms.length > 100);
});

test('OIDs, group names and feature ids are unique', () => {
  const dupes = (values: string[]) => values.filter((v, i) => values.indexOf(v) !== i);
  assert.deepEqual(dupes(table.algorithms.map((a: { oid: string }) => a.oid)), []);
  assert.deepEqual(dupes(table.tlsGroups.map((g: { name: string }) => g.name.toLowerCase())), []);
  assert.deepEqual(dupes(table.features.map((f: { id: string }) => f.id)), []);
  assert.deepEqual(dupes(table.components.map((c: { id: string }) => c.id)), []);
});

test('references inside the table resolve', () => {
  const oids = new Set(table.algorithms.map((a: { oid: string }) => a.oid));
  for (const a of table.algorithms) if (a.replacedBy) assert.ok(oids.has(a.replacedBy), `${a.name}: replacedBy ${a.replacedBy} is not in the table`);
  const groups = new Set(table.tlsGroups.map((g: { name: string }) => g.name));
  for (const g of table.tlsGroups) if (g.replacedBy) assert.ok(groups.has(g.replacedBy), `${g.name}: replacedBy ${g.replacedBy}`);
  const components = new Set(table.components.map((c: { id: string }) => c.id));
  for (const f of table.features) assert.ok(components.has(f.component), `feature ${f.id}: unknown component ${f.component}`);
  for (const c of table.compatibility) assert.ok(components.has(c.component) && components.has(c.requires.component), `compatibility ${c.id}`);
});

test('every entry resting on the migration guide cites the guide', () => {
  const sections = ['algorithms', 'components', 'features', 'compatibility', 'kubernetesGo', 'tlsGroups', 'renames', 'keyTypes'];
  for (const section of sections) {
    for (const entry of table[section]) {
      if (entry.status === 'guide') assert.match(entry.source, /seeds\/000|migration guide/i, `${section}: ${JSON.stringify(entry).slice(0, 120)}`);
    }
  }
});
