import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCertificate } from '../../server/src/core/x509/decode.js';
import { defaultKnowledge } from '../harness.js';
import { compositeVectors, corpusCert, decodeOrThrow, derOf, fixtureCert, pqcCorpus, r5Files, certFixtures } from './x509-support.js';

const ML_DSA_OIDS: Record<string, string> = { 44: '2.16.840.1.101.3.4.3.17', 65: '2.16.840.1.101.3.4.3.18', 87: '2.16.840.1.101.3.4.3.19' };

test('RFC 9881 ML-DSA example certificates: names, OIDs, class, level, self-signed', () => {
  for (const [level, nist] of [['44', 2], ['65', 3], ['87', 5]] as const) {
    const cert = corpusCert(`rfc9881-ml-dsa/ML-DSA-${level}.crt`);
    assert.equal(cert.publicKey.algorithm, `ML-DSA-${level}`);
    assert.equal(cert.publicKey.oid, ML_DSA_OIDS[level]);
    assert.equal(cert.publicKey.parameterSet, `ML-DSA-${level}`);
    assert.equal(cert.signature.algorithm, `ML-DSA-${level}`);
    assert.equal(cert.signature.oid, ML_DSA_OIDS[level]);
    assert.equal(cert.pqcClass, 'pq');
    assert.equal(cert.nistLevel, nist);
    assert.equal(cert.subject, 'CN=LAMPS WG,O=IETF');
    assert.equal(cert.selfSigned, true);
    assert.deepEqual(cert.problems, []);
    assert.equal(cert.publicKey.size, { 44: 1312, 65: 1952, 87: 2592 }[level]);
    assert.equal(cert.signature.size, { 44: 2420, 65: 3309, 87: 4627 }[level]);
  }
});

test('RFC 9935 ML-KEM example certificates: ML-KEM key, ML-DSA signature of the matching level, not self-signed', () => {
  for (const [kem, dsa] of [['512', '44'], ['768', '65'], ['1024', '87']] as const) {
    const cert = corpusCert(`ml-kem/ML-KEM-${kem}.crt`);
    assert.equal(cert.publicKey.algorithm, `ML-KEM-${kem}`);
    assert.equal(cert.publicKey.oid, `2.16.840.1.101.3.4.4.${{ 512: 1, 768: 2, 1024: 3 }[kem]}`);
    assert.equal(cert.signature.algorithm, `ML-DSA-${dsa}`);
    assert.equal(cert.pqcClass, 'pq');
    assert.deepEqual(cert.keyUsage, ['keyEncipherment']);
    assert.equal(cert.selfSigned, false, 'an ML-KEM key cannot make ML-DSA signatures');
    assert.equal(cert.selfIssued, true);
  }
});

test('RFC 9909 SLH-DSA example certificate', () => {
  const cert = corpusCert('slh-dsa/id-slh-dsa-sha2-128s.pem');
  assert.equal(cert.publicKey.algorithm, 'SLH-DSA-SHA2-128s');
  assert.equal(cert.signature.oid, '2.16.840.1.101.3.4.3.20');
  assert.equal(cert.signature.size, 7856);
  assert.equal(cert.pqcClass, 'pq');
  assert.equal(cert.nistLevel, 1);
  assert.equal(cert.selfSigned, true);
});

test('composite test vectors (final OIDs 1.3.6.1.5.5.7.6.37-.54): names from tcId, class composite', () => {
  const vectors = compositeVectors();
  assert.equal(vectors.length, 21);
  let composites = 0;
  for (const vector of vectors) {
    const cert = decodeOrThrow(Buffer.from(vector.x5c, 'base64'));
    const expectedName = vector.tcId.startsWith('id-ML-DSA-') ? vector.tcId.slice(3) : vector.tcId;
    assert.equal(cert.publicKey.algorithm, expectedName, vector.tcId);
    assert.equal(cert.signature.algorithm, expectedName, vector.tcId);
    if (vector.tcId.startsWith('id-MLDSA')) {
      composites++;
      assert.match(cert.signature.oid, /^1\.3\.6\.1\.5\.5\.7\.6\.(3[7-9]|4\d|5[0-4])$/);
      assert.equal(cert.pqcClass, 'composite', vector.tcId);
      assert.equal(cert.compositeDraft, 'draft-ietf-lamps-pq-composite-sigs-13+');
    } else {
      assert.equal(cert.pqcClass, 'pq');
    }
    assert.equal(cert.selfSigned, true, vector.tcId);
  }
  assert.equal(composites, 18);
});

test('r5 hackathon composites (draft -06/-07 arc 2.16.840.1.114027.80.9.1.x) are legacy-pq with the name and OID of their file', () => {
  const files = r5Files();
  assert.ok(files.length >= 20);
  for (const { file, name, oid } of files) {
    const cert = corpusCert(`hackathon-composite-r5/${file}`);
    assert.equal(cert.signature.oid, oid, file);
    assert.equal(cert.publicKey.oid, oid, file);
    const expected = name.startsWith('id-ML-DSA-') ? name.slice(3) : name;
    assert.equal(cert.signature.algorithm, expected, file);
    if (oid.startsWith('2.16.840.1.114027.80.9.1.')) {
      assert.equal(cert.pqcClass, 'legacy-pq', file);
      assert.equal(cert.compositeDraft, 'draft-ietf-lamps-pq-composite-sigs-06/-07');
    } else {
      assert.equal(cert.pqcClass, 'pq', file);
    }
  }
});

