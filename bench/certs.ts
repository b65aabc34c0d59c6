// Deterministic X.509 certificates for the benchmark workloads: a small DER writer, seeded keys of
// every class PQC Lens tells apart (RSA 2048, ECDSA P-256, Ed25519, ML-DSA-44/65/87 and composite
// ML-DSA per draft-ietf-lamps-pq-composite-sigs -13+), and a certificate builder. Keys come from
// seeds and every signature scheme used here is deterministic (RSA PKCS#1 v1.5, RFC 6979 ECDSA,
// Ed25519, ML-DSA with extraEntropy: false), so a seed always yields the same bytes.
// These are throw-away benchmark keys; nothing here is meant for real use.
import { createHash, createPrivateKey, createPublicKey, sign as nodeSign, type KeyObject } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { byteStream } from './prng.js';

// ---------------------------------------------------------------------------------------------
// DER writer

type Bytes = Uint8Array;

export function tlv(tag: number, ...parts: Bytes[]): Buffer {
  const content = Buffer.concat(parts);
  const n = content.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), content]);
}
const seq = (...parts: Bytes[]): Buffer => tlv(0x30, ...parts);
const setOf = (...parts: Bytes[]): Buffer => tlv(0x31, ...parts);
const explicit = (n: number, ...parts: Bytes[]): Buffer => tlv(0xa0 + n, ...parts);
const octets = (bytes: Bytes): Buffer => tlv(0x04, bytes);
const bits = (bytes: Bytes): Buffer => tlv(0x03, Buffer.from([0]), bytes);
const boolTrue = (): Buffer => tlv(0x01, Buffer.from([0xff]));
const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out: number[] = [];
  const push = (value: number): void => {
    const chunk = [value & 0x7f];
    for (let v = Math.floor(value / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  };
  push(parts[0] * 40 + parts[1]);
  for (const part of parts.slice(2)) push(part);
  return tlv(0x06, Buffer.from(out));
}

function unsignedInteger(bytes: Bytes): Buffer {
  let b = Buffer.from(bytes);
  let i = 0;
  while (i < b.length - 1 && b[i] === 0 && b[i + 1] < 0x80) i++;
  b = b.subarray(i);
  return tlv(0x02, b[0] >= 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
}

function utcTime(iso: string): Buffer {
  const d = new Date(iso);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const rest = `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
  const year = d.getUTCFullYear();
  return year < 2050 ? tlv(0x17, Buffer.from(`${pad(year % 100)}${rest}`)) : tlv(0x18, Buffer.from(`${year}${rest}`));
}

const algorithm = (dotted: string, params?: Bytes): Buffer => (params ? seq(oid(dotted), params) : seq(oid(dotted)));
const NULL = Buffer.from([0x05, 0x00]);

function name(commonName: string, organization: string): Buffer {
  return seq(
    setOf(seq(oid('2.5.4.6'), tlv(0x13, Buffer.from('DE')))),
    setOf(seq(oid('2.5.4.10'), utf8(organization))),
    setOf(seq(oid('2.5.4.3'), utf8(commonName))),
  );
}

// ---------------------------------------------------------------------------------------------
// Keys

export type KeyClass = 'rsa2048' | 'p256' | 'ed25519' | 'mldsa44' | 'mldsa65' | 'mldsa87' | 'mldsa65-p256' | 'mldsa44-ed25519';
export const KEY_CLASSES: readonly KeyClass[] = ['rsa2048', 'p256', 'ed25519', 'mldsa44', 'mldsa65', 'mldsa87', 'mldsa65-p256', 'mldsa44-ed25519'];

export interface BenchKey {
  keyClass: KeyClass;
  spki: Buffer;
  /** AlgorithmIdentifier of the signatures this key makes. */
  signatureAlgorithm: Buffer;
  sign(message: Bytes): Buffer;
}

const b64url = (b: Bytes): string => Buffer.from(b).toString('base64url');

function bigOf(b: Bytes): bigint {
  return b.length === 0 ? 0n : BigInt(`0x${Buffer.from(b).toString('hex')}`);
}
function bytesOf(n: bigint): Buffer {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
}
function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}
function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [m, ((a % m) + m) % m, 0n, 1n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}
const SMALL_PRIMES: bigint[] = (() => {
  const out: number[] = [];
  for (let n = 3; out.length < 400; n += 2) if (out.every((p) => n % p !== 0)) out.push(n);
  return out.map(BigInt);
})();
function probablePrime(n: bigint, random: (k: number) => Buffer): boolean {
  for (const p of SMALL_PRIMES) if (n % p === 0n) return n === p;
  let d = n - 1n;
  let r = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    r++;
  }
  witness: for (let i = 0; i < 12; i++) {
    const a = 2n + (bigOf(random(64)) % (n - 4n));
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    for (let j = 1; j < r; j++) {
      x = (x * x) % n;
      if (x === n - 1n) continue witness;
    }
    return false;
  }
  return true;
}
function seededPrime(bitLength: number, random: (k: number) => Buffer): bigint {
  for (;;) {
    const candidate = random(bitLength / 8);
    candidate[0] |= 0xc0; // the product then has exactly 2 * bitLength bits
    candidate[candidate.length - 1] |= 1;
    const p = bigOf(candidate);
    if ((p - 1n) % 65537n !== 0n && probablePrime(p, random)) return p;
  }
}

function rsaKey(seed: string): BenchKey {
  const random = byteStream(`rsa2048:${seed}`);
  const e = 65537n;
  const p = seededPrime(1024, random);
  let q = seededPrime(1024, random);
  while (q === p) q = seededPrime(1024, random);
  const d = modInverse(e, (p - 1n) * (q - 1n));
  const jwk = {
    kty: 'RSA', n: b64url(bytesOf(p * q)), e: b64url(bytesOf(e)), d: b64url(bytesOf(d)), p: b64url(bytesOf(p)), q: b64url(bytesOf(q)),
    dp: b64url(bytesOf(d % (p - 1n))), dq: b64url(bytesOf(d % (q - 1n))), qi: b64url(bytesOf(modInverse(q, p))),
  };
  const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
  return {
    keyClass: 'rsa2048',
    spki: createPublicKey(privateKey).export({ type: 'spki', format: 'der' }),
    signatureAlgorithm: algorithm('1.2.840.113549.1.1.11', NULL),
    sign: (message) => nodeSign('sha256', message, privateKey),
  };
}

function p256Secret(seed: string): Uint8Array {
  const random = byteStream(`p256:${seed}`);
  let secret: Uint8Array;
  do secret = random(32); while (!p256.utils.isValidSecretKey(secret));
  return secret;
}

function p256Key(seed: string): BenchKey {
  const secret = p256Secret(seed);
  const point = p256.getPublicKey(secret, false);
  return {
    keyClass: 'p256',
    spki: seq(algorithm('1.2.840.10045.2.1', oid('1.2.840.10045.3.1.7')), bits(point)),
    signatureAlgorithm: algorithm('1.2.840.10045.4.3.2'),
    // RFC 6979 deterministic ECDSA over SHA-256, DER signature
    sign: (message) => Buffer.from(p256.sign(message, secret, { format: 'der', prehash: true })),
  };
}

function ed25519Private(seed: string): KeyObject {
  const secret = createHash('sha256').update(`ed25519:${seed}`).digest();
  return createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), secret]), format: 'der', type: 'pkcs8' });
}

function ed25519Key(seed: string): BenchKey {
  const privateKey = ed25519Private(seed);
  return {
    keyClass: 'ed25519',
    spki: createPublicKey(privateKey).export({ type: 'spki', format: 'der' }),
    signatureAlgorithm: algorithm('1.3.101.112'),
    sign: (message) => nodeSign(null, message, privateKey),
  };
}

const ML_DSA = {
  44: { impl: ml_dsa44, oid: '2.16.840.1.101.3.4.3.17' },
  65: { impl: ml_dsa65, oid: '2.16.840.1.101.3.4.3.18' },
  87: { impl: ml_dsa87, oid: '2.16.840.1.101.3.4.3.19' },
} as const;

function mlDsaPair(level: 44 | 65 | 87, seed: string): { publicKey: Uint8Array; secretKey: Uint8Array } {
  return ML_DSA[level].impl.keygen(createHash('sha256').update(`mldsa${level}:${seed}`).digest());
}

function mlDsaKey(level: 44 | 65 | 87, seed: string): BenchKey {
  const { impl, oid: dotted } = ML_DSA[level];
  const { publicKey, secretKey } = mlDsaPair(level, seed);
  return {
    keyClass: `mldsa${level}`,
    spki: seq(algorithm(dotted), bits(publicKey)),
    signatureAlgorithm: algorithm(dotted),
    // pure ML-DSA with the empty context (RFC 9881), deterministic variant
    sign: (message) => Buffer.from(impl.sign(message, secretKey, { extraEntropy: false })),
  };
}

const COMPOSITE_PREFIX = Buffer.from('CompositeAlgorithmSignatures2025', 'ascii');

/**
 * Composite ML-DSA (draft -13+): M' = Prefix || Label || 0x00 (empty ctx) || PH(M); the ML-DSA
 * component signs M' with context = Label, the traditional component signs M'. Public key and
 * signature are the ML-DSA part followed by the traditional part.
 */
function compositeKey(keyClass: 'mldsa65-p256' | 'mldsa44-ed25519', seed: string): BenchKey {
  const level = keyClass === 'mldsa65-p256' ? 65 : 44;
  const dotted = keyClass === 'mldsa65-p256' ? '1.3.6.1.5.5.7.6.45' : '1.3.6.1.5.5.7.6.39';
  const label = Buffer.from(keyClass === 'mldsa65-p256' ? 'COMPSIG-MLDSA65-ECDSA-P256-SHA512' : 'COMPSIG-MLDSA44-Ed25519-SHA512', 'ascii');
  const { publicKey, secretKey } = mlDsaPair(level, `composite:${seed}`);
  let tradPublic: Uint8Array;
  let tradSign: (m: Uint8Array) => Uint8Array;
  if (keyClass === 'mldsa65-p256') {
    const secret = p256Secret(`composite:${seed}`);
    tradPublic = p256.getPublicKey(secret, false);
    tradSign = (m) => p256.sign(m, secret, { format: 'der', prehash: true });
  } else {
    const privateKey = ed25519Private(`composite:${seed}`);
    tradPublic = createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).subarray(12);
    tradSign = (m) => nodeSign(null, m, privateKey);
  }
  return {
    keyClass,
    spki: seq(algorithm(dotted), bits(Buffer.concat([publicKey, tradPublic]))),
    signatureAlgorithm: algorithm(dotted),
    sign: (message) => {
      const digest = createHash('sha512').update(message).digest();
      const prime = Buffer.concat([COMPOSITE_PREFIX, label, Buffer.from([0]), digest]);
      const mldsaSig = ML_DSA[level].impl.sign(prime, secretKey, { context: label, extraEntropy: false });
      return Buffer.concat([mldsaSig, tradSign(prime)]);
    },
  };
}

const keyCache = new Map<string, BenchKey>();

/** A seeded key of the given class (memoised: RSA key generation from a seed takes a moment). */
export function benchKey(keyClass: KeyClass, seed: string): BenchKey {
  const id = `${keyClass}/${seed}`;
  let key = keyCache.get(id);
  if (!key) {
    switch (keyClass) {
      case 'rsa2048': key = rsaKey(seed); break;
      case 'p256': key = p256Key(seed); break;
      case 'ed25519': key = ed25519Key(seed); break;
      case 'mldsa44': key = mlDsaKey(44, seed); break;
      case 'mldsa65': key = mlDsaKey(65, seed); break;
      case 'mldsa87': key = mlDsaKey(87, seed); break;
      default: key = compositeKey(keyClass, seed);
    }
    keyCache.set(id, key);
  }
  return key;
}

// ---------------------------------------------------------------------------------------------
// Certificates

export interface CertificateSpec {
  serial: string;
  subject: string;
  issuer: string;
  organization?: string;
  key: BenchKey;
  signer: BenchKey;
  ca: boolean;
  dnsNames?: string[];
  notBefore?: string;
  notAfter?: string;
}

const keyId = (spki: Bytes): Buffer => createHash('sha1').update(spki).digest();

function keyUsage(ca: boolean, keyClass: KeyClass): Buffer {
  // digitalSignature (bit 0), keyEncipherment (bit 2, RSA leaves only), keyCertSign (5), cRLSign (6)
  if (ca) return tlv(0x03, Buffer.from([1, 0x06]));
  return keyClass === 'rsa2048' ? tlv(0x03, Buffer.from([5, 0xa0])) : tlv(0x03, Buffer.from([7, 0x80]));
}

/** A DER certificate signed by `spec.signer` (self-signed when signer === key). */
export function buildCertificate(spec: CertificateSpec): Buffer {
  const organization = spec.organization ?? 'PQC Lens Bench';
  const serial = createHash('sha256').update(`serial:${spec.serial}`).digest().subarray(0, 16);
  serial[0] = (serial[0] & 0x7f) | 0x10;
  const extensions = [
    seq(oid('2.5.29.19'), boolTrue(), octets(spec.ca ? seq(boolTrue()) : seq())),
    seq(oid('2.5.29.15'), boolTrue(), octets(keyUsage(spec.ca, spec.key.keyClass))),
    seq(oid('2.5.29.14'), octets(octets(keyId(spec.key.spki)))),
    seq(oid('2.5.29.35'), octets(seq(tlv(0x80, keyId(spec.signer.spki))))),
  ];
  if (spec.dnsNames && spec.dnsNames.length > 0) {
    extensions.push(seq(oid('2.5.29.17'), octets(seq(...spec.dnsNames.map((d) => tlv(0x82, Buffer.from(d, 'ascii')))))));
    extensions.push(seq(oid('2.5.29.37'), octets(seq(oid('1.3.6.1.5.5.7.3.1'), oid('1.3.6.1.5.5.7.3.2')))));
  }
  const tbs = seq(
    explicit(0, tlv(0x02, Buffer.from([2]))),
    unsignedInteger(serial),
    spec.signer.signatureAlgorithm,
    name(spec.issuer, organization),
    seq(utcTime(spec.notBefore ?? '2026-01-01T00:00:00Z'), utcTime(spec.notAfter ?? (spec.ca ? '2040-01-01T00:00:00Z' : '2036-01-01T00:00:00Z'))),
    name(spec.subject, organization),
    spec.key.spki,
    explicit(3, seq(...extensions)),
  );
  return seq(tbs, spec.signer.signatureAlgorithm, bits(spec.signer.sign(tbs)));
}

export function pemOf(der: Bytes, label = 'CERTIFICATE'): string {
  const body = Buffer.from(der).toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

export interface BenchCertificate {
  der: Buffer;
  keyClass: KeyClass;
  subject: string;
  ca: boolean;
  /** Index of the issuer within its chain family (0 root, 1 intermediate); -1 for a lone self-signed certificate. */
  issuerIndex: number;
}

/**
 * A family of certificates of one key class: a self-signed root, an intermediate under it and
 * leaves under the intermediate. Returned in issue order (root, intermediate, leaves).
 */
export function chainFamily(keyClass: KeyClass, seed: string, leaves: number, domain: string): BenchCertificate[] {
  const rootKey = benchKey(keyClass, `${seed}/root`);
  const intermediateKey = benchKey(keyClass, `${seed}/intermediate`);
  const leafKey = benchKey(keyClass, `${seed}/leaf`);
  const rootName = `${keyClass} ${seed} Root CA`;
  const intermediateName = `${keyClass} ${seed} Issuing CA`;
  const out: BenchCertificate[] = [
    { der: buildCertificate({ serial: `${seed}/root`, subject: rootName, issuer: rootName, key: rootKey, signer: rootKey, ca: true }), keyClass, subject: rootName, ca: true, issuerIndex: 0 },
    { der: buildCertificate({ serial: `${seed}/intermediate`, subject: intermediateName, issuer: rootName, key: intermediateKey, signer: rootKey, ca: true }), keyClass, subject: intermediateName, ca: true, issuerIndex: 0 },
  ];
  for (let i = 0; i < leaves; i++) {
    const host = `svc-${i}.${domain}`;
    out.push({
      der: buildCertificate({ serial: `${seed}/leaf/${i}`, subject: host, issuer: intermediateName, key: leafKey, signer: intermediateKey, ca: false, dnsNames: [host] }),
      keyClass, subject: host, ca: false, issuerIndex: 1,
    });
  }
  return out;
}

/** A self-signed certificate (its own key signs it). */
export function selfSigned(keyClass: KeyClass, seed: string, subject: string, ca = true): BenchCertificate {
  const key = benchKey(keyClass, `${seed}/self`);
  return { der: buildCertificate({ serial: `${seed}/self/${subject}`, subject, issuer: subject, key, signer: key, ca, dnsNames: ca ? [] : [subject] }), keyClass, subject, ca, issuerIndex: -1 };
}
