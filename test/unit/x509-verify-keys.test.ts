// The verifier's imported-key cache and its knowledge-table schemes. Keys are cached by their DER
// bytes: a warm cache must give exactly what a cold one gives, never lend one issuer's key to
// another, and be emptied with the verdicts. Signature OIDs mean what schemas/knowledge.json says:
// every classical one is checked against OpenSSL's own reading of the same certificate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, generateKeyPairSync, sign as nodeSign, X509Certificate, type KeyObject } from 'node:crypto';
import { benchKey, buildCertificate, KEY_CLASSES, oid, tlv, type BenchKey } from '../../bench/certs.js';
import type { DecodedCertificate } from '../../server/src/core/x509/model.js';
import { signatureScheme } from '../../server/src/core/x509/schemes.js';
import { clearVerifyCache, setPqcBackend, verifyCacheSizes, verifyCertificate, verifyWithIssuer } from '../../server/src/core/x509/verify.js';
import { decodeCertificate } from '../../server/src/core/x509/decode.js';
import type { Knowledge } from '../../server/src/core/knowledge.js';
import { defaultKnowledge } from '../harness.js';
import { decodeOrThrow, flipBit } from './x509-support.js';

function certificate(serial: string, subject: string, issuer: string, key: BenchKey, signer: BenchKey): DecodedCertificate {
  return decodeOrThrow(buildCertificate({ serial, subject, issuer, key, signer, ca: subject === issuer }));
}

/** Verdicts with whatever the caches hold (and how many keys they hold after each), then each one again from empty caches. */
function warmAndCold(pairs: Array<[DecodedCertificate, DecodedCertificate]>): { warm: unknown[]; cold: unknown[]; keys: number[] } {
  clearVerifyCache();
  const keys: number[] = [];
  const warm = pairs.map(([cert, issuer]) => {
    const result = verifyWithIssuer(cert, issuer);
    keys.push(verifyCacheSizes().keys);
    return result;
  });
  const cold = pairs.map(([cert, issuer]) => {
    clearVerifyCache();
    return verifyWithIssuer(cert, issuer);
  });
  return { warm, cold, keys };
}

for (const backend of ['auto', 'noble'] as const) {
  test(`[${backend}] an issuer key is imported once for all it signed; a re-issued CA with the same key verifies, another key under the same name does not`, () => {
    setPqcBackend(backend);
    try {
      for (const keyClass of KEY_CLASSES) {
        const key = benchKey(keyClass, `keys-test/${keyClass}/ca`);
        const other = benchKey(keyClass, `keys-test/${keyClass}/other`);
        const ca = certificate('ca', 'Keys Test CA', 'Keys Test CA', key, key);
        const otherCa = certificate('other-ca', 'Keys Test CA', 'Keys Test CA', other, other);
        const reissued = certificate('ca-2', 'Keys Test CA', 'Keys Test CA', key, key);
        const leaf = certificate('leaf', 'leaf', 'Keys Test CA', other, key);
        const forged = certificate('forged', 'leaf', 'Keys Test CA', other, other);
        const { warm, cold, keys } = warmAndCold([[leaf, ca], [forged, otherCa], [leaf, reissued], [forged, reissued], [leaf, otherCa], [forged, ca], [ca, reissued]]);
        assert.deepEqual(warm.map((r) => (r as { verified: unknown }).verified), [true, true, true, false, false, false, true], keyClass);
        assert.deepEqual(warm, cold, `${keyClass}: cached keys give what fresh imports give`);
        // both issuer keys are in after the first two verifications; nothing is imported again
        assert.ok(keys.slice(2).every((n) => n === keys[1]), `${keyClass}: keys held ${keys.join(', ')}`);
        if (['rsa2048', 'p256', 'ed25519'].includes(keyClass)) assert.deepEqual(keys.slice(0, 2), [1, 2], keyClass);
      }
    } finally {
      setPqcBackend('auto');
    }
  });
}

