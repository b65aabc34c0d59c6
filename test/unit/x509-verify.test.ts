import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCertificate } from '../../server/src/core/x509/decode.js';
import type { DecodedCertificate } from '../../server/src/core/x509/model.js';
import { clearVerifyCache, findIssuers, pqcBackend, setPqcBackend, verifyAll, verifyCertificate, verifyWithIssuer } from '../../server/src/core/x509/verify.js';
import { defaultKnowledge } from '../harness.js';
import { compositeVectors, corpusCert, decodeOrThrow, fixtureCert, flipBit, pqcCorpus, r5Files } from './x509-support.js';

function tbsOffset(cert: DecodedCertificate): number {
  // The TBSCertificate starts after the outer SEQUENCE header; pick a byte inside the subject.
  const der = cert.raw.der;
  const outerHeader = der[1] < 0x80 ? 2 : 2 + (der[1] & 0x7f);
  return outerHeader + Math.floor(cert.raw.tbs.length / 3);
}

function tampered(cert: DecodedCertificate, where: 'tbs' | 'signature'): DecodedCertificate {
  const offset = where === 'tbs' ? tbsOffset(cert) : cert.raw.der.length - Math.min(40, Math.floor(cert.raw.signatureValue.length / 2));
  const result = decodeCertificate(flipBit(cert.raw.der, offset, 2), defaultKnowledge());
  assert.ok(result.ok, `tampered certificate still decodes (${where})`);
  return result.cert;
}

for (const backend of ['auto', 'noble'] as const) {
  test(`[${backend}] RFC 9881 ML-DSA and RFC 9909 SLH-DSA self-signed examples verify; tampered copies do not`, () => {
    setPqcBackend(backend);
    try {
      const certs = ['rfc9881-ml-dsa/ML-DSA-44.crt', 'rfc9881-ml-dsa/ML-DSA-65.crt', 'rfc9881-ml-dsa/ML-DSA-87.crt', 'slh-dsa/id-slh-dsa-sha2-128s.pem'].map(corpusCert);
      for (const cert of certs) {
        const result = verifyCertificate(cert, []);
        assert.equal(result.verified, true, `${cert.signature.algorithm}: ${result.reason}`);
        assert.equal(result.issuerFingerprint, cert.fingerprintSha256);
        for (const where of ['tbs', 'signature'] as const) {
          const bad = tampered(cert, where);
          const issuer = where === 'tbs' ? cert : bad;
          const verdict = verifyWithIssuer(bad, issuer);
          assert.equal(verdict.verified, false, `${cert.signature.algorithm} with a flipped ${where} bit`);
        }
      }
    } finally {
      setPqcBackend('auto');
    }
  });

  test(`[${backend}] ML-KEM example certificates verify under the ML-DSA example certificate of the same level only`, () => {
    setPqcBackend(backend);
    try {
      const dsa = ['44', '65', '87'].map((l) => corpusCert(`rfc9881-ml-dsa/ML-DSA-${l}.crt`));
      for (const [i, kem] of ['512', '768', '1024'].entries()) {
        const cert = corpusCert(`ml-kem/ML-KEM-${kem}.crt`);
        const result = verifyCertificate(cert, dsa);
        assert.equal(result.verified, true, `ML-KEM-${kem}: ${result.reason}`);
        assert.equal(result.issuerFingerprint, dsa[i].fingerprintSha256);
        assert.deepEqual(findIssuers(cert, dsa).map((c) => c.fingerprintSha256), [dsa[i].fingerprintSha256]);
      }
    } finally {
      setPqcBackend('auto');
    }
  });

  test(`[${backend}] composite ML-DSA test vectors (draft -13+) verify; a flipped bit in either component fails`, () => {
    setPqcBackend(backend);
    try {
      for (const vector of compositeVectors()) {
        const cert = decodeOrThrow(Buffer.from(vector.x5c, 'base64'));
        const result = verifyCertificate(cert, []);
        assert.equal(result.verified, true, `${vector.tcId}: ${result.reason}`);
        if (!vector.tcId.startsWith('id-MLDSA')) continue;
        const badTbs = tampered(cert, 'tbs');
        assert.equal(verifyWithIssuer(badTbs, cert).verified, false, `${vector.tcId}: tampered TBS`);
        // last bytes: the traditional component; first bytes of the signature: the ML-DSA component
        const sigStart = cert.raw.der.length - cert.raw.signatureValue.length;
        for (const offset of [sigStart + 10, cert.raw.der.length - 3]) {
          const bad = decodeOrThrow(flipBit(cert.raw.der, offset, 1));
          const verdict = verifyWithIssuer(bad, bad);
          assert.equal(verdict.verified, false, `${vector.tcId}: signature bit at ${offset - sigStart}`);
          assert.match(verdict.reason ?? '', /component/);
        }
      }
    } finally {
      setPqcBackend('auto');
    }
  });
}

test('r5 hackathon composites (draft -06/-07) are not verified: null with the draft named', () => {
  for (const { file, oid } of r5Files()) {
    const cert = corpusCert(`hackathon-composite-r5/${file}`);
    const result = verifyCertificate(cert, []);
    if (oid.startsWith('2.16.840.1.114027.80.9.1.')) {
      assert.equal(result.verified, null, file);
      assert.equal(result.reason, 'draft -06/-07 composite: verification not implemented');
    } else {
      assert.equal(result.verified, true, `${file}: ${result.reason}`);
    }
  }
});

