import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonNodeAt, jsonPropertySpan, jsonString, jsonValueSpan, parseJsonc } from '../../server/src/core/formats/json.js';
import type { Span } from '../../server/src/core/types.js';
import { corpusDir } from '../helpers.js';

const stepDir = join(corpusDir, 'real-configs', 'step-ca');
const slice = (text: string, span: Span | undefined): string | undefined => (span ? text.slice(span.start, span.end) : undefined);
const read = (name: string): string => readFileSync(join(stepDir, name), 'utf8');

test('every step-ca corpus file parses; only the deliberate non-JSON file has a syntax error', () => {
  const files = readdirSync(stepDir).filter((f) => f.endsWith('.json')).sort();
  assert.equal(files.length, 21);
  for (const name of files) {
    const text = read(name);
    const model = parseJsonc(text);
    if (name === 'ca_identity_testdata_config_fail.json') {
      // "This is not a json file": no value at all, one issue on the first word.
      assert.equal(model.root, undefined);
      assert.deepEqual(model.syntaxErrors, [{ span: { start: 0, end: 4 }, message: 'JSON syntax error: invalid symbol' }]);
      continue;
    }
    assert.deepEqual(model.syntaxErrors, [], name);
    assert.equal(model.root?.type, 'object', name);
    // The tree agrees with JSON.parse on every top-level key.
    const expected = JSON.parse(text) as Record<string, unknown>;
    for (const key of Object.keys(expected)) {
      const span = jsonPropertySpan(model.root, [key]);
      assert.ok(slice(text, span)!.startsWith(JSON.stringify(key)), `${name}: ${key}`);
      assert.deepEqual(JSON.parse(slice(text, jsonValueSpan(model.root, [key]))!), expected[key], `${name}: ${key}`);
    }
  }
});

test('the "bad" identity configs are valid JSON (semantically bad only)', () => {
  for (const name of ['ca_identity_testdata_config_badIdentity.json', 'ca_identity_testdata_config_badca.json', 'ca_identity_testdata_config_badroot.json']) {
    assert.deepEqual(parseJsonc(read(name)).syntaxErrors, [], name);
  }
  const badIdentity = parseJsonc(read('ca_identity_testdata_config_badIdentity.json'));
  assert.equal(jsonString(badIdentity.root, ['type']), '');
  assert.equal(jsonString(parseJsonc(read('ca_identity_testdata_config_badca.json')).root, ['ca-url']), ':');
});

test('paths into ca.json: provisioners, keys, arrays, and exact spans', () => {
  const text = read('examples_pki_config_ca.json');
  const { root } = parseJsonc(text);
  assert.equal(jsonString(root, ['address']), ':9000');
  assert.equal(jsonString(root, ['authority', 'provisioners', 0, 'type']), 'jwk');
  assert.equal(jsonString(root, ['authority', 'provisioners', 0, 'key', 'crv']), 'P-256');
  assert.equal(jsonString(root, ['authority', 'provisioners', 1, 'name']), 'mike@smallstep.com');
  assert.equal(jsonString(root, ['dnsNames', 0]), 'localhost');
  assert.equal(jsonNodeAt(root, ['federatedRoots'])?.type, 'null');
  assert.equal(jsonString(root, ['federatedRoots']), undefined, 'null is not a string');
  assert.equal(jsonString(root, ['authority']), undefined, 'an object is not a string');
  assert.equal(jsonNodeAt(root, ['authority', 'provisioners', 99]), undefined);
  assert.equal(jsonNodeAt(root, ['nope', 'deeper']), undefined);
  assert.equal(jsonNodeAt(root, ['dnsNames', 'x']), undefined, 'a key into an array');
  assert.equal(jsonNodeAt(root, ['address', 0]), undefined, 'an index into a string');
  assert.equal(jsonNodeAt(root, []), root);
  assert.equal(slice(text, jsonPropertySpan(root, ['authority', 'provisioners', 0, 'key', 'crv'])), '"crv": "P-256"');
  assert.equal(slice(text, jsonValueSpan(root, ['authority', 'provisioners', 0, 'key', 'crv'])), '"P-256"');
  assert.equal(slice(text, jsonPropertySpan(root, ['dnsNames', 0])), '"localhost"', 'an array item has no key');
  assert.equal(jsonPropertySpan(root, []), undefined);
  assert.equal(jsonPropertySpan(root, ['missing']), undefined);
  assert.equal(jsonValueSpan(undefined, ['address']), undefined);
  // root as a list (rotation testdata).
  const rotate = parseJsonc(read('ca_testdata_rotate-ca-1.json')).root;
  assert.equal(jsonNodeAt(rotate, ['root'])?.type, 'array');
  assert.equal(jsonString(rotate, ['root', 1]), 'testdata/rotated/root_ca.crt');
});

test('comments and trailing commas are accepted; a repeated key resolves to the last (as Go does)', () => {
  const text = '// step-ca\n{\n  /* block */ "address": ":443", // here\n  "crv": "P-256",\n  "crv": "Ed25519",\n  "dnsNames": ["a", "b",],\n}\n';
  const { root, syntaxErrors } = parseJsonc(text);
  assert.deepEqual(syntaxErrors, []);
  assert.equal(jsonString(root, ['address']), ':443');
  assert.equal(jsonString(root, ['crv']), 'Ed25519');
  assert.equal(slice(text, jsonPropertySpan(root, ['crv'])), '"crv": "Ed25519"');
  assert.equal(jsonString(root, ['dnsNames', 1]), 'b');
});

test('spans are UTF-16 offsets after non-ASCII text', () => {
  const text = '{"name": "Ünïcödé 😀 CA", "crv": "P-256"}';
  const { root } = parseJsonc(text);
  assert.equal(slice(text, jsonPropertySpan(root, ['crv'])), '"crv": "P-256"');
  assert.equal(jsonString(root, ['name']), 'Ünïcödé 😀 CA');
});

test('syntax errors: the first one, with a readable message and its position', () => {
  const cases: [string, string, string][] = [
    ['{"a": 1 "b": 2}', 'JSON syntax error: expected comma', '"b"'],
    ['{"a" 1}', 'JSON syntax error: expected colon', '1'],
    ['{"a": tru}', 'JSON syntax error: invalid symbol', 'tru'],
    ['[1,,2]', 'JSON syntax error: expected value', ','],
    ['{"a":1}}', 'JSON syntax error: expected end of file', '}'],
    ['{"a": "unterminated}', 'JSON syntax error: unterminated string', '"unterminated}'],
    ['{"a": [1, 2', 'JSON syntax error: expected "]"', ''],
    ['', 'JSON syntax error: expected value', ''],
    ['{"a": 1 /* open comment', 'JSON syntax error: unterminated comment', '/* open comment'],
  ];
  for (const [text, message, under] of cases) {
    const model = parseJsonc(text);
    assert.equal(model.syntaxErrors.length, 1, text);
    assert.equal(model.syntaxErrors[0].message, message, text);
    assert.equal(slice(text, model.syntaxErrors[0].span), under, text);
  }
  // A truncated ca.json still yields the part before the cut.
  const full = read('examples_pki_config_ca.json');
  const truncated = parseJsonc(full.slice(0, full.indexOf('"authority"') + 30));
  assert.equal(truncated.syntaxErrors.length, 1);
  assert.equal(jsonString(truncated.root, ['address']), ':9000');
});
