// Certificate signature verification: classical algorithms with node:crypto, pure ML-DSA and
// SLH-DSA with node:crypto where the runtime has them (Node >= 24 with OpenSSL 3.5) and
// @noble/post-quantum otherwise, composite ML-DSA per draft-ietf-lamps-pq-composite-sigs (-13+).
// Never throws; `verified: null` means "not checked" and always comes with a reason.
import { createHash, createPublicKey, constants, generateKeyPairSync, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import {
  slh_dsa_sha2_128f, slh_dsa_sha2_128s, slh_dsa_sha2_192f, slh_dsa_sha2_192s, slh_dsa_sha2_256f, slh_dsa_sha2_256s,
  slh_dsa_shake_128f, slh_dsa_shake_128s, slh_dsa_shake_192f, slh_dsa_shake_192s, slh_dsa_shake_256f, slh_dsa_shake_256s,
} from '@noble/post-quantum/slh-dsa.js';
import { concatBytes, encodeOid, encodeTlv, isError, readAlgorithmIdentifier, readTlv, sameBytes } from './der.js';
import { readPssParams } from './decode.js';
import type { DecodedCertificate, VerifyResult } from './model.js';

type Verdict = { verified: boolean | null; reason?: string };

interface PqVerifier {
  verify(sig: Uint8Array, msg: Uint8Array, publicKey: Uint8Array, opts?: { context?: Uint8Array }): boolean;
}

const RSA_KEY = '1.2.840.113549.1.1.1';
const RSA_PSS = '1.2.840.113549.1.1.10';
const EC_KEY = '1.2.840.10045.2.1';
const DSA_KEY = '1.2.840.10040.4.1';
const ED25519 = '1.3.101.112';
const ED448 = '1.3.101.113';

const RSA_PKCS1: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5',
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};
const ECDSA: Record<string, string> = {
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};
const DSA: Record<string, string> = { '1.2.840.10040.4.3': 'sha1', '2.16.840.1.101.3.4.3.2': 'sha256' };

interface MlDsaSet { name: string; noble: PqVerifier; publicKeyBytes: number; signatureBytes: number; oid: string }
const ML_DSA: Record<string, MlDsaSet> = {
  '2.16.840.1.101.3.4.3.17': { name: 'ml-dsa-44', noble: ml_dsa44, publicKeyBytes: 1312, signatureBytes: 2420, oid: '2.16.840.1.101.3.4.3.17' },
  '2.16.840.1.101.3.4.3.18': { name: 'ml-dsa-65', noble: ml_dsa65, publicKeyBytes: 1952, signatureBytes: 3309, oid: '2.16.840.1.101.3.4.3.18' },
  '2.16.840.1.101.3.4.3.19': { name: 'ml-dsa-87', noble: ml_dsa87, publicKeyBytes: 2592, signatureBytes: 4627, oid: '2.16.840.1.101.3.4.3.19' },
};
const SLH_DSA: Record<string, { name: string; noble: PqVerifier }> = {
  '2.16.840.1.101.3.4.3.20': { name: 'slh-dsa-sha2-128s', noble: slh_dsa_sha2_128s },
  '2.16.840.1.101.3.4.3.21': { name: 'slh-dsa-sha2-128f', noble: slh_dsa_sha2_128f },
  '2.16.840.1.101.3.4.3.22': { name: 'slh-dsa-sha2-192s', noble: slh_dsa_sha2_192s },
  '2.16.840.1.101.3.4.3.23': { name: 'slh-dsa-sha2-192f', noble: slh_dsa_sha2_192f },
  '2.16.840.1.101.3.4.3.24': { name: 'slh-dsa-sha2-256s', noble: slh_dsa_sha2_256s },
  '2.16.840.1.101.3.4.3.25': { name: 'slh-dsa-sha2-256f', noble: slh_dsa_sha2_256f },
  '2.16.840.1.101.3.4.3.26': { name: 'slh-dsa-shake-128s', noble: slh_dsa_shake_128s },
  '2.16.840.1.101.3.4.3.27': { name: 'slh-dsa-shake-128f', noble: slh_dsa_shake_128f },
  '2.16.840.1.101.3.4.3.28': { name: 'slh-dsa-shake-192s', noble: slh_dsa_shake_192s },
  '2.16.840.1.101.3.4.3.29': { name: 'slh-dsa-shake-192f', noble: slh_dsa_shake_192f },
  '2.16.840.1.101.3.4.3.30': { name: 'slh-dsa-shake-256s', noble: slh_dsa_shake_256s },
  '2.16.840.1.101.3.4.3.31': { name: 'slh-dsa-shake-256f', noble: slh_dsa_shake_256f },
};