test('generated chains verify (RSA PKCS#1 v1.5, SHA-1, ECDSA, Ed25519, ML-DSA-44/65/87); tampered fixtures fail', () => {
  const rsaCa = fixtureCert('rsa2048-ca.pem');
  const ecCa = fixtureCert('ecdsa-p256-ca.pem');
  const cases: Array<[string, DecodedCertificate[]]> = [
    ['rsa2048-ca.pem', []], ['rsa2048-leaf.pem', [rsaCa]], ['rsa1024-leaf.pem', [rsaCa]], ['rsa-sha1-leaf.pem', [rsaCa]],
    ['ecdsa-p256-ca.pem', []], ['ecdsa-p256-leaf.pem', [ecCa]], ['ecdsa-p192-leaf.pem', [ecCa]], ['secp256k1-leaf.pem', [ecCa]],
    ['expired-leaf.pem', [ecCa]], ['hostile-subject.pem', [ecCa]], ['ed25519-self.pem', []],
  ];
  for (const level of ['44', '65', '87']) {
    const ca = fixtureCert(`mldsa${level}-ca.pem`);
    cases.push([`mldsa${level}-ca.pem`, []], [`mldsa${level}-leaf.pem`, [ca]]);
  }
  for (const [name, pool] of cases) {
    const result = verifyCertificate(fixtureCert(name), pool);
    assert.equal(result.verified, true, `${name}: ${result.reason}`);
  }
  assert.equal(verifyCertificate(fixtureCert('tampered-tbs.pem'), [ecCa]).verified, false);
  const badMl = verifyCertificate(fixtureCert('tampered-signature.pem'), [fixtureCert('mldsa44-ca.pem')]);
  assert.equal(badMl.verified, false);
  assert.match(badMl.reason ?? '', /ML-DSA-44 signature does not verify/);
});

test('RSA and ECDSA: flipped bits in TBS and signature fail', () => {
  for (const name of ['rsa2048-ca.pem', 'ecdsa-p256-ca.pem', 'ed25519-self.pem']) {
    const cert = fixtureCert(name);
    assert.equal(verifyWithIssuer(tampered(cert, 'tbs'), cert).verified, false, `${name} tbs`);
    const sig = tampered(cert, 'signature');
    const verdict = verifyWithIssuer(sig, cert);
    assert.notEqual(verdict.verified, true, `${name} signature`);
  }
});

test('issuer matching: unknown issuer gives null; verifyAll checks a bundle against itself', () => {
  const leaf = fixtureCert('mldsa65-leaf.pem');
  const missing = verifyCertificate(leaf, []);
  assert.equal(missing.verified, null);
  assert.match(missing.reason ?? '', /not found/);
  const bundle = [leaf, fixtureCert('mldsa65-ca.pem')];
  assert.deepEqual(verifyAll(bundle).map((r) => r.verified), [true, true]);
  // a CA of another key type with the same name is not a candidate
  assert.deepEqual(findIssuers(fixtureCert('rsa2048-leaf.pem'), [fixtureCert('ecdsa-p256-ca.pem')]), []);
});

test('results are cached by (certificate, issuer) fingerprint', () => {
  clearVerifyCache();
  const cert = corpusCert('rfc9881-ml-dsa/ML-DSA-87.crt');
  const t0 = performance.now();
  assert.equal(verifyCertificate(cert, []).verified, true);
  const first = performance.now() - t0;
  const t1 = performance.now();
  for (let i = 0; i < 100; i++) verifyCertificate(cert, []);
  const cachedAverage = (performance.now() - t1) / 100;
  assert.ok(cachedAverage < first, `cached ${cachedAverage.toFixed(3)} ms vs first ${first.toFixed(3)} ms`);
});

test('verification timings (informational): ML-DSA-65 and SLH-DSA-SHA2-128s, noble vs node:crypto', (t) => {
  const mldsa = corpusCert('rfc9881-ml-dsa/ML-DSA-65.crt');
  const slh = corpusCert('slh-dsa/id-slh-dsa-sha2-128s.pem');
  const measure = (cert: DecodedCertificate): number => {
    const runs = 20;
    const start = performance.now();
    for (let i = 0; i < runs; i++) {
      clearVerifyCache();
      assert.equal(verifyWithIssuer(cert, cert).verified, true);
    }
    return (performance.now() - start) / runs;
  };
  const lines: string[] = [];
  for (const backend of ['noble', 'auto'] as const) {
    setPqcBackend(backend);
    const label = backend === 'noble' ? 'noble' : `auto (${pqcBackend().mlDsa})`;
    lines.push(`${label}: ML-DSA-65 ${measure(mldsa).toFixed(2)} ms, SLH-DSA-SHA2-128s ${measure(slh).toFixed(2)} ms`);
  }
  setPqcBackend('auto');
  t.diagnostic(`${process.version}: ${lines.join('; ')}`);
});

test('every corpus certificate decodes', () => {
  for (const dir of ['rfc9881-ml-dsa', 'ml-kem', 'slh-dsa', 'hackathon-composite-r5']) {
    for (const file of readdirSync(join(pqcCorpus, dir)).filter((f) => !f.endsWith('.pub'))) corpusCert(`${dir}/${file}`);
  }
});
