// Certificate signature verification: classical algorithms with node:crypto, pure ML-DSA and
// SLH-DSA with node:crypto where the runtime has them (Node >= 24 with OpenSSL 3.5) and
// @noble/post-quantum otherwise, composite ML-DSA per draft-ietf-lamps-pq-composite-sigs (-13+).
// What each signature OID means (hash, parameter set, sizes, composite components and labels) is
// knowledge-table data that the decoder attached to the certificate (`signature.scheme`).
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
import type { MlDsaScheme, SignatureScheme, TraditionalScheme } from './schemes.js';

type Verdict = { verified: boolean | null; reason?: string };

interface PqVerifier {
  verify(sig: Uint8Array, msg: Uint8Array, publicKey: Uint8Array, opts?: { context?: Uint8Array }): boolean;
}

// Key types whose keys make signatures of another OID; every other key type signs with its own OID.
const RSA_KEY = '1.2.840.113549.1.1.1';
const RSA_PSS = '1.2.840.113549.1.1.10';
const EC_KEY = '1.2.840.10045.2.1';
const DSA_KEY = '1.2.840.10040.4.1';

// Implementations by the table's names (Maps: the names come from a table a workspace may supply).
const NOBLE_ML_DSA = new Map<string, PqVerifier>([['ML-DSA-44', ml_dsa44], ['ML-DSA-65', ml_dsa65], ['ML-DSA-87', ml_dsa87]]);
const NOBLE_SLH_DSA = new Map<string, PqVerifier>([
  ['SLH-DSA-SHA2-128s', slh_dsa_sha2_128s], ['SLH-DSA-SHA2-128f', slh_dsa_sha2_128f], ['SLH-DSA-SHA2-192s', slh_dsa_sha2_192s],
  ['SLH-DSA-SHA2-192f', slh_dsa_sha2_192f], ['SLH-DSA-SHA2-256s', slh_dsa_sha2_256s], ['SLH-DSA-SHA2-256f', slh_dsa_sha2_256f],
  ['SLH-DSA-SHAKE-128s', slh_dsa_shake_128s], ['SLH-DSA-SHAKE-128f', slh_dsa_shake_128f], ['SLH-DSA-SHAKE-192s', slh_dsa_shake_192s],
  ['SLH-DSA-SHAKE-192f', slh_dsa_shake_192f], ['SLH-DSA-SHAKE-256s', slh_dsa_shake_256s], ['SLH-DSA-SHAKE-256f', slh_dsa_shake_256f],
]);
const NODE_HASH = new Map([['MD5', 'md5'], ['SHA-1', 'sha1'], ['SHA-224', 'sha224'], ['SHA-256', 'sha256'], ['SHA-384', 'sha384'], ['SHA-512', 'sha512']]);
/** Composite pre-hash PH; SHAKE256 with a 64-byte output (draft -13+). */
const PRE_HASH = new Map<string, (msg: Uint8Array) => Uint8Array>([
  ['SHA256', (msg) => createHash('sha256').update(msg).digest()],
  ['SHA512', (msg) => createHash('sha512').update(msg).digest()],
  ['SHAKE256', (msg) => createHash('shake256', { outputLength: 64 }).update(msg).digest()],
]);
/** ASCII "CompositeAlgorithmSignatures2025" (draft -13+ Prefix). */
const COMPOSITE_PREFIX = new TextEncoder().encode('CompositeAlgorithmSignatures2025');

/** Whether this verifier implements `scheme` (the table may describe more than it does). */
function implemented(scheme: SignatureScheme | TraditionalScheme): boolean {
  switch (scheme.kind) {
    case 'rsa-pss':
      // a certificate's RSASSA-PSS names its hash in its own parameters; a composite's is in the table
      return !('hash' in scheme) || NODE_HASH.has(scheme.hash);
    case 'rsa-pkcs1':
    case 'ecdsa':
    case 'dsa':
      return NODE_HASH.has(scheme.hash);
    case 'eddsa':
      return true;
    case 'ml-dsa':
      return NOBLE_ML_DSA.has(scheme.parameterSet);
    case 'slh-dsa':
      return NOBLE_SLH_DSA.has(scheme.parameterSet);
    case 'composite':
      return implemented(scheme.mlDsa) && implemented(scheme.trad) && PRE_HASH.has(scheme.preHash);
  }
}

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
  clearVerifyCache();
}

// ---------------------------------------------------------------------------------------------
// Result cache: (certificate fingerprint, issuer fingerprint) → verdict. Bounded, oldest first out.
// A verdict also depends on the certificate's scheme, which comes from the knowledge table it was
// decoded with: a hit counts only for the same scheme object (a reloaded table makes new ones).

const CACHE_LIMIT = 4096;
const cache = new Map<string, { scheme: SignatureScheme | undefined; verdict: Verdict }>();

export function clearVerifyCache(): void {
  cache.clear();
  keys.clear();
}

/** How many verdicts and imported keys the caches hold (for tests: both are bounded and cleared together). */
export function verifyCacheSizes(): { verdicts: number; keys: number } {
  return { verdicts: cache.size, keys: keys.size };
}

