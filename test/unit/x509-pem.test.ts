import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyPayload, decodeBase64Strict, encodeBase64, findPemBlocks, pemEncode } from '../../server/src/core/formats/pem.js';

test('findPemBlocks: label, span from BEGIN to END marker, body span, several blocks, indentation', () => {
  const text = 'junk\n  -----BEGIN CERTIFICATE-----\n  QUJD\n  -----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nREVG\n-----END PRIVATE KEY-----\n';
  const blocks = findPemBlocks(text);
  assert.equal(blocks.length, 2);
  assert.equal(blocks[0].label, 'CERTIFICATE');
  assert.equal(text.slice(blocks[0].span.start, blocks[0].span.end), '-----BEGIN CERTIFICATE-----\n  QUJD\n  -----END CERTIFICATE-----');
  assert.equal(blocks[0].body, '  QUJD\n  ');
  assert.equal(text.slice(blocks[0].bodySpan.start, blocks[0].bodySpan.end), blocks[0].body);
  assert.equal(blocks[1].label, 'PRIVATE KEY');
  const shifted = findPemBlocks(text, 100);
  assert.equal(shifted[0].span.start, blocks[0].span.start + 100);
});

test('findPemBlocks: missing END line and a BEGIN before the END are errors', () => {
  const [open] = findPemBlocks('-----BEGIN CERTIFICATE-----\nQUJD\n');
  assert.match(open.error ?? '', /missing "-----END CERTIFICATE-----"/);
  const blocks = findPemBlocks('-----BEGIN CERTIFICATE-----\nQUJD\n-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n');
  assert.equal(blocks.length, 2);
  assert.ok(blocks[0].error);
  assert.equal(blocks[1].error, undefined);
});

test('decodeBase64Strict: valid input, white space, padding', () => {
  const ok = decodeBase64Strict('SGVs\nbG8g\r\nd29y bGQ=');
  assert.ok(ok.ok);
  assert.equal(new TextDecoder().decode(ok.bytes), 'Hello world');
  const two = decodeBase64Strict('YQ==');
  assert.ok(two.ok);
  assert.deepEqual([...two.bytes], [0x61]);
  for (let n = 1; n < 40; n++) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
    const round = decodeBase64Strict(encodeBase64(bytes));
    assert.ok(round.ok);
    assert.deepEqual([...round.bytes], [...bytes]);
    assert.equal(encodeBase64(bytes), Buffer.from(bytes).toString('base64'));
  }
});

test('decodeBase64Strict: errors name the offset', () => {
  const bad = decodeBase64Strict('QUJD\nRE*G');
  assert.equal(bad.ok, false);
  if (!bad.ok) {
    assert.equal(bad.offset, 7);
    assert.match(bad.error, /^bad base64 at offset 7: character "\*"/);
  }
  const after = decodeBase64Strict('QQ==QUJD');
  assert.ok(!after.ok && /offset 4/.test(after.error));
  const truncated = decodeBase64Strict('QUJDR');
  assert.ok(!truncated.ok && /offset 5: truncated/.test(truncated.error));
  const urlSafe = decodeBase64Strict('QU-_');
  assert.ok(!urlSafe.ok && urlSafe.offset === 2);
  assert.ok(!decodeBase64Strict('   ').ok);
});

test('classifyPayload: base64-of-PEM vs base64-DER vs other', () => {
  assert.equal(classifyPayload(new TextEncoder().encode('\n-----BEGIN CERTIFICATE-----\n')), 'pem');
  assert.equal(classifyPayload(Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x00])), 'der');
  assert.equal(classifyPayload(Uint8Array.from([0x30, 0x05, 0x02, 0x01, 0x00])), 'other');
  assert.equal(classifyPayload(new TextEncoder().encode('hello')), 'other');
  const der = new Uint8Array(300);
  der.set([0x30, 0x82, 0x01, 0x28]);
  assert.equal(classifyPayload(der), 'der');
});

test('pemEncode writes 64-character lines', () => {
  const pem = pemEncode('CERTIFICATE', new Uint8Array(100));
  const lines = pem.trim().split('\n');
  assert.equal(lines[0], '-----BEGIN CERTIFICATE-----');
  assert.equal(lines[1].length, 64);
  assert.equal(lines.at(-1), '-----END CERTIFICATE-----');
});
