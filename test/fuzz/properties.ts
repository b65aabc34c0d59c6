// Per-parser properties: no exception, and every offset a parser reports lies inside its input
// (with children inside their parents where the model promises it). Used by parsers.test.ts and
// by regressions.test.ts to replay saved cases.
import assert from 'node:assert/strict';
import { isAlias, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { parseYaml } from '../../server/src/core/formats/yaml.js';
import { parseHcl, type HclBody, type HclValue } from '../../server/src/core/formats/hcl.js';
import { parseJsonc, type JsonNode } from '../../server/src/core/formats/json.js';
import { expandValue, parseOpensslCnf } from '../../server/src/core/formats/openssl.js';
import { classifyPayload, decodeBase64Strict, findPemBlocks } from '../../server/src/core/formats/pem.js';
import { decodeCertificate } from '../../server/src/core/x509/decode.js';
import { validateDer } from '../../server/src/core/x509/der.js';
import { verifyCertificate } from '../../server/src/core/x509/verify.js';
import { renderMarkdown, summarizeCertificate } from '../../server/src/core/x509/summary.js';
import { createHclParser } from '../../server/src/node/hcl.js';
import type { HclTreeSitter } from '../../server/src/core/formats/hcl.js';
import type { Span } from '../../server/src/core/types.js';
import { defaultKnowledge, TEST_NOW } from '../harness.js';
import { assertAnalysisHolds, prepareHcl, type FuzzCase, type TargetName } from './support.js';

const lenient = new TextDecoder('utf-8');

export function textOf(c: FuzzCase): string {
  const content = c.files[0].content;
  return typeof content === 'string' ? content : lenient.decode(content);
}

export function bytesOf(c: FuzzCase): Uint8Array {
  const content = c.files[0].content;
  return typeof content === 'string' ? new TextEncoder().encode(content) : content;
}

function inside(span: Span | undefined, length: number, what: string): void {
  if (!span) return;
  assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), `${what}: span ${JSON.stringify(span)} not integral`);
  assert.ok(span.start >= 0 && span.start <= span.end && span.end <= length, `${what}: span ${JSON.stringify(span)} outside [0, ${length}]`);
}

function within(child: Span, parent: Span, what: string): void {
  assert.ok(child.start >= parent.start && child.end <= parent.end, `${what}: ${JSON.stringify(child)} not within ${JSON.stringify(parent)}`);
}

export function yamlHolds(text: string): void {
  const model = parseYaml(text);
  let previousEnd = 0;
  for (const d of model.documents) {
    inside(d.span, text.length, 'yaml document');
    assert.ok(d.span.start >= previousEnd, 'yaml documents overlap or go backwards');
    previousEnd = d.span.end;
    // Iterative walk: hostile nesting must not overflow the test's own stack either.
    const stack: unknown[] = [d.doc.contents];
    while (stack.length > 0) {
      const node = stack.pop();
      if (isPair(node)) { stack.push(node.key, node.value); continue; }
      if (!node || (!isMap(node) && !isSeq(node) && !isScalar(node) && !isAlias(node))) continue;
      const range = (node as Node).range;
      if (range) {
        inside({ start: range[0], end: range[1] }, text.length, 'yaml node');
        // range[2] (end including trailing comments) is the yaml package's own business; it only has to stay in the text.
        assert.ok(range[2] >= 0 && range[2] <= text.length, `yaml node range ${JSON.stringify(range)}`);
      }
      if (isMap(node) || isSeq(node)) for (const item of node.items) stack.push(item);
    }
  }
  for (const e of model.syntaxErrors) inside(e.span, text.length, 'yaml syntax error');
  assert.ok(model.syntaxErrors.every((e) => typeof e.message === 'string' && e.message.length > 0));
}

let hclParser: HclTreeSitter | undefined;
export async function hclReady(): Promise<HclTreeSitter> {
  hclParser ??= await createHclParser();
  return hclParser;
}

function hclValueHolds(value: HclValue, length: number): void {
  inside(value.span, length, `hcl ${value.kind} value`);
  if (value.body) hclBodyHolds(value.body, length);
  for (const item of value.items ?? []) hclValueHolds(item, length);
}

function hclBodyHolds(body: HclBody, length: number): void {
  for (const a of body.attributes) {
    inside(a.span, length, `hcl attribute ${a.name}`);
    inside(a.nameSpan, length, `hcl attribute name ${a.name}`);
    hclValueHolds(a.value, length);
  }
  for (const b of body.blocks) {
    inside(b.span, length, `hcl block ${b.type}`);
    inside(b.typeSpan, length, `hcl block type ${b.type}`);
    for (const l of b.labels) inside(l.span, length, `hcl label ${l.value}`);
    assert.ok(b.bodyStart <= b.bodyEnd, `hcl block ${b.type}: body starts after it ends (${b.bodyStart} > ${b.bodyEnd})`);
    within({ start: b.bodyStart, end: b.bodyEnd }, b.span, `hcl block ${b.type} body`);
    hclBodyHolds(b.body, length);
  }
}

