// Property-based fuzzing of every parser on its own: mutated corpus files of its kind, generated
// documents and plain random text. A fixed seed in `npm test`; `npm run fuzz` for long runs.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeBase64, decodeBase64Strict, pemEncode, findPemBlocks } from '../../server/src/core/formats/pem.js';
import { LineIndex } from '../../server/src/core/text.js';
import { derOf } from '../unit/x509-support.js';
import {
  checkProperty, cnfDocumentArb, fc, hclDocumentArb, jsonDocumentArb, mutatedFileArb, runs, seedsMatching, single, yamlDocumentArb,
  type FuzzCase, type FuzzFile,
} from './support.js';
import { bytesOf, hclHolds, hclReady, jsonHolds, opensslHolds, pemHolds, textOf, x509Holds, yamlHolds } from './properties.js';
import type { HclTreeSitter } from '../../server/src/core/formats/hcl.js';

let hcl: HclTreeSitter;
before(async () => { hcl = await hclReady(); });

const randomText: fc.Arbitrary<FuzzFile> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', "'", ':', ',', '-', ' ', '\n', '\r', '\t', '#', '=', '\\', 'a', '1', '<', '$', '/', '*', '.'), maxLength: 300 }),
).map((content) => ({ path: 'random.txt', content }));

function kindCases(seedPattern: RegExp, generated: fc.Arbitrary<FuzzFile>): fc.Arbitrary<FuzzCase> {
  const seeds = seedsMatching(seedPattern);
  assert.ok(seeds.length > 0, `no corpus files match ${seedPattern}`);
  return single(fc.oneof({ weight: 3, arbitrary: mutatedFileArb(seeds) }, { weight: 2, arbitrary: generated }, { weight: 1, arbitrary: randomText }));
}

test('fuzz: YAML parser (multi-document, templates masked) never throws and keeps every range inside', () => {
  checkProperty('yaml', kindCases(/\.ya?ml$/, yamlDocumentArb()), (c) => yamlHolds(textOf(c)), runs(400));
});

test('fuzz: HCL parser (tree-sitter + recovery) never throws and keeps every span inside', () => {
  checkProperty('hcl', kindCases(/\.(conf|hcl)$/, hclDocumentArb()), (c) => hclHolds(textOf(c), hcl), runs(400));
});

test('fuzz: JSON (jsonc) parser never throws; children lie inside their parents', () => {
  checkProperty('json', kindCases(/\.json$/, jsonDocumentArb()), (c) => jsonHolds(textOf(c)), runs(300));
});

test('fuzz: openssl.cnf parser and variable expansion never throw; spans stay inside', () => {
  checkProperty('openssl', kindCases(/\.(cnf|conf)$/, cnfDocumentArb()), (c) => opensslHolds(textOf(c)), runs(300));
});

test('fuzz: PEM blocks and strict base64 never throw; bodies are what their spans say', () => {
  checkProperty('pem', kindCases(/\.(pem|crt|pub|yaml)$/, yamlDocumentArb()), (c) => pemHolds(textOf(c)), runs(300));
});

test('fuzz: base64 and PEM encoding round-trip for any bytes and any white space', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom(' ', '\n', '\r\n', '\t')), { maxLength: 5 }), (bytes, spaces) => {
    let encoded = encodeBase64(bytes);
    for (const [at, space] of spaces) { const i = at % (encoded.length + 1); encoded = encoded.slice(0, i) + space + encoded.slice(i); }
    const decoded = decodeBase64Strict(encoded);
    if (bytes.length === 0) return assert.equal(decoded.ok, false);
    assert.ok(decoded.ok, `round trip failed for ${JSON.stringify(encoded)}`);
    assert.deepEqual([...decoded.bytes], [...bytes]);
    const pem = pemEncode('CERTIFICATE', bytes);
    const [block] = findPemBlocks(pem);
    const again = decodeBase64Strict(block.body);
    assert.ok(again.ok);
    assert.deepEqual([...again.bytes], [...bytes]);
  }), { seed: 7, numRuns: runs(300) });
});

test('fuzz: LineIndex offset/position round-trip over LF, CRLF and lone CR text', () => {
  fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'é', '\u{1F510}', '\n', '\r', '\r\n', ' '), maxLength: 60 }), fc.nat(), (text, raw) => {
    const lines = new LineIndex(text);
    const offset = raw % (text.length + 1);
    const position = lines.position(offset);
    assert.ok(position.line < lines.lineCount);
    const back = lines.offset(position);
    // Offsets inside a CRLF pair map to the end of the line; everything else round-trips exactly.
    if (!(text[offset - 1] === '\r' && text[offset] === '\n')) assert.equal(back, offset);
  }), { seed: 11, numRuns: runs(300) });
});

// ---------------------------------------------------------------------------------------------
// X.509: mutated real certificates (PQ, composite, classical) and random DER trees.

interface DerNode { tag: number; content?: Uint8Array; children?: DerNode[]; lengthTrick?: number }

function encodeLength(n: number, trick: number): number[] {
  if (trick === 1) return [0x80]; // indefinite
  if (trick === 2) return [0x84, 0x80, 0x00, 0x00, 0x00]; // 2^31
  if (trick === 3) return [0x82, 0x00, n & 0xff]; // non-minimal
  if (trick === 4) return [n + 1 < 0x80 ? n + 1 : 0x7f]; // off by one
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

function encodeDer(node: DerNode): Uint8Array {
  const content = node.children ? Buffer.concat(node.children.map(encodeDer)) : Buffer.from(node.content ?? []);
  return new Uint8Array(Buffer.concat([Buffer.from([node.tag, ...encodeLength(content.length, node.lengthTrick ?? 0)]), content]));
}

const derTree: fc.Arbitrary<DerNode> = fc.letrec<{ node: DerNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ tag: fc.constantFrom(0x02, 0x03, 0x04, 0x05, 0x06, 0x0c, 0x13, 0x17, 0x18, 0x01, 0x80, 0x82, 0x86, 0x87), content: fc.uint8Array({ maxLength: 40 }), lengthTrick: fc.constantFrom(0, 0, 0, 0, 0, 0, 3, 4) }),
    fc.record({ tag: fc.constantFrom(0x30, 0x31, 0xa0, 0xa3, 0x30), children: fc.array(tie('node'), { maxLength: 5 }), lengthTrick: fc.constantFrom(0, 0, 0, 0, 0, 0, 0, 1, 2, 4) }),
  ),
})).node;

test('fuzz: certificate decoding, verification and summaries never throw on mutated or random DER', () => {
  const certSeeds = seedsMatching(/\.(pem|crt|der)$/).flatMap((s) => {
    try { return [{ path: s.path, bytes: derOf(s.bytes) }]; } catch { return []; }
  });
  assert.ok(certSeeds.length > 20, `only ${certSeeds.length} certificates in the corpus`);
  const cases = single(fc.oneof(
    { weight: 3, arbitrary: mutatedFileArb(certSeeds).map((f) => ({ path: f.path, content: typeof f.content === 'string' ? new TextEncoder().encode(f.content) : f.content })) },
    { weight: 2, arbitrary: derTree.map((node) => ({ path: 'random.der', content: encodeDer(node) })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 600 }).map((content) => ({ path: 'noise.der', content })) },
  ));
  checkProperty('x509', cases, (c) => x509Holds(bytesOf(c)), runs(400));
});