// Composite ML-DSA, draft-ietf-lamps-pq-composite-sigs-13+ (src/algParams.md): the traditional
// component and the pre-hash per OID. Labels are the draft's domain separators.
type Trad =
  | { kind: 'rsa-pss'; hash: string; saltLength: number }
  | { kind: 'rsa-pkcs1'; hash: string }
  | { kind: 'ecdsa'; curve: string; hash: string }
  | { kind: 'ed25519' }
  | { kind: 'ed448' };
interface CompositeSpec { mldsa: string; trad: Trad; ph: 'sha256' | 'sha512' | 'shake256'; label: string }
const PSS_2048_3072: Trad = { kind: 'rsa-pss', hash: 'sha256', saltLength: 32 };
const PSS_4096: Trad = { kind: 'rsa-pss', hash: 'sha384', saltLength: 48 };
const P256 = '1.2.840.10045.3.1.7';
const P384 = '1.3.132.0.34';
const P521 = '1.3.132.0.35';
const BP256 = '1.3.36.3.3.2.8.1.1.7';
const BP384 = '1.3.36.3.3.2.8.1.1.11';
const MLDSA44 = '2.16.840.1.101.3.4.3.17';
const MLDSA65 = '2.16.840.1.101.3.4.3.18';
const MLDSA87 = '2.16.840.1.101.3.4.3.19';
const COMPOSITE: Record<string, CompositeSpec> = {
  '1.3.6.1.5.5.7.6.37': { mldsa: MLDSA44, trad: PSS_2048_3072, ph: 'sha256', label: 'COMPSIG-MLDSA44-RSA2048-PSS-SHA256' },
  '1.3.6.1.5.5.7.6.38': { mldsa: MLDSA44, trad: { kind: 'rsa-pkcs1', hash: 'sha256' }, ph: 'sha256', label: 'COMPSIG-MLDSA44-RSA2048-PKCS15-SHA256' },
  '1.3.6.1.5.5.7.6.39': { mldsa: MLDSA44, trad: { kind: 'ed25519' }, ph: 'sha512', label: 'COMPSIG-MLDSA44-Ed25519-SHA512' },
  '1.3.6.1.5.5.7.6.40': { mldsa: MLDSA44, trad: { kind: 'ecdsa', curve: P256, hash: 'sha256' }, ph: 'sha256', label: 'COMPSIG-MLDSA44-ECDSA-P256-SHA256' },
  '1.3.6.1.5.5.7.6.41': { mldsa: MLDSA65, trad: PSS_2048_3072, ph: 'sha512', label: 'COMPSIG-MLDSA65-RSA3072-PSS-SHA512' },
  '1.3.6.1.5.5.7.6.42': { mldsa: MLDSA65, trad: { kind: 'rsa-pkcs1', hash: 'sha256' }, ph: 'sha512', label: 'COMPSIG-MLDSA65-RSA3072-PKCS15-SHA512' },
  '1.3.6.1.5.5.7.6.43': { mldsa: MLDSA65, trad: PSS_4096, ph: 'sha512', label: 'COMPSIG-MLDSA65-RSA4096-PSS-SHA512' },
  '1.3.6.1.5.5.7.6.44': { mldsa: MLDSA65, trad: { kind: 'rsa-pkcs1', hash: 'sha384' }, ph: 'sha512', label: 'COMPSIG-MLDSA65-RSA4096-PKCS15-SHA512' },
  '1.3.6.1.5.5.7.6.45': { mldsa: MLDSA65, trad: { kind: 'ecdsa', curve: P256, hash: 'sha256' }, ph: 'sha512', label: 'COMPSIG-MLDSA65-ECDSA-P256-SHA512' },
  '1.3.6.1.5.5.7.6.46': { mldsa: MLDSA65, trad: { kind: 'ecdsa', curve: P384, hash: 'sha384' }, ph: 'sha512', label: 'COMPSIG-MLDSA65-ECDSA-P384-SHA512' },
  '1.3.6.1.5.5.7.6.47': { mldsa: MLDSA65, trad: { kind: 'ecdsa', curve: BP256, hash: 'sha256' }, ph: 'sha512', label: 'COMPSIG-MLDSA65-ECDSA-BP256-SHA512' },
  '1.3.6.1.5.5.7.6.48': { mldsa: MLDSA65, trad: { kind: 'ed25519' }, ph: 'sha512', label: 'COMPSIG-MLDSA65-Ed25519-SHA512' },
  '1.3.6.1.5.5.7.6.49': { mldsa: MLDSA87, trad: { kind: 'ecdsa', curve: P384, hash: 'sha384' }, ph: 'sha512', label: 'COMPSIG-MLDSA87-ECDSA-P384-SHA512' },
  '1.3.6.1.5.5.7.6.50': { mldsa: MLDSA87, trad: { kind: 'ecdsa', curve: BP384, hash: 'sha384' }, ph: 'sha512', label: 'COMPSIG-MLDSA87-ECDSA-BP384-SHA512' },
  '1.3.6.1.5.5.7.6.51': { mldsa: MLDSA87, trad: { kind: 'ed448' }, ph: 'shake256', label: 'COMPSIG-MLDSA87-Ed448-SHAKE256' },
  '1.3.6.1.5.5.7.6.52': { mldsa: MLDSA87, trad: PSS_2048_3072, ph: 'sha512', label: 'COMPSIG-MLDSA87-RSA3072-PSS-SHA512' },
  '1.3.6.1.5.5.7.6.53': { mldsa: MLDSA87, trad: PSS_4096, ph: 'sha512', label: 'COMPSIG-MLDSA87-RSA4096-PSS-SHA512' },
  '1.3.6.1.5.5.7.6.54': { mldsa: MLDSA87, trad: { kind: 'ecdsa', curve: P521, hash: 'sha512' }, ph: 'sha512', label: 'COMPSIG-MLDSA87-ECDSA-P521-SHA512' },
};
/** ASCII "CompositeAlgorithmSignatures2025" (draft -13+ Prefix). */
const COMPOSITE_PREFIX = new TextEncoder().encode('CompositeAlgorithmSignatures2025');

