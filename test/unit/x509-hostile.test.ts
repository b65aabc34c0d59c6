// Hostile DER: the decoder must return an error (never throw, never hang) for deep nesting, huge
// lengths, truncation, absurd element counts and garbage. "Quickly" is asserted without timing:
// each call returns, and the whole file runs under the test runner's timeout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCertificate, MAX_CERTIFICATE_BYTES } from '../../server/src/core/x509/decode.js';
import { validateDer } from '../../server/src/core/x509/der.js';
import { verifyCertificate } from '../../server/src/core/x509/verify.js';
import { defaultKnowledge } from '../harness.js';
import { certFixtures, derOf } from './x509-support.js';

const knowledge = defaultKnowledge();

function header(tag: number, length: number): number[] {
  if (length < 0x80) return [tag, length];
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return [tag, 0x80 | bytes.length, ...bytes];
}

function rejects(bytes: Uint8Array, pattern?: RegExp): string {
  const result = decodeCertificate(bytes, knowledge);
  assert.equal(result.ok, false, 'hostile input must not decode');
  if (!result.ok && pattern) assert.match(result.error, pattern);
  return result.ok ? '' : result.error;
}

/** Deterministic pseudo-random bytes. */
function* prng(seed: number): Generator<number> {
  let x = seed >>> 0 || 1;
  for (;;) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    yield x & 0xff;
  }
}

function nested(depth: number): Uint8Array {
  // innermost first: element i contains element i-1; lengths computed before writing
  const lengths: number[] = [];
  let size = 0;
  for (let i = 0; i < depth; i++) {
    lengths.push(size);
    size += header(0x30, size).length;
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (let i = depth - 1; i >= 0; i--) {
    const h = header(0x30, lengths[i]);
    out.set(h, offset);
    offset += h.length;
  }
  return out;
}

test('deeply nested SEQUENCEs are rejected by depth', () => {
  const deep = nested(20_000);
  assert.ok(deep.length < MAX_CERTIFICATE_BYTES);
  rejects(deep, /nesting deeper/);
  rejects(nested(40), /nesting deeper/);
  assert.equal(validateDer(nested(20)), undefined, 'moderate nesting is fine for the DER reader');
  rejects(nested(20), /not an X\.509/);
});

test('2^31 and 2^32-1 lengths, indefinite lengths and 5-byte length fields are rejected', () => {
  rejects(Uint8Array.from([0x30, 0x84, 0x80, 0x00, 0x00, 0x00, 0x30, 0x00]), /runs past|length/);
  rejects(Uint8Array.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x30, 0x00]), /runs past|length/);
  rejects(Uint8Array.from([0x30, 0x80, 0x30, 0x00, 0x00, 0x00]), /indefinite/);
  rejects(Uint8Array.from([0x30, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00]), /too large/);
  const real = derOf(readFileSync(join(certFixtures, 'ecdsa-p256-ca.pem')));
  const inner = new Uint8Array(real);
  // make the TBSCertificate claim 2^31 bytes
  const tbsAt = real[1] < 0x80 ? 2 : 2 + (real[1] & 0x7f);
  const forged = new Uint8Array([...inner.subarray(0, tbsAt), 0x30, 0x84, 0x80, 0x00, 0x00, 0x00, ...inner.subarray(tbsAt + 2 + (inner[tbsAt + 1] & 0x7f))]);
  rejects(forged);
});

test('every truncation of a real certificate is rejected', () => {
  for (const name of ['mldsa44-leaf.pem', 'rsa2048-leaf.pem']) {
    const der = derOf(readFileSync(join(certFixtures, name)));
    for (let length = 0; length < der.length; length += name.startsWith('mldsa') ? 7 : 1) rejects(der.subarray(0, length));
    rejects(new Uint8Array([...der, 0x00]), /trailing/);
  }
});