test('a key node:crypto cannot import: the failure is cached and reported as on the first import', () => {
  const signer = benchKey('rsa2048', 'keys-test/rsa');
  // rsaEncryption with a modulus-only RSAPublicKey: decodes as a certificate, not as a key
  const spki = tlv(0x30, tlv(0x30, oid('1.2.840.113549.1.1.1'), Buffer.from([5, 0])), tlv(0x03, Buffer.from([0]), tlv(0x30, tlv(0x02, Buffer.from([1])))));
  const broken: BenchKey = { ...signer, spki };
  const ca = certificate('broken-ca', 'Broken CA', 'Broken CA', broken, signer);
  const leaves = ['one', 'two'].map((serial) => certificate(serial, 'leaf', 'Broken CA', signer, signer));
  const { warm, cold, keys } = warmAndCold(leaves.map((leaf) => [leaf, ca]));
  assert.deepEqual(warm, cold);
  assert.deepEqual(keys, [1, 1]);
  for (const result of warm as Array<{ verified: unknown; reason?: string }>) {
    assert.equal(result.verified, null);
    assert.match(result.reason ?? '', /^issuer public key not usable here: /);
  }
});

test('clearVerifyCache and setPqcBackend empty the key cache with the verdicts', () => {
  const key = benchKey('p256', 'keys-test/clear');
  const ca = certificate('clear', 'Clear CA', 'Clear CA', key, key);
  const fill = (): void => {
    assert.equal(verifyCertificate(ca, []).verified, true);
    assert.deepEqual(verifyCacheSizes(), { verdicts: 1, keys: 1 });
  };
  clearVerifyCache();
  fill();
  clearVerifyCache();
  assert.deepEqual(verifyCacheSizes(), { verdicts: 0, keys: 0 });
  fill();
  setPqcBackend('noble');
  assert.deepEqual(verifyCacheSizes(), { verdicts: 0, keys: 0 });
  fill();
  setPqcBackend('auto');
  assert.deepEqual(verifyCacheSizes(), { verdicts: 0, keys: 0 });
});

test('the key cache is bounded; a key verified again after eviction is imported again and still right', () => {
  clearVerifyCache();
  const count = 1100;
  const certs: DecodedCertificate[] = [];
  const keys: BenchKey[] = [];
  for (let i = 0; i < count; i++) {
    keys.push(benchKey('ed25519', `keys-test/bound/${i}`));
    certs.push(certificate(`bound-${i}`, `Bound ${i}`, `Bound ${i}`, keys[i], keys[i]));
    assert.equal(verifyCertificate(certs[i], []).verified, true, `certificate ${i}`);
  }
  const sizes = verifyCacheSizes();
  assert.equal(sizes.verdicts, count);
  assert.ok(sizes.keys < count, `${sizes.keys} keys held for ${count} issuers`);
  const reissued = certificate('bound-0-again', 'Bound 0', 'Bound 0', keys[0], keys[0]);
  assert.equal(verifyWithIssuer(reissued, certs[0]).verified, true);
  const tampered = decodeOrThrow(flipBit(certs[1].raw.der, certs[1].raw.der.length - 5));
  assert.equal(verifyWithIssuer(tampered, certs[1]).verified, false);
  clearVerifyCache();
});

// ---------------------------------------------------------------------------------------------
// Signature OIDs as the knowledge table describes them

const nodeHash = (tableHash: string): string => tableHash.toLowerCase().replace('-', '');

interface Pair { publicKey: KeyObject; privateKey: KeyObject }

function signer(pair: Pair, signatureAlgorithm: Buffer, sign: (message: Uint8Array) => Buffer): BenchKey {
  return { keyClass: 'p256', spki: pair.publicKey.export({ format: 'der', type: 'spki' }), signatureAlgorithm, sign };
}

/** Our verdict and OpenSSL's (X509Certificate.verify) on a self-signed certificate. */
function verdicts(name: string, key: BenchKey, publicKey: KeyObject): [boolean | null, boolean] {
  const der = buildCertificate({ serial: name, subject: name, issuer: name, key, signer: key, ca: true });
  clearVerifyCache();
  return [verifyCertificate(decodeOrThrow(der), []).verified, new X509Certificate(der).verify(publicKey)];
}