/** Earlier composite OID arcs: recognised, not verified (their message formats differ per draft). */
function legacyCompositeDraft(oid: string): string | undefined {
  const match = /^2\.16\.840\.1\.114027\.80\.(\d+)\.1\.(\d+)$/.exec(oid);
  if (!match) return undefined;
  const [arc, leaf] = [Number(match[1]), Number(match[2])];
  if (arc === 9) return leaf < 20 ? 'draft -06/-07' : 'draft -08..-12';
  if (arc === 8) return leaf < 20 ? 'draft -00..-02' : 'draft -03..-05';
  if (arc === 5) return 'draft-ounsworth';
  return 'pre-standard';
}

// ---------------------------------------------------------------------------------------------
// Native PQC support (Node >= 24 with OpenSSL 3.5), probed once.

interface NativeSupport { mlDsa: boolean; mlDsaContext: boolean; slhDsa: boolean }
let native: NativeSupport | undefined;
let mode: 'auto' | 'noble' = 'auto';

function probeNative(): NativeSupport {
  const support: NativeSupport = { mlDsa: false, mlDsaContext: false, slhDsa: false };
  try {
    const gen = generateKeyPairSync as unknown as (type: string) => { publicKey: KeyObject; privateKey: KeyObject };
    const { publicKey, privateKey } = gen('ml-dsa-44');
    const msg = new TextEncoder().encode('pqc-lens probe');
    const sig = nodeSign(null, msg, privateKey);
    support.mlDsa = nodeVerify(null, msg, publicKey, sig) && !nodeVerify(null, new TextEncoder().encode('other'), publicKey, sig);
    if (support.mlDsa) {
      const context = new TextEncoder().encode('ctx');
      const withContext = nodeSign(null, msg, { key: privateKey, context } as never);
      support.mlDsaContext = nodeVerify(null, msg, { key: publicKey, context } as never, withContext) && !nodeVerify(null, msg, publicKey, withContext);
    }
  } catch {
    // ML-DSA not available natively
  }
  try {
    const spki = spkiFor('2.16.840.1.101.3.4.3.21', new Uint8Array(32));
    support.slhDsa = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }).asymmetricKeyType === ('slh-dsa-sha2-128f' as never);
  } catch {
    // SLH-DSA not available natively
  }
  return support;
}