test('100,000 extensions are rejected without parsing them', () => {
  const extension = [0x30, 0x09, 0x06, 0x03, 0x55, 0x1d, 0x0e, 0x04, 0x02, 0x04, 0x00];
  const count = 100_000;
  const extsBody = new Uint8Array(extension.length * count);
  for (let i = 0; i < count; i++) extsBody.set(extension, i * extension.length);
  const seq = new Uint8Array([...header(0x30, extsBody.length), ...extsBody]);
  const wrapped = new Uint8Array([...header(0xa3, seq.length), ...seq]);
  const real = derOf(readFileSync(join(certFixtures, 'ecdsa-p256-ca.pem')));
  const tbsHeader = real[3] < 0x80 ? 2 : 2 + (real[3] & 0x7f);
  const tbsStart = real[1] < 0x80 ? 2 : 2 + (real[1] & 0x7f);
  // keep the real TBS fields up to the extensions, then append the hostile ones
  const tbsFields = real.subarray(tbsStart + tbsHeader, tbsStart + tbsHeader + 200);
  const tbsBody = new Uint8Array([...tbsFields, ...wrapped]);
  const tbs = new Uint8Array([...header(0x30, tbsBody.length), ...tbsBody]);
  const certBody = new Uint8Array([...tbs, 0x30, 0x03, 0x06, 0x01, 0x00, 0x03, 0x01, 0x00]);
  const cert = new Uint8Array([...header(0x30, certBody.length), ...certBody]);
  rejects(cert, /too large|more than|extensions|malformed|not an X\.509/);
  // Under the size cap: 20,000 extensions
  const small = extsBody.subarray(0, extension.length * 20_000);
  const smallSeq = new Uint8Array([...header(0x30, small.length), ...small]);
  const smallWrapped = new Uint8Array([...header(0xa3, smallSeq.length), ...smallSeq]);
  const fields = derOf(readFileSync(join(certFixtures, 'ecdsa-p256-ca.pem')));
  const parts = new Uint8Array([...fields.subarray(tbsStart + tbsHeader, tbsStart + tbsHeader + 10), ...smallWrapped]);
  rejects(new Uint8Array([...header(0x30, parts.length + 4), ...header(0x30, parts.length), ...parts, 0x30, 0x00]).subarray(0, 200_000));
});

test('oversized input is rejected before parsing', () => {
  const big = new Uint8Array(MAX_CERTIFICATE_BYTES + 1);
  big[0] = 0x30;
  rejects(big, /too large/);
});

test('garbage and bit-flipped certificates never throw (decode and verify)', () => {
  const random = prng(42);
  for (let i = 0; i < 300; i++) {
    const length = (random.next().value as number) * 4 + 1;
    const bytes = new Uint8Array(length);
    for (let k = 0; k < length; k++) bytes[k] = random.next().value as number;
    if (i % 2 === 0) bytes[0] = 0x30;
    const result = decodeCertificate(bytes, knowledge);
    assert.equal(typeof result.ok, 'boolean');
  }
  const der = derOf(readFileSync(join(certFixtures, 'mldsa44-leaf.pem')));
  const issuer = decodeCertificate(derOf(readFileSync(join(certFixtures, 'mldsa44-ca.pem'))), knowledge);
  assert.ok(issuer.ok);
  for (let i = 0; i < 400; i++) {
    const copy = new Uint8Array(der);
    const at = ((random.next().value as number) * 256 + (random.next().value as number)) % copy.length;
    copy[at] ^= 1 << ((random.next().value as number) % 8);
    const result = decodeCertificate(copy, knowledge);
    if (result.ok) {
      const verdict = verifyCertificate(result.cert, [issuer.cert]);
      assert.notEqual(verdict.verified, true, `bit flip at ${at} must not verify`);
    } else {
      assert.equal(typeof result.error, 'string');
    }
  }
});

test('empty and non-SEQUENCE inputs', () => {
  rejects(new Uint8Array(0), /empty/);
  rejects(new TextEncoder().encode('-----BEGIN CERTIFICATE-----'), /not DER/);
  rejects(Uint8Array.from([0x30]), /truncated/);
  rejects(Uint8Array.from([0x30, 0x00]), /not an X\.509/);
});
