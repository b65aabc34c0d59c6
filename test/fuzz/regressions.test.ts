// Replays every case the fuzzer ever failed on (test/fixtures/fuzz-regressions/*.json, written by
// checkProperty in support.ts): each must now satisfy its target's property.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFile, loadRegressions } from './support.js';
import { targetProperty } from './properties.js';

const cases = loadRegressions();

test('fuzz regressions: the fixture folder holds replayable cases', () => {
  assert.ok(cases.length > 0, 'test/fixtures/fuzz-regressions/ is empty');
  for (const c of cases) {
    assert.ok(['engine', 'yaml', 'hcl', 'json', 'openssl', 'pem', 'x509'].includes(c.target), `unknown target ${c.target}`);
    assert.ok(c.files.length > 0 && c.files.every((f) => typeof f.path === 'string' && (typeof f.text === 'string' || typeof f.base64 === 'string')));
  }
});

for (const stored of cases) {
  test(`fuzz regression (${stored.target}): ${stored.note.slice(0, 100)}`, async () => {
    const property = await targetProperty(stored.target);
    property({ files: stored.files.map(loadFile) });
  });
}