export function hclHolds(text: string, parser: HclTreeSitter): void {
  const model = parseHcl(text, parser);
  hclBodyHolds(model.body, text.length);
  for (const e of model.syntaxErrors) inside(e.span, text.length, 'hcl syntax error');
}

export function jsonHolds(text: string): void {
  const model = parseJsonc(text);
  for (const e of model.syntaxErrors) inside(e.span, text.length, 'json syntax error');
  const stack: { node: JsonNode; parent?: Span }[] = model.root ? [{ node: model.root }] : [];
  while (stack.length > 0) {
    const { node, parent } = stack.pop()!;
    const span = { start: node.offset, end: node.offset + node.length };
    inside(span, text.length, `json ${node.type}`);
    if (parent) within(span, parent, `json ${node.type}`);
    for (const child of node.children ?? []) stack.push({ node: child, parent: span });
  }
}

export function opensslHolds(text: string): void {
  const model = parseOpensslCnf(text);
  for (const e of model.syntaxErrors) inside(e.span, text.length, 'cnf syntax error');
  for (const d of model.directives) inside(d.span, text.length, `cnf directive ${d.name}`);
  for (const s of model.sections) {
    inside(s.span, text.length, `cnf section ${s.name}`);
    inside(s.headerSpan, text.length, `cnf header ${s.name}`);
    inside(s.nameSpan, text.length, `cnf section name ${s.name}`);
    assert.ok(s.bodyEnd >= 0 && s.bodyEnd <= text.length, `cnf section ${s.name} bodyEnd ${s.bodyEnd}`);
    for (const e of s.entries) {
      inside(e.span, text.length, `cnf entry ${e.key}`);
      inside(e.keySpan, text.length, `cnf key ${e.key}`);
      inside(e.valueSpan, text.length, `cnf value of ${e.key}`);
      assert.ok(e.keySpan.end <= e.valueSpan.start, `cnf entry ${e.key}: key after value`);
      assert.ok(e.line >= 0, `cnf entry ${e.key}: line ${e.line}`);
      // Variable expansion terminates and never throws, whatever the references.
      assert.equal(typeof expandValue(model, s, e.value), 'string');
    }
  }
}

export function pemHolds(text: string): void {
  for (const block of findPemBlocks(text)) {
    inside(block.span, text.length, `pem ${block.label}`);
    inside(block.bodySpan, text.length, `pem body ${block.label}`);
    within(block.bodySpan, { start: block.span.start, end: Math.max(block.span.end, block.bodySpan.end) }, 'pem body');
    assert.equal(block.body, text.slice(block.bodySpan.start, block.bodySpan.end));
    const decoded = decodeBase64Strict(block.body);
    if (decoded.ok) assert.ok(['pem', 'der', 'other'].includes(classifyPayload(decoded.bytes)));
    else assert.ok(decoded.offset >= 0 && decoded.offset <= block.body.length, `base64 error offset ${decoded.offset} of ${block.body.length}`);
  }
}

export function x509Holds(bytes: Uint8Array): void {
  const knowledge = defaultKnowledge();
  const problem = validateDer(bytes);
  assert.ok(problem === undefined || typeof problem === 'string');
  const result = decodeCertificate(bytes, knowledge);
  if (!result.ok) {
    assert.equal(typeof result.error, 'string');
    return;
  }
  const cert = result.cert;
  for (const field of [cert.subject, cert.issuer, cert.serial, cert.notBefore, cert.notAfter, cert.fingerprintSha256]) assert.equal(typeof field, 'string');
  const verification = verifyCertificate(cert, [cert]);
  assert.ok(verification.verified === true || verification.verified === false || verification.verified === null);
  const summary = summarizeCertificate(cert, { now: TEST_NOW, pool: [cert], verification });
  assert.equal(typeof renderMarkdown(summary), 'string');
}

/** The property each target checks, on a case as stored in a regression fixture. */
export async function targetProperty(target: TargetName): Promise<(c: FuzzCase) => void> {
  switch (target) {
    case 'engine':
      await prepareHcl();
      return assertAnalysisHolds;
    case 'yaml': return (c) => yamlHolds(textOf(c));
    case 'hcl': {
      const parser = await hclReady();
      return (c) => hclHolds(textOf(c), parser);
    }
    case 'json': return (c) => jsonHolds(textOf(c));
    case 'openssl': return (c) => opensslHolds(textOf(c));
    case 'pem': return (c) => pemHolds(textOf(c));
    case 'x509': return (c) => x509Holds(bytesOf(c));
  }
}
