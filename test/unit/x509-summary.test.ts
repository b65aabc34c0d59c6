import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildChain, escapeMarkdown, renderMarkdown, summarizeCertificate } from '../../server/src/core/x509/summary.js';
import { TEST_NOW } from '../harness.js';
import { corpusCert, fixtureCert } from './x509-support.js';

test('one-line summary: algorithm, origin, validity, size compared with ECDSA P-256', () => {
  const cert = corpusCert('rfc9881-ml-dsa/ML-DSA-65.crt');
  const summary = summarizeCertificate(cert, { now: TEST_NOW });
  assert.match(summary.oneLine, /^ML-DSA-65 · self-signed · valid until 2040-01-29 · \d+\.\d KB, \d+\.\d× an ECDSA P-256 certificate$/);
  assert.equal(summary.status, 'valid');
  assert.equal(summary.title, 'LAMPS WG');
  const expired = summarizeCertificate(fixtureCert('expired-leaf.pem'), { now: TEST_NOW });
  assert.equal(expired.status, 'expired');
  assert.match(expired.oneLine, /^ECDSA P-256 · issued by CN=Test ECDSA Root CA,O=PQC Lens Test,C=DE · expired 2025-01-01 · \d+ B$/);
});

test('chain: leaf → CA with verification of each link', () => {
  const leaf = fixtureCert('mldsa65-leaf.pem');
  const ca = fixtureCert('mldsa65-ca.pem');
  const chain = buildChain(leaf, [ca]);
  assert.deepEqual(chain.map((l) => [l.subject, l.verified]), [[leaf.subject, true], [ca.subject, true]]);
  const summary = summarizeCertificate(leaf, { now: TEST_NOW, pool: [ca] });
  assert.equal(summary.verification.verified, true);
  assert.match(renderMarkdown(summary), /\*\*Chain\*\*/);
});

test('Markdown escapes every certificate-derived string: hostile subjects render as text', () => {
  const cert = fixtureCert('hostile-subject.pem');
  const markdown = renderMarkdown(summarizeCertificate(cert, { now: TEST_NOW, pool: [fixtureCert('ecdsa-p256-ca.pem')] }));
  assert.ok(!markdown.includes('<img'), markdown);
  assert.ok(!markdown.includes('<script'), markdown);
  assert.ok(!markdown.includes('<b>'), markdown);
  assert.ok(markdown.includes('&lt;img src\\=x onerror\\=alert\\(1\\)'), markdown);
  assert.equal(escapeMarkdown('[x](javascript:alert(1))'), '\\[x\\]\\(javascript\\:alert\\(1\\)\\)');
  assert.equal(escapeMarkdown('a\nb'), 'a b');
});