function cached(key: string, scheme: SignatureScheme | undefined, compute: () => Verdict): Verdict {
  const hit = cache.get(key);
  if (hit && hit.scheme === scheme) return hit.verdict;
  const verdict = compute();
  if (!hit && cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, { scheme, verdict });
  return verdict;
}

// Imported public keys: (encoding, DER bytes) → KeyObject, or the import's error. One issuer key
// signs many certificates, and without this cache importing it again for each of them was a quarter
// of W3's verification time under Node 24. Bounded, oldest first out; fewer entries than verdicts
// (one per issuer key, and an ML-DSA-87 key is 2.6 kB).

const KEY_LIMIT = 1024;
const keys = new Map<string, KeyObject | Error>();

/** node:crypto's `createPublicKey` of DER `bytes`, cached; throws what it threw. */
function importKey(bytes: Uint8Array, type: 'spki' | 'pkcs1'): KeyObject {
  const id = `${type}:${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')}`;
  let entry = keys.get(id);
  if (entry === undefined) {
    try {
      entry = createPublicKey({ key: Buffer.from(bytes), format: 'der', type });
    } catch (error) {
      entry = error instanceof Error ? error : new Error(String(error));
    }
    if (keys.size >= KEY_LIMIT) keys.delete(keys.keys().next().value as string);
    keys.set(id, entry);
  }
  if (entry instanceof Error) throw entry;
  return entry;
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
  const verdict = cached(`${cert.fingerprintSha256}:${issuer.fingerprintSha256}`, cert.signature.scheme, () => checkSignature(cert, issuer));
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
    if (!keyFits(candidate.publicKey.oid, cert)) return;
    out.push(candidate);
  };
  if (cert.selfIssued) consider(cert);
  for (const candidate of candidates) consider(candidate);
  return out;
}