test('generated classical fixtures: key sizes, curves, signature names, extensions', () => {
  const ca = fixtureCert('rsa2048-ca.pem');
  assert.equal(ca.publicKey.algorithm, 'RSA 2048');
  assert.equal(ca.publicKey.bits, 2048);
  assert.equal(ca.signature.algorithm, 'sha256WithRSAEncryption');
  assert.equal(ca.signature.hash, 'SHA-256');
  assert.equal(ca.isCa, true);
  assert.deepEqual(ca.basicConstraints, { ca: true });
  assert.deepEqual(ca.keyUsage, ['keyCertSign', 'cRLSign']);
  assert.equal(ca.selfSigned, true);
  assert.equal(ca.pqcClass, 'classical');
  assert.equal(ca.subject, 'CN=Test RSA Root CA,O=PQC Lens Test,C=DE');
  assert.equal(ca.notBefore, '2026-01-01T00:00:00Z');
  assert.equal(ca.notAfter, '2036-01-01T00:00:00Z');

  const leaf = fixtureCert('rsa2048-leaf.pem');
  assert.equal(leaf.isCa, false);
  assert.equal(leaf.selfSigned, false);
  assert.deepEqual(leaf.sans, [{ type: 'dns', value: 'web.example.test' }]);
  assert.deepEqual(leaf.extKeyUsage, ['serverAuth']);
  assert.equal(leaf.authorityKeyId, ca.subjectKeyId);
  assert.equal(fixtureCert('rsa1024-leaf.pem').publicKey.algorithm, 'RSA 1024');
  assert.equal(fixtureCert('rsa-sha1-leaf.pem').signature.algorithm, 'sha1WithRSAEncryption');
  assert.equal(fixtureCert('ecdsa-p256-ca.pem').publicKey.algorithm, 'ECDSA P-256');
  assert.equal(fixtureCert('ecdsa-p256-ca.pem').signature.algorithm, 'ecdsa-with-SHA256');
  const p192 = fixtureCert('ecdsa-p192-leaf.pem');
  assert.equal(p192.publicKey.algorithm, 'ECDSA P-192');
  assert.equal(p192.publicKey.bits, 192);
  assert.equal(fixtureCert('secp256k1-leaf.pem').publicKey.curve, 'secp256k1');
  const ed = fixtureCert('ed25519-self.pem');
  assert.equal(ed.publicKey.algorithm, 'Ed25519');
  assert.equal(ed.signature.algorithm, 'Ed25519');
  assert.equal(fixtureCert('mldsa65-leaf.pem').publicKey.algorithm, 'ML-DSA-65');
  const legacy = fixtureCert('oqs-ipd-mldsa65.pem');
  assert.equal(legacy.pqcClass, 'legacy-pq');
  assert.equal(legacy.signature.algorithm, 'ML-DSA-65 (ipd)');
});

test('fingerprints, size and serial are derived from the DER', () => {
  const der = derOf(readFileSync(join(certFixtures, 'mldsa65-ca.pem')));
  const cert = decodeOrThrow(der);
  assert.equal(cert.fingerprintSha256, createHash('sha256').update(der).digest('hex'));
  assert.equal(cert.fingerprintSha1, createHash('sha1').update(der).digest('hex'));
  assert.equal(cert.bytes, der.length);
  assert.match(cert.serial, /^[0-9a-f]+$/);
  assert.deepEqual(decodeOrThrow(readFileSync(join(certFixtures, 'mldsa65-ca.der'))).fingerprintSha256, cert.fingerprintSha256);
});

test('hostile subject strings are kept as data, RFC 4514-escaped', () => {
  const cert = fixtureCert('hostile-subject.pem');
  assert.equal(cert.subject, 'CN=\\<img src=x onerror=alert(1)\\>,OU=\\<script\\>alert(1)\\</script\\>,O=PQC Lens Test,C=DE');
  assert.deepEqual(cert.sans, [{ type: 'dns', value: '<b>bold</b>.example.test' }]);
});

test('unknown OIDs show as the dotted OID', () => {
  const knowledge = { ...defaultKnowledge(), algorithms: [] };
  const result = decodeCertificate(derOf(readFileSync(join(pqcCorpus, 'rfc9881-ml-dsa', 'ML-DSA-44.crt'))), knowledge);
  assert.ok(result.ok);
  assert.equal(result.cert.publicKey.algorithm, '2.16.840.1.101.3.4.3.17');
  assert.equal(result.cert.signature.algorithm, '2.16.840.1.101.3.4.3.17');
});

test('the decoder keeps its own copy of the input', () => {
  const der = new Uint8Array(derOf(readFileSync(join(certFixtures, 'ecdsa-p256-ca.pem'))));
  const cert = decodeOrThrow(der);
  der.fill(0);
  assert.equal(cert.raw.der[0], 0x30);
});