test('every classical signature OID of the knowledge table verifies with the hash the table names, as OpenSSL reads it', () => {
  const knowledge = defaultKnowledge();
  const pairs = {
    rsa: generateKeyPairSync('rsa', { modulusLength: 2048 }),
    ecdsa: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
    dsa: generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 }),
  };
  const checked: string[] = [];
  for (const entry of knowledge.algorithms) {
    const scheme = signatureScheme(knowledge, entry.oid);
    if (scheme?.kind === 'rsa-pkcs1' || scheme?.kind === 'ecdsa' || scheme?.kind === 'dsa') {
      const pair = scheme.kind === 'rsa-pkcs1' ? pairs.rsa : scheme.kind === 'ecdsa' ? pairs.ecdsa : pairs.dsa;
      const algorithm = scheme.kind === 'rsa-pkcs1' ? tlv(0x30, oid(entry.oid), Buffer.from([5, 0])) : tlv(0x30, oid(entry.oid));
      const hash = nodeHash(scheme.hash);
      const other = hash === 'sha256' ? 'sha384' : 'sha256';
      const right = signer(pair, algorithm, (m) => nodeSign(hash, m, pair.privateKey));
      const wrong = signer(pair, algorithm, (m) => nodeSign(other, m, pair.privateKey));
      assert.deepEqual(verdicts(`${entry.name} right`, right, pair.publicKey), [true, true], `${entry.name} signed with ${hash}`);
      assert.deepEqual(verdicts(`${entry.name} wrong`, wrong, pair.publicKey), [false, false], `${entry.name} signed with ${other}`);
      checked.push(entry.name);
    } else if (scheme?.kind === 'eddsa') {
      const pair = generateKeyPairSync(entry.name.toLowerCase() as 'ed25519');
      const key = signer(pair, tlv(0x30, oid(entry.oid)), (m) => nodeSign(null, m, pair.privateKey));
      assert.deepEqual(verdicts(entry.name, key, pair.publicKey), [true, true], entry.name);
      checked.push(entry.name);
    }
  }
  assert.ok(checked.length >= 15, `only ${checked.join(', ')}`);
});

test('RSASSA-PSS: hash, MGF1 hash and salt length come from the certificate; a different salt fails as in OpenSSL', () => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const sha256 = tlv(0x30, oid('2.16.840.1.101.3.4.2.1'));
  const params = tlv(0x30,
    tlv(0xa0, sha256),
    tlv(0xa1, tlv(0x30, oid('1.2.840.113549.1.1.8'), sha256)),
    tlv(0xa2, tlv(0x02, Buffer.from([32]))));
  const algorithm = tlv(0x30, oid('1.2.840.113549.1.1.10'), params);
  const pss = (saltLength: number): BenchKey => signer(pair, algorithm, (m) => nodeSign('sha256', m, { key: pair.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }));
  assert.deepEqual(verdicts('pss salt 32', pss(32), pair.publicKey), [true, true]);
  assert.deepEqual(verdicts('pss salt 20', pss(20), pair.publicKey), [false, false]);
});

test('the verifier reads the table the certificate was decoded with; a cached verdict does not outlive it', () => {
  const knowledge = defaultKnowledge();
  const key = benchKey('p256', 'keys-test/table');
  const der = buildCertificate({ serial: 'table', subject: 'Table CA', issuer: 'Table CA', key, signer: key, ca: true });
  const ecdsaSha256 = '1.2.840.10045.4.3.2';
  const variant = (change: (params: Record<string, string | number>) => void): Knowledge => ({
    ...knowledge,
    algorithms: knowledge.algorithms.map((a) => {
      if (a.oid !== ecdsaSha256) return a;
      const params = { ...a.params };
      change(params);
      return { ...a, params };
    }),
  });
  const decodeWith = (table: Knowledge): DecodedCertificate => {
    const result = decodeCertificate(der, table);
    assert.ok(result.ok);
    return result.cert;
  };
  clearVerifyCache();
  const cert = decodeWith(knowledge);
  assert.equal(verifyWithIssuer(cert, cert).verified, true);
  // same bytes, same fingerprints: only the table differs
  const otherHash = decodeWith(variant((p) => { p.hash = 'SHA-384'; }));
  assert.equal(verifyWithIssuer(otherHash, otherHash).verified, false);
  const noHash = decodeWith(variant((p) => { delete p.hash; }));
  assert.equal(noHash.signature.scheme, undefined);
  assert.equal(verifyWithIssuer(noHash, noHash).verified, null);
  assert.equal(verifyWithIssuer(cert, cert).verified, true);
});