function verifyUnchecked(cert: DecodedCertificate, issuerCandidates: Iterable<DecodedCertificate>): VerifyResult {
  const legacy = legacyCompositeDraft(cert.signature.oid);
  if (legacy) return { verified: null, reason: `${legacy} composite: verification not implemented` };
  if (!supported(cert)) return notSupported(cert);
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

function supported(cert: DecodedCertificate): boolean {
  return cert.signature.scheme !== undefined && implemented(cert.signature.scheme);
}

function notSupported(cert: DecodedCertificate): Verdict {
  return { verified: null, reason: `signature algorithm ${cert.signature.algorithm} is not supported by the verifier` };
}

/** Whether a key of type `keyOid` can make `cert`'s signature. */
function keyFits(keyOid: string, cert: DecodedCertificate): boolean {
  switch (cert.signature.scheme?.kind) {
    case 'rsa-pkcs1': return keyOid === RSA_KEY;
    case 'rsa-pss': return keyOid === RSA_KEY || keyOid === RSA_PSS;
    case 'ecdsa': return keyOid === EC_KEY;
    case 'dsa': return keyOid === DSA_KEY;
  }
  return keyOid === cert.signature.oid;
}

function checkSignature(cert: DecodedCertificate, issuer: DecodedCertificate): Verdict {
  if (!keyFits(issuer.publicKey.oid, cert)) return { verified: null, reason: `issuer key ${issuer.publicKey.algorithm} cannot make ${cert.signature.algorithm} signatures` };
  const scheme = cert.signature.scheme;
  if (!scheme || !implemented(scheme)) return notSupported(cert);
  const tbs = cert.raw.tbs;
  const sig = cert.raw.signatureValue;
  if (scheme.kind === 'ml-dsa') return verifyMlDsa(scheme, issuer.raw.spki, issuer.raw.publicKey, tbs, sig);
  if (scheme.kind === 'slh-dsa') return verifySlhDsa(scheme.parameterSet, issuer.raw.spki, issuer.raw.publicKey, tbs, sig);
  if (scheme.kind === 'composite') return verifyComposite(scheme, issuer.raw.publicKey, tbs, sig);
  const key = importSpki(issuer.raw.spki);
  if ('reason' in key) return { verified: null, reason: key.reason };
  try {
    // KeyObjects go in bare where node's defaults (PKCS#1 v1.5 padding, DER-encoded DSA/ECDSA
    // signatures) are what the scheme needs: an options object costs node two thrown and caught
    // type checks per call.
    switch (scheme.kind) {
      case 'rsa-pkcs1': return verdict(nodeVerify(NODE_HASH.get(scheme.hash), tbs, key.key, sig), 'RSA signature');
      case 'ecdsa': return verdict(nodeVerify(NODE_HASH.get(scheme.hash), tbs, key.key, sig), 'ECDSA signature');
      case 'dsa': return verdict(nodeVerify(NODE_HASH.get(scheme.hash), tbs, key.key, sig), 'DSA signature');
      case 'eddsa': return verdict(nodeVerify(null, tbs, key.key, sig), `${cert.signature.algorithm} signature`);
      case 'rsa-pss': {
        const algorithm = cert.raw.signatureAlgorithm;
        const top = readTlv(algorithm, 0);
        const alg = isError(top) ? undefined : readAlgorithmIdentifier(algorithm, top);
        const pss = readPssParams(algorithm, alg?.params);
        // RFC 4055 defines RSASSA-PSS with the SHA-1 and SHA-2 hashes only
        const hash = pss.hash === 'MD5' ? undefined : NODE_HASH.get(pss.hash);
        if (!hash || pss.mgfHash !== pss.hash || pss.saltLength < 0) return { verified: null, reason: `RSASSA-PSS with ${pss.hash}/MGF1-${pss.mgfHash} is not supported by the verifier` };
        return verdict(nodeVerify(hash, tbs, { key: key.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength }, sig), 'RSASSA-PSS signature');
      }
    }
  } catch (error) {
    return { verified: null, reason: `could not verify: ${errorText(error)}` };
  }
}

function verdict(ok: boolean, what: string): Verdict {
  return ok ? { verified: true } : { verified: false, reason: `${what} does not verify` };
}

function importSpki(spki: Uint8Array): { key: KeyObject } | { reason: string } {
  try {
    return { key: importKey(spki, 'spki') };
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

function verifyMlDsa(set: MlDsaScheme, spki: Uint8Array, publicKey: Uint8Array, msg: Uint8Array, sig: Uint8Array, context?: Uint8Array): Verdict {
  const name = set.parameterSet.toUpperCase();
  if (publicKey.length !== set.publicKeyBytes) return { verified: false, reason: `${name} public key has ${publicKey.length} bytes, expected ${set.publicKeyBytes}` };
  if (sig.length !== set.signatureBytes) return { verified: false, reason: `${name} signature has ${sig.length} bytes, expected ${set.signatureBytes}` };
  const support = nativeSupport();
  if (support.mlDsa && (!context || support.mlDsaContext)) {
    try {
      const key = importKey(spki, 'spki');
      const ok = context ? nodeVerify(null, msg, { key, context } as never, sig) : nodeVerify(null, msg, key, sig);
      return verdict(ok, `${name} signature`);
    } catch {
      // fall through to noble
    }
  }
  try {
    return verdict(NOBLE_ML_DSA.get(set.parameterSet)!.verify(sig, msg, publicKey, context ? { context } : undefined), `${name} signature`);
  } catch (error) {
    return { verified: false, reason: `${name} signature rejected: ${errorText(error)}` };
  }
}

function verifySlhDsa(parameterSet: string, spki: Uint8Array, publicKey: Uint8Array, msg: Uint8Array, sig: Uint8Array): Verdict {
  const what = `${parameterSet.toUpperCase()} signature`;
  if (nativeSupport().slhDsa) {
    try {
      const key = importKey(spki, 'spki');
      return verdict(nodeVerify(null, msg, key, sig), what);
    } catch {
      // fall through to noble
    }
  }
  try {
    return verdict(NOBLE_SLH_DSA.get(parameterSet)!.verify(sig, msg, publicKey), what);
  } catch (error) {
    return { verified: false, reason: `${what} rejected: ${errorText(error)}` };
  }
}

/**
 * Composite ML-DSA (draft -13+): M' = Prefix || Label || len(ctx) || ctx || PH(M) with ctx empty for
 * certificates; ML-DSA verifies M' with context = Label, the traditional algorithm verifies M'.
 * Both components must verify.
 */
function verifyComposite(spec: Extract<SignatureScheme, { kind: 'composite' }>, publicKey: Uint8Array, tbs: Uint8Array, sig: Uint8Array): Verdict {
  const set = spec.mlDsa;
  if (publicKey.length <= set.publicKeyBytes) return { verified: false, reason: 'composite public key too short' };
  if (sig.length <= set.signatureBytes) return { verified: false, reason: 'composite signature too short' };
  const label = new TextEncoder().encode(spec.label);
  const message = concatBytes(COMPOSITE_PREFIX, label, Uint8Array.of(0), PRE_HASH.get(spec.preHash)!(tbs));
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

function verifyTraditional(trad: TraditionalScheme, publicKey: Uint8Array, msg: Uint8Array, sig: Uint8Array): Verdict {
  try {
    switch (trad.kind) {
      case 'rsa-pss': {
        const key = importKey(publicKey, 'pkcs1');
        return verdict(nodeVerify(NODE_HASH.get(trad.hash), msg, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: trad.saltLength }, sig), 'RSA component');
      }
      case 'rsa-pkcs1':
        return verdict(nodeVerify(NODE_HASH.get(trad.hash), msg, importKey(publicKey, 'pkcs1'), sig), 'RSA component');
      case 'ecdsa':
        return verdict(nodeVerify(NODE_HASH.get(trad.hash), msg, importKey(spkiFor(EC_KEY, publicKey, encodeOid(trad.curveOid)), 'spki'), sig), 'ECDSA component');
      case 'eddsa':
        return verdict(nodeVerify(null, msg, importKey(spkiFor(trad.oid, publicKey), 'spki'), sig), 'EdDSA component');
    }
  } catch (error) {
    return { verified: false, reason: `traditional component rejected: ${errorText(error)}` };
  }
}