function nativeSupport(): NativeSupport {
  if (mode === 'noble') return { mlDsa: false, mlDsaContext: false, slhDsa: false };
  native ??= probeNative();
  return native;
}

/** Which implementation verifies pure ML-DSA / SLH-DSA here ("node" = node:crypto, OpenSSL 3.5+). */
export function pqcBackend(): { mlDsa: 'node' | 'noble'; slhDsa: 'node' | 'noble' } {
  const support = nativeSupport();
  return { mlDsa: support.mlDsa ? 'node' : 'noble', slhDsa: support.slhDsa ? 'node' : 'noble' };
}

/** Forces @noble/post-quantum (for tests and benchmarks) or returns to automatic selection. */
export function setPqcBackend(next: 'auto' | 'noble'): void {
  mode = next;
  cache.clear();
}

// ---------------------------------------------------------------------------------------------
// Result cache: (certificate fingerprint, issuer fingerprint) → verdict. Bounded, oldest first out.

const CACHE_LIMIT = 4096;
const cache = new Map<string, Verdict>();

export function clearVerifyCache(): void {
  cache.clear();
}

function cached(key: string, compute: () => Verdict): Verdict {
  const hit = cache.get(key);
  if (hit) return hit;
  const verdict = compute();
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, verdict);
  return verdict;
}

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * Verifies `cert`'s signature. Issuers are the candidates whose subject equals the certificate's
 * issuer, whose key identifier matches the authority key identifier when both are present and whose
 * key type can make the signature; a self-issued certificate is also tried against itself.
 */
export function verifyCertificate(cert: DecodedCertificate, issuerCandidates: Iterable<DecodedCertificate>): VerifyResult {
  try {
    return verifyUnchecked(cert, issuerCandidates);
  } catch (error) {
    return { verified: null, reason: `verification failed unexpectedly: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Verifies every certificate of a bundle, looking for issuers inside the bundle. */
export function verifyAll(certs: readonly DecodedCertificate[]): VerifyResult[] {
  return certs.map((cert) => verifyCertificate(cert, certs));
}

/** Verifies `cert` with `issuer`'s public key (no name matching). Cached. */
export function verifyWithIssuer(cert: DecodedCertificate, issuer: DecodedCertificate): VerifyResult {
  const verdict = cached(`${cert.fingerprintSha256}:${issuer.fingerprintSha256}`, () => checkSignature(cert, issuer));
  return { ...verdict, issuerFingerprint: issuer.fingerprintSha256 };
}

/** The candidates that may have issued `cert` (name, key identifier and key type agree). */
export function findIssuers(cert: DecodedCertificate, candidates: Iterable<DecodedCertificate>): DecodedCertificate[] {
  const out: DecodedCertificate[] = [];
  const seen = new Set<string>();
  const consider = (candidate: DecodedCertificate): void => {
    if (seen.has(candidate.fingerprintSha256)) return;
    seen.add(candidate.fingerprintSha256);
    if (!namesMatch(candidate, cert)) return;
    if (cert.authorityKeyId && candidate.subjectKeyId && cert.authorityKeyId !== candidate.subjectKeyId) return;
    if (!keyFits(candidate.publicKey.oid, cert.signature.oid)) return;
    out.push(candidate);
  };
  if (cert.selfIssued) consider(cert);
  for (const candidate of candidates) consider(candidate);
  return out;
}

function verifyUnchecked(cert: DecodedCertificate, issuerCandidates: Iterable<DecodedCertificate>): VerifyResult {
  const legacy = legacyCompositeDraft(cert.signature.oid);
  if (legacy) return { verified: null, reason: `${legacy} composite: verification not implemented` };
  if (!supported(cert.signature.oid)) return { verified: null, reason: `signature algorithm ${cert.signature.algorithm} is not supported by the verifier` };
  const issuers = findIssuers(cert, issuerCandidates);
  if (issuers.length === 0) {
    return { verified: null, reason: cert.selfIssued ? 'self-issued, but the key cannot make this signature and no other issuer was found' : `issuer "${cert.issuer}" not found` };
  }
  const failures: VerifyResult[] = [];
  let unknown: VerifyResult | undefined;
  for (const issuer of issuers) {
    const result = verifyWithIssuer(cert, issuer);
    if (result.verified === true) return result;
    if (result.verified === false) failures.push(result);
    else unknown ??= result;
  }
  if (failures.length > 0) {
    const who = issuers.length === 1 ? (issuers[0] === cert ? 'its own key (self-signed)' : `the key of "${issuers[0].subject}"`) : `any of ${issuers.length} candidate issuers named "${cert.issuer}"`;
    return { verified: false, reason: `${failures[0].reason ?? 'signature does not verify'} under ${who}`, issuerFingerprint: failures[0].issuerFingerprint };
  }
  return unknown ?? { verified: null, reason: 'not verified' };
}

function namesMatch(issuer: DecodedCertificate, cert: DecodedCertificate): boolean {
  return sameBytes(issuer.raw.subject, cert.raw.issuer) || issuer.subject.toLowerCase() === cert.issuer.toLowerCase();
}

function supported(sigOid: string): boolean {
  return sigOid in RSA_PKCS1 || sigOid === RSA_PSS || sigOid in ECDSA || sigOid in DSA || sigOid === ED25519 || sigOid === ED448 ||
    sigOid in ML_DSA || sigOid in SLH_DSA || sigOid in COMPOSITE;
}

/** Whether a key of type `keyOid` can make signatures of type `sigOid`. */
function keyFits(keyOid: string, sigOid: string): boolean {
  if (sigOid in RSA_PKCS1) return keyOid === RSA_KEY;
  if (sigOid === RSA_PSS) return keyOid === RSA_KEY || keyOid === RSA_PSS;
  if (sigOid in ECDSA) return keyOid === EC_KEY;
  if (sigOid in DSA) return keyOid === DSA_KEY;
  return keyOid === sigOid;
}

function checkSignature(cert: DecodedCertificate, issuer: DecodedCertificate): Verdict {
  const sigOid = cert.signature.oid;
  const keyOid = issuer.publicKey.oid;
  if (!keyFits(keyOid, sigOid)) return { verified: null, reason: `issuer key ${issuer.publicKey.algorithm} cannot make ${cert.signature.algorithm} signatures` };
  const tbs = cert.raw.tbs;
  const sig = cert.raw.signatureValue;
  if (sigOid in ML_DSA) return verifyMlDsa(ML_DSA[sigOid], issuer.raw.spki, issuer.raw.publicKey, tbs, sig);
  if (sigOid in SLH_DSA) return verifySlhDsa(SLH_DSA[sigOid], issuer.raw.spki, issuer.raw.publicKey, tbs, sig);
  if (sigOid in COMPOSITE) return verifyComposite(COMPOSITE[sigOid], issuer.raw.publicKey, tbs, sig);
  const key = importSpki(issuer.raw.spki);
  if ('reason' in key) return { verified: null, reason: key.reason };
  try {
    if (sigOid in RSA_PKCS1) return verdict(nodeVerify(RSA_PKCS1[sigOid], tbs, { key: key.key, padding: constants.RSA_PKCS1_PADDING }, sig), 'RSA signature');
    if (sigOid === RSA_PSS) {
      const algorithm = cert.raw.signatureAlgorithm;
      const top = readTlv(algorithm, 0);
      const alg = isError(top) ? undefined : readAlgorithmIdentifier(algorithm, top);
      const pss = readPssParams(algorithm, alg?.params);
      const hash = NODE_HASH[pss.hash];
      if (!hash || pss.mgfHash !== pss.hash || pss.saltLength < 0) return { verified: null, reason: `RSASSA-PSS with ${pss.hash}/MGF1-${pss.mgfHash} is not supported by the verifier` };
      return verdict(nodeVerify(hash, tbs, { key: key.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength }, sig), 'RSASSA-PSS signature');
    }
    if (sigOid in ECDSA) return verdict(nodeVerify(ECDSA[sigOid], tbs, { key: key.key, dsaEncoding: 'der' }, sig), 'ECDSA signature');
    if (sigOid in DSA) return verdict(nodeVerify(DSA[sigOid], tbs, { key: key.key, dsaEncoding: 'der' }, sig), 'DSA signature');
    if (sigOid === ED25519 || sigOid === ED448) return verdict(nodeVerify(null, tbs, key.key, sig), `${sigOid === ED25519 ? 'Ed25519' : 'Ed448'} signature`);
  } catch (error) {
    return { verified: null, reason: `could not verify: ${errorText(error)}` };
  }
  return { verified: null, reason: `signature algorithm ${cert.signature.algorithm} is not supported by the verifier` };
}

const NODE_HASH: Record<string, string> = { 'SHA-1': 'sha1', 'SHA-224': 'sha224', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

function verdict(ok: boolean, what: string): Verdict {
  return ok ? { verified: true } : { verified: false, reason: `${what} does not verify` };
}

function importSpki(spki: Uint8Array): { key: KeyObject } | { reason: string } {
  try {
    return { key: createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }) };
  } catch (error) {
    return { reason: `issuer public key not usable here: ${errorText(error)}` };
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

function spkiFor(oid: string, publicKey: Uint8Array, params?: Uint8Array): Uint8Array {
  const algorithm = encodeTlv(0x30, params ? concatBytes(encodeOid(oid), params) : encodeOid(oid));
  return encodeTlv(0x30, concatBytes(algorithm, encodeTlv(0x03, concatBytes(Uint8Array.of(0), publicKey))));
}

function verifyMlDsa(set: MlDsaSet, spki: Uint8Array, publicKey: Uint8Array, msg: Uint8Array, sig: Uint8Array, context?: Uint8Array): Verdict {
  if (publicKey.length !== set.publicKeyBytes) return { verified: false, reason: `${set.name.toUpperCase()} public key has ${publicKey.length} bytes, expected ${set.publicKeyBytes}` };
  if (sig.length !== set.signatureBytes) return { verified: false, reason: `${set.name.toUpperCase()} signature has ${sig.length} bytes, expected ${set.signatureBytes}` };
  const support = nativeSupport();
  if (support.mlDsa && (!context || support.mlDsaContext)) {
    try {
      const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
      const ok = context ? nodeVerify(null, msg, { key, context } as never, sig) : nodeVerify(null, msg, key, sig);
      return verdict(ok, `${set.name.toUpperCase()} signature`);
    } catch {
      // fall through to noble
    }
  }
  try {
    return verdict(set.noble.verify(sig, msg, publicKey, context ? { context } : undefined), `${set.name.toUpperCase()} signature`);
  } catch (error) {
    return { verified: false, reason: `${set.name.toUpperCase()} signature rejected: ${errorText(error)}` };
  }
}

function verifySlhDsa(set: { name: string; noble: PqVerifier }, spki: Uint8Array, publicKey: Uint8Array, msg: Uint8Array, sig: Uint8Array): Verdict {
  const what = `${set.name.toUpperCase()} signature`;
  if (nativeSupport().slhDsa) {
    try {
      const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
      return verdict(nodeVerify(null, msg, key, sig), what);
    } catch {
      // fall through to noble
    }
  }
  try {
    return verdict(set.noble.verify(sig, msg, publicKey), what);
  } catch (error) {
    return { verified: false, reason: `${what} rejected: ${errorText(error)}` };
  }
}

function preHash(ph: CompositeSpec['ph'], msg: Uint8Array): Uint8Array {
  if (ph === 'shake256') return createHash('shake256', { outputLength: 64 }).update(msg).digest();
  return createHash(ph).update(msg).digest();
}

/**
 * Composite ML-DSA (draft -13+): M' = Prefix || Label || len(ctx) || ctx || PH(M) with ctx empty for
 * certificates; ML-DSA verifies M' with context = Label, the traditional algorithm verifies M'.
 * Both components must verify.
 */
function verifyComposite(spec: CompositeSpec, publicKey: Uint8Array, tbs: Uint8Array, sig: Uint8Array): Verdict {
  const set = ML_DSA[spec.mldsa];
  if (publicKey.length <= set.publicKeyBytes) return { verified: false, reason: 'composite public key too short' };
  if (sig.length <= set.signatureBytes) return { verified: false, reason: 'composite signature too short' };
  const label = new TextEncoder().encode(spec.label);
  const message = concatBytes(COMPOSITE_PREFIX, label, Uint8Array.of(0), preHash(spec.ph, tbs));
  const mldsaPk = publicKey.subarray(0, set.publicKeyBytes);
  const tradPk = publicKey.subarray(set.publicKeyBytes);
  const mldsaSig = sig.subarray(0, set.signatureBytes);
  const tradSig = sig.subarray(set.signatureBytes);
  const pq = verifyMlDsa(set, spkiFor(set.oid, mldsaPk), mldsaPk, message, mldsaSig, label);
  const trad = verifyTraditional(spec.trad, tradPk, message, tradSig);
  if (pq.verified === true && trad.verified === true) return { verified: true };
  if (pq.verified === false || trad.verified === false) {
    const failed = [pq.verified === false ? 'ML-DSA component' : '', trad.verified === false ? 'traditional component' : ''].filter(Boolean).join(' and ');
    return { verified: false, reason: `composite signature: ${failed} does not verify` };
  }
  return { verified: null, reason: pq.reason ?? trad.reason };
}

function verifyTraditional(trad: Trad, publicKey: Uint8Array, msg: Uint8Array, sig: Uint8Array): Verdict {
  try {
    switch (trad.kind) {
      case 'rsa-pss':
      case 'rsa-pkcs1': {
        const key = createPublicKey({ key: Buffer.from(publicKey), format: 'der', type: 'pkcs1' });
        const options = trad.kind === 'rsa-pss'
          ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: trad.saltLength }
          : { key, padding: constants.RSA_PKCS1_PADDING };
        return verdict(nodeVerify(trad.hash, msg, options, sig), 'RSA component');
      }
      case 'ecdsa': {
        const key = createPublicKey({ key: Buffer.from(spkiFor(EC_KEY, publicKey, encodeOid(trad.curve))), format: 'der', type: 'spki' });
        return verdict(nodeVerify(trad.hash, msg, { key, dsaEncoding: 'der' }, sig), 'ECDSA component');
      }
      case 'ed25519':
      case 'ed448': {
        const key = createPublicKey({ key: Buffer.from(spkiFor(trad.kind === 'ed25519' ? ED25519 : ED448, publicKey)), format: 'der', type: 'spki' });
        return verdict(nodeVerify(null, msg, key, sig), `${trad.kind} component`);
      }
    }
  } catch (error) {
    return { verified: false, reason: `traditional component rejected: ${errorText(error)}` };
  }
}
