#!/usr/bin/env node
// Generates the certificate fixtures under test/fixtures/certs/ and the certificate/secret rule
// fixture folders under test/fixtures/rules/. Everything is deterministic: keys come from fixed
// seeds (RSA primes are searched from a seeded stream, EC/Ed/ML-DSA keys are derived from seeds),
// and RSA PKCS#1 v1.5, ECDSA (RFC 6979), Ed25519 and ML-DSA (deterministic variant) signatures
// are deterministic, so re-running the script reproduces the committed files byte for byte.
//
// Validity dates are relative to the fixed test clock 2026-06-01T00:00:00Z (TEST_NOW in
// test/harness.ts): rules receive `settings.now`, so the fixtures behave the same on any day.
//
// Usage: node scripts/gen-cert-fixtures.mjs [outputRoot]   (default: test/fixtures)
// All keys here are throw-away test keys.
import { createHash, createPrivateKey, createPublicKey, sign as nodeSign, createECDH } from 'node:crypto';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { p256 } from '@noble/curves/nist.js';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const outRoot = process.argv[2] ? process.argv[2] : join(root, 'test', 'fixtures');
const certDir = join(outRoot, 'certs');
const rulesDir = join(outRoot, 'rules');

// ------------------------------------------------------------------------------------------
// DER builder

function tlv(tag, ...parts) {
  const content = Buffer.concat(parts.map((p) => Buffer.from(p)));
  const n = content.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...len]), content]);
}
const seq = (...parts) => tlv(0x30, ...parts);
const set = (...parts) => tlv(0x31, ...parts);
const ctx = (n, ...parts) => tlv(0xa0 + n, ...parts);
const octet = (bytes) => tlv(0x04, bytes);
const bitString = (bytes) => tlv(0x03, Buffer.from([0]), bytes);
const bool = (v) => tlv(0x01, Buffer.from([v ? 0xff : 0]));
const utf8 = (s) => tlv(0x0c, Buffer.from(s, 'utf8'));
const printable = (s) => tlv(0x13, Buffer.from(s, 'ascii'));
const ia5 = (s) => tlv(0x16, Buffer.from(s, 'ascii'));
function oid(dotted) {
  const parts = dotted.split('.').map(Number);
  const bytes = [];
  const push = (n) => {
    const out = [n & 0x7f];
    n = Math.floor(n / 128);
    while (n > 0) { out.unshift((n & 0x7f) | 0x80); n = Math.floor(n / 128); }
    bytes.push(...out);
  };
  push(parts[0] * 40 + parts[1]);
  parts.slice(2).forEach(push);
  return tlv(0x06, Buffer.from(bytes));
}
function integer(bytes) {
  let b = Buffer.from(bytes);
  let i = 0;
  while (i < b.length - 1 && b[i] === 0 && b[i + 1] < 0x80) i++;
  b = b.subarray(i);
  if (b[0] >= 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}
const smallInt = (n) => integer(Buffer.from([n]));
function time(iso) {
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  const body = `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
  const year = d.getUTCFullYear();
  return year < 2050 ? tlv(0x17, Buffer.from(`${String(year % 100).padStart(2, '0')}${body}`)) : tlv(0x18, Buffer.from(`${year}${body}`));
}
const algId = (dotted, params) => (params ? seq(oid(dotted), params) : seq(oid(dotted)));
const NULL = Buffer.from([0x05, 0x00]);

const ATTR = { CN: '2.5.4.3', O: '2.5.4.10', OU: '2.5.4.11', C: '2.5.4.6' };
/** name: [['C','DE'], ['O','x'], ['CN','y']] in X.500 order (most general first). */
function name(rdns) {
  return seq(...rdns.map(([type, value]) => set(seq(oid(ATTR[type]), type === 'C' ? printable(value) : utf8(value)))));
}

// ------------------------------------------------------------------------------------------
// Deterministic randomness and keys

function stream(seed) {
  let counter = 0;
  let pool = Buffer.alloc(0);
  return (n) => {
    while (pool.length < n) {
      pool = Buffer.concat([pool, createHash('sha256').update(`${seed}/${counter++}`).digest()]);
    }
    const out = pool.subarray(0, n);
    pool = pool.subarray(n);
    return Buffer.from(out);
  };
}

const toBig = (buf) => BigInt('0x' + (buf.length ? buf.toString('hex') : '0'));
function toBuf(n, length) {
  let hex = n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  const b = Buffer.from(hex, 'hex');
  return length && b.length < length ? Buffer.concat([Buffer.alloc(length - b.length), b]) : b;
}
function modPow(base, exp, mod) {
  let result = 1n;
  base %= mod;
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % mod;
    base = (base * base) % mod;
    exp >>= 1n;
  }
  return result;
}
function modInv(a, m) {
  let [r0, r1, s0, s1] = [m, ((a % m) + m) % m, 0n, 1n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}
const SMALL_PRIMES = (() => {
  const out = [];
  for (let n = 3; out.length < 300; n += 2) if (out.every((p) => n % p !== 0)) out.push(n);
  return out.map(BigInt);
})();
function isProbablePrime(n, rand) {
  for (const p of SMALL_PRIMES) if (n % p === 0n) return n === p;
  let d = n - 1n;
  let r = 0;
  while ((d & 1n) === 0n) { d >>= 1n; r++; }
  for (let i = 0; i < 24; i++) {
    const a = 2n + (toBig(rand(64)) % (n - 4n));
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    let composite = true;
    for (let j = 1; j < r; j++) {
      x = (x * x) % n;
      if (x === n - 1n) { composite = false; break; }
    }
    if (composite) return false;
  }
  return true;
}
function prime(bits, rand) {
  for (;;) {
    const bytes = rand(bits / 8);
    bytes[0] |= 0xc0; // top two bits: the product has exactly 2*bits bits
    bytes[bytes.length - 1] |= 1;
    const p = toBig(bytes);
    if ((p - 1n) % 65537n !== 0n && isProbablePrime(p, rand)) return p;
  }
}
const b64url = (buf) => Buffer.from(buf).toString('base64url');

function rsaKey(seed, bits) {
  const rand = stream(`rsa:${seed}`);
  const e = 65537n;
  const p = prime(bits / 2, rand);
  let q = prime(bits / 2, rand);
  while (q === p) q = prime(bits / 2, rand);
  const n = p * q;
  const phi = (p - 1n) * (q - 1n);
  const d = modInv(e, phi);
  const jwk = {
    kty: 'RSA', n: b64url(toBuf(n)), e: b64url(toBuf(e)), d: b64url(toBuf(d)), p: b64url(toBuf(p)), q: b64url(toBuf(q)),
    dp: b64url(toBuf(d % (p - 1n))), dq: b64url(toBuf(d % (q - 1n))), qi: b64url(toBuf(modInv(q, p))),
  };
  const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return {
    spki,
    pkcs8Pem: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    sign: (tbs, hash = 'sha256') => nodeSign(hash, tbs, privateKey),
    sigAlg: (hash = 'sha256') => algId({ sha1: '1.2.840.113549.1.1.5', sha256: '1.2.840.113549.1.1.11', sha384: '1.2.840.113549.1.1.12' }[hash], NULL),
  };
}

const P256_OID = '1.2.840.10045.3.1.7';
const EC_KEY_OID = '1.2.840.10045.2.1';
function ecSpki(curveOid, point) {
  return seq(algId(EC_KEY_OID, oid(curveOid)), bitString(point));
}

function p256Key(seed) {
  const rand = stream(`p256:${seed}`);
  let sk;
  do sk = rand(32); while (!p256.utils.isValidSecretKey(sk));
  const point = Buffer.from(p256.getPublicKey(sk, false));
  const jwk = { kty: 'EC', crv: 'P-256', x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33)), d: b64url(sk) };
  return {
    spki: ecSpki(P256_OID, point),
    pkcs8Pem: createPrivateKey({ key: jwk, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' }),
    // RFC 6979 deterministic ECDSA over SHA-256, DER-encoded signature
    sign: (tbs) => Buffer.from(p256.sign(tbs, sk, { format: 'der', prehash: true })),
    sigAlg: () => algId('1.2.840.10045.4.3.2'),
  };
}

/** Public key only (for leaves whose own key never signs here). */
function ecdhPublic(curveName, curveOid, seed) {
  const ecdh = createECDH(curveName);
  const size = { prime192v1: 24, secp256k1: 32 }[curveName];
  const rand = stream(`ec:${curveName}:${seed}`);
  ecdh.setPrivateKey(Buffer.concat([Buffer.from([0x01]), rand(size - 1)]));
  return { spki: ecSpki(curveOid, ecdh.getPublicKey(null, 'uncompressed')) };
}

function ed25519Key(seed) {
  const secret = createHash('sha256').update(`ed25519:${seed}`).digest();
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), secret]);
  const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  return {
    spki: createPublicKey(privateKey).export({ type: 'spki', format: 'der' }),
    sign: (tbs) => nodeSign(null, tbs, privateKey),
    sigAlg: () => algId('1.3.101.112'),
  };
}

const ML_DSA = { 44: [ml_dsa44, '2.16.840.1.101.3.4.3.17'], 65: [ml_dsa65, '2.16.840.1.101.3.4.3.18'], 87: [ml_dsa87, '2.16.840.1.101.3.4.3.19'] };
function mlDsaKey(level, seed, keyOid) {
  const [impl, algOid] = ML_DSA[level];
  const { publicKey, secretKey } = impl.keygen(createHash('sha256').update(`mldsa${level}:${seed}`).digest());
  return {
    spki: seq(algId(keyOid ?? algOid), bitString(publicKey)),
    // pure ML-DSA, empty context (RFC 9881), deterministic variant
    sign: (tbs) => Buffer.from(impl.sign(tbs, secretKey, { extraEntropy: false })),
    sigAlg: () => algId(keyOid ?? algOid),
  };
}

// ------------------------------------------------------------------------------------------
// Certificates

const KU = { digitalSignature: 0, nonRepudiation: 1, keyEncipherment: 2, dataEncipherment: 3, keyAgreement: 4, keyCertSign: 5, cRLSign: 6 };
function keyUsage(names) {
  let bits = 0;
  for (const n of names) bits |= 0x80 >> KU[n];
  let unused = 0;
  while (unused < 7 && (bits & (1 << unused)) === 0) unused++;
  return tlv(0x03, Buffer.from([unused, bits]));
}
const ext = (id, critical, value) => (critical ? seq(oid(id), bool(true), octet(value)) : seq(oid(id), octet(value)));
// Key identifier: SHA-1 of the whole SubjectPublicKeyInfo (any stable method is allowed, RFC 5280 4.2.1.2).
const keyId = (spki) => createHash('sha1').update(Buffer.from(spki)).digest();

/**
 * subject/issuer: name arrays; key: subject key ({spki}); signer: issuer key ({sign, sigAlg});
 * issuerSpki: for the authority key identifier.
 */
function certificate({ serialSeed, subject, issuer, notBefore, notAfter, key, signer, issuerSpki, ca = false, usage, dns = [], eku, hash }) {
  const serial = createHash('sha256').update(`serial:${serialSeed}`).digest().subarray(0, 16);
  serial[0] &= 0x7f;
  serial[0] |= 0x10;
  const extensions = [];
  extensions.push(ext('2.5.29.19', true, ca ? seq(bool(true)) : seq()));
  if (usage) extensions.push(ext('2.5.29.15', true, keyUsage(usage)));
  if (eku) extensions.push(ext('2.5.29.37', false, seq(...eku.map((e) => oid(e)))));
  if (dns.length > 0) extensions.push(ext('2.5.29.17', false, seq(...dns.map((d) => tlv(0x82, Buffer.from(d, 'ascii'))))));
  extensions.push(ext('2.5.29.14', false, octet(keyId(key.spki))));
  extensions.push(ext('2.5.29.35', false, seq(tlv(0x80, keyId(issuerSpki)))));
  const sigAlg = signer.sigAlg(hash);
  const tbs = seq(
    ctx(0, smallInt(2)),
    integer(serial),
    sigAlg,
    name(issuer),
    seq(time(notBefore), time(notAfter)),
    name(subject),
    Buffer.from(key.spki),
    ctx(3, seq(...extensions)),
  );
  return seq(tbs, sigAlg, bitString(signer.sign(tbs, hash)));
}

const pem = (label, der) => `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').match(/.{1,64}/g).join('\n')}\n-----END ${label}-----\n`;
const certPem = (der) => pem('CERTIFICATE', der);

// Dates relative to TEST_NOW = 2026-06-01T00:00:00Z
const CA_FROM = '2026-01-01T00:00:00Z';
const CA_TO = '2036-01-01T00:00:00Z';
const LEAF_FROM = '2026-01-01T00:00:00Z';
const LEAF_TO = '2027-01-01T00:00:00Z';
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

function build() {
  const files = {};
  const org = [['C', 'DE'], ['O', 'PQC Lens Test']];

  // RSA
  const rsaCaKey = rsaKey('ca', 2048);
  const rsaCaName = [...org, ['CN', 'Test RSA Root CA']];
  const rsaCa = certificate({ serialSeed: 'rsa-ca', subject: rsaCaName, issuer: rsaCaName, notBefore: CA_FROM, notAfter: CA_TO, key: rsaCaKey, signer: rsaCaKey, issuerSpki: rsaCaKey.spki, ca: true, usage: ['keyCertSign', 'cRLSign'] });
  const rsaLeafKey = rsaKey('leaf', 2048);
  const rsaLeaf = certificate({ serialSeed: 'rsa-leaf', subject: [...org, ['CN', 'web.example.test']], issuer: rsaCaName, notBefore: LEAF_FROM, notAfter: LEAF_TO, key: rsaLeafKey, signer: rsaCaKey, issuerSpki: rsaCaKey.spki, usage: ['digitalSignature', 'keyEncipherment'], dns: ['web.example.test'], eku: [SERVER_AUTH] });
  const rsa1024Key = rsaKey('weak', 1024);
  const rsa1024 = certificate({ serialSeed: 'rsa1024', subject: [...org, ['CN', 'weak-rsa.example.test']], issuer: rsaCaName, notBefore: LEAF_FROM, notAfter: LEAF_TO, key: rsa1024Key, signer: rsaCaKey, issuerSpki: rsaCaKey.spki, usage: ['digitalSignature', 'keyEncipherment'], dns: ['weak-rsa.example.test'], eku: [SERVER_AUTH] });
  const sha1Leaf = certificate({ serialSeed: 'sha1', subject: [...org, ['CN', 'sha1.example.test']], issuer: rsaCaName, notBefore: LEAF_FROM, notAfter: LEAF_TO, key: rsaLeafKey, signer: rsaCaKey, issuerSpki: rsaCaKey.spki, usage: ['digitalSignature', 'keyEncipherment'], dns: ['sha1.example.test'], eku: [SERVER_AUTH], hash: 'sha1' });
  Object.assign(files, {
    'rsa2048-ca.pem': certPem(rsaCa), 'rsa2048-ca.der': rsaCa, 'rsa2048-leaf.pem': certPem(rsaLeaf),
    'rsa1024-leaf.pem': certPem(rsa1024), 'rsa-sha1-leaf.pem': certPem(sha1Leaf),
    'classical-chain.pem': certPem(rsaLeaf) + certPem(rsaCa),
  });

  // ECDSA P-256 and weak/unusual curves
  const ecCaKey = p256Key('ca');
  const ecCaName = [...org, ['CN', 'Test ECDSA Root CA']];
  const ecCa = certificate({ serialSeed: 'ec-ca', subject: ecCaName, issuer: ecCaName, notBefore: CA_FROM, notAfter: CA_TO, key: ecCaKey, signer: ecCaKey, issuerSpki: ecCaKey.spki, ca: true, usage: ['keyCertSign', 'cRLSign'] });
  const ecLeafKey = p256Key('leaf');
  const leaf = (serialSeed, cn, key, from = LEAF_FROM, to = LEAF_TO, extra = {}) => certificate({ serialSeed, subject: [...org, ['CN', cn]], issuer: ecCaName, notBefore: from, notAfter: to, key, signer: ecCaKey, issuerSpki: ecCaKey.spki, usage: ['digitalSignature'], dns: [cn], eku: [SERVER_AUTH, CLIENT_AUTH], ...extra });
  const ecLeaf = leaf('ec-leaf', 'api.example.test', ecLeafKey);
  const p192 = leaf('p192', 'p192.example.test', ecdhPublic('prime192v1', '1.2.840.10045.3.1.1', 'leaf'));
  const k1 = leaf('secp256k1', 'k1.example.test', ecdhPublic('secp256k1', '1.3.132.0.10', 'leaf'));
  const expired = leaf('expired', 'expired.example.test', ecLeafKey, '2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z');
  const expiring = leaf('expiring', 'expiring.example.test', ecLeafKey, '2026-03-01T00:00:00Z', '2026-06-11T00:00:00Z');
  const hostileName = [...org, ['OU', '<script>alert(1)</script>'], ['CN', '<img src=x onerror=alert(1)>']];
  const hostile = certificate({ serialSeed: 'hostile', subject: hostileName, issuer: ecCaName, notBefore: LEAF_FROM, notAfter: LEAF_TO, key: ecLeafKey, signer: ecCaKey, issuerSpki: ecCaKey.spki, usage: ['digitalSignature'], dns: ['<b>bold</b>.example.test'] });
  const tamperedTbs = Buffer.from(ecLeaf);
  tamperedTbs[200] ^= 0x01; // inside the subject/SPKI area of the TBSCertificate
  Object.assign(files, {
    'ecdsa-p256-ca.pem': certPem(ecCa), 'ecdsa-p256-leaf.pem': certPem(ecLeaf), 'ecdsa-p192-leaf.pem': certPem(p192),
    'secp256k1-leaf.pem': certPem(k1), 'expired-leaf.pem': certPem(expired), 'expiring-leaf.pem': certPem(expiring),
    'hostile-subject.pem': certPem(hostile), 'tampered-tbs.pem': certPem(tamperedTbs),
  });

  // Ed25519 (self-signed)
  const edKey = ed25519Key('self');
  const edName = [...org, ['CN', 'Test Ed25519 Self-Signed']];
  files['ed25519-self.pem'] = certPem(certificate({ serialSeed: 'ed', subject: edName, issuer: edName, notBefore: CA_FROM, notAfter: CA_TO, key: edKey, signer: edKey, issuerSpki: edKey.spki, ca: true, usage: ['keyCertSign', 'cRLSign', 'digitalSignature'] }));

  // ML-DSA chains
  const ml = {};
  for (const level of [44, 65, 87]) {
    const caKey = mlDsaKey(level, 'ca');
    const caName = [...org, ['CN', `Test ML-DSA-${level} Root CA`]];
    const ca = certificate({ serialSeed: `mldsa${level}-ca`, subject: caName, issuer: caName, notBefore: CA_FROM, notAfter: CA_TO, key: caKey, signer: caKey, issuerSpki: caKey.spki, ca: true, usage: ['keyCertSign', 'cRLSign'] });
    const leafKey = mlDsaKey(level, 'leaf');
    const leafCert = certificate({ serialSeed: `mldsa${level}-leaf`, subject: [...org, ['CN', `mldsa${level}.example.test`]], issuer: caName, notBefore: LEAF_FROM, notAfter: LEAF_TO, key: leafKey, signer: caKey, issuerSpki: caKey.spki, usage: ['digitalSignature'], dns: [`mldsa${level}.example.test`], eku: [SERVER_AUTH, CLIENT_AUTH] });
    ml[level] = { caKey, caName, ca, leafKey, leaf: leafCert };
    files[`mldsa${level}-ca.pem`] = certPem(ca);
    files[`mldsa${level}-leaf.pem`] = certPem(leafCert);
  }
  files['mldsa65-ca.der'] = ml[65].ca;
  files['chain-bundle.pem'] = certPem(ml[65].leaf) + certPem(ml[65].ca);
  files['mldsa65-keyencipherment.pem'] = certPem(certificate({ serialSeed: 'mldsa65-ke', subject: [...org, ['CN', 'ku-mismatch.example.test']], issuer: ml[65].caName, notBefore: LEAF_FROM, notAfter: LEAF_TO, key: ml[65].leafKey, signer: ml[65].caKey, issuerSpki: ml[65].caKey.spki, usage: ['digitalSignature', 'keyEncipherment'], dns: ['ku-mismatch.example.test'] }));
  const tamperedSig = Buffer.from(ml[44].leaf);
  tamperedSig[tamperedSig.length - 100] ^= 0x01; // inside the ML-DSA signature value
  files['tampered-signature.pem'] = certPem(tamperedSig);
  // A pre-standard OID: ML-DSA-65 key and signature under the OQS "ipd" OID (1.3.6.1.4.1.2.267.12.6.5).
  // Synthetic: the bytes are final ML-DSA, only the OID is the legacy one.
  const ipdKey = mlDsaKey(65, 'ipd', '1.3.6.1.4.1.2.267.12.6.5');
  const ipdName = [...org, ['CN', 'Legacy OQS mldsa65 (ipd OID)']];
  files['oqs-ipd-mldsa65.pem'] = certPem(certificate({ serialSeed: 'ipd', subject: ipdName, issuer: ipdName, notBefore: CA_FROM, notAfter: CA_TO, key: ipdKey, signer: ipdKey, issuerSpki: ipdKey.spki, ca: true, usage: ['keyCertSign', 'cRLSign'] }));

  // Not a certificate: valid base64, not DER
  files['invalid.pem'] = pem('CERTIFICATE', Buffer.from('this is not a DER certificate, just text in a PEM block'));

  // Kubernetes objects
  const b64 = (s) => Buffer.from(s).toString('base64');
  files['secret-tls.yaml'] = [
    'apiVersion: v1', 'kind: Secret', 'metadata:', '  name: web-tls', '  namespace: default', 'type: kubernetes.io/tls', 'data:',
    `  tls.crt: ${b64(certPem(rsaLeaf) + certPem(rsaCa))}`,
    `  tls.key: ${b64(rsaLeafKey.pkcs8Pem)}`,
    `  ca.crt: ${b64(certPem(rsaCa))}`, '',
  ].join('\n');
  files['kubeconfig.yaml'] = [
    'apiVersion: v1', 'kind: Config', 'clusters:', '- name: test', '  cluster:', '    server: https://127.0.0.1:6443',
    `    certificate-authority-data: ${b64(certPem(ecCa))}`,
    'users:', '- name: admin', '  user:',
    `    client-certificate-data: ${b64(certPem(ecLeaf))}`,
    `    client-key-data: ${b64(ecLeafKey.pkcs8Pem)}`,
    'contexts:', '- name: test', '  context:', '    cluster: test', '    user: admin', 'current-context: test', '',
  ].join('\n');
  files['webhook.yaml'] = [
    'apiVersion: admissionregistration.k8s.io/v1', 'kind: ValidatingWebhookConfiguration', 'metadata:', '  name: policy', 'webhooks:',
    '- name: policy.example.test', '  admissionReviewVersions: ["v1"]', '  sideEffects: None', '  clientConfig:',
    `    caBundle: ${Buffer.from(ml[65].ca).toString('base64')}`,
    '    service:', '      name: policy', '      namespace: default', '',
  ].join('\n');
  const indent = (text, n) => text.trimEnd().split('\n').map((l) => ' '.repeat(n) + l).join('\n');
  files['trust-anchors.yaml'] = [
    'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: linkerd-identity-trust-roots', '  namespace: linkerd', 'data:',
    '  ca-bundle.crt: |', indent(certPem(ml[87].ca) + certPem(ecCa), 4), '',
  ].join('\n');
  return { files, ml, rsaLeafKey, ecLeafKey, certPem };
}

// ------------------------------------------------------------------------------------------
// Rule fixture folders: test/fixtures/rules/<rule id>/{bad,good}-*/

function ruleFixtures(files, extra) {
  const f = (name) => files[name];
  const pick = (...names) => Object.fromEntries(names.map((n) => [n, f(n)]));
  return {
    'certificate/classical-signature': {
      'bad-rsa-chain': pick('rsa2048-ca.pem', 'rsa2048-leaf.pem'),
      'bad-tls-secret': pick('secret-tls.yaml'),
      'good-mldsa-chain': pick('mldsa65-ca.pem', 'mldsa65-leaf.pem'),
    },
    'certificate/expired': {
      'bad-expired-leaf': pick('ecdsa-p256-ca.pem', 'expired-leaf.pem'),
      'good-valid-chain': pick('ecdsa-p256-ca.pem', 'ecdsa-p256-leaf.pem'),
    },
    'certificate/expiring': {
      'bad-expiring-leaf': pick('ecdsa-p256-ca.pem', 'expiring-leaf.pem'),
      'good-valid-chain': pick('ecdsa-p256-ca.pem', 'ecdsa-p256-leaf.pem'),
    },
    'certificate/weak-classical': {
      'bad-rsa1024': pick('rsa2048-ca.pem', 'rsa1024-leaf.pem'),
      'bad-sha1-signature': pick('rsa2048-ca.pem', 'rsa-sha1-leaf.pem'),
      'bad-p192-key': pick('ecdsa-p256-ca.pem', 'ecdsa-p192-leaf.pem'),
      'good-rsa2048': pick('rsa2048-ca.pem', 'rsa2048-leaf.pem'),
    },
    'certificate/legacy-pq-oid': {
      'bad-oqs-ipd': pick('oqs-ipd-mldsa65.pem'),
      'good-final-mldsa': pick('mldsa87-ca.pem', 'mldsa87-leaf.pem'),
    },
    'certificate/bad-signature': {
      'bad-tampered-mldsa': pick('mldsa44-ca.pem', 'tampered-signature.pem'),
      'bad-tampered-ecdsa': pick('ecdsa-p256-ca.pem', 'tampered-tbs.pem'),
      'good-chains': pick('mldsa44-ca.pem', 'mldsa44-leaf.pem', 'ecdsa-p256-ca.pem', 'ecdsa-p256-leaf.pem', 'ed25519-self.pem'),
    },
    'certificate/invalid': {
      'bad-not-der': pick('invalid.pem'),
      'good-valid': pick('mldsa65-ca.pem'),
    },
    'certificate/key-usage-mismatch': {
      'bad-mldsa-keyencipherment': pick('mldsa65-ca.pem', 'mldsa65-keyencipherment.pem'),
      'good-mldsa-leaf': pick('mldsa65-ca.pem', 'mldsa65-leaf.pem'),
    },
    'secret/inline-private-key': {
      'bad-tls-secret': pick('secret-tls.yaml'),
      'bad-pem-key-file': { 'leaf-key.pem': extra.ecKeyPem },
      'good-ca-only': pick('trust-anchors.yaml', 'webhook.yaml'),
    },
  };
}

function write(path, content) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

const { files, ecLeafKey } = build();
rmSync(certDir, { recursive: true, force: true });
for (const [name, content] of Object.entries(files)) write(join(certDir, name), content);
const rules = ruleFixtures(files, { ecKeyPem: ecLeafKey.pkcs8Pem });
for (const [ruleId, cases] of Object.entries(rules)) {
  rmSync(join(rulesDir, ruleId), { recursive: true, force: true });
  for (const [caseName, caseFiles] of Object.entries(cases)) {
    for (const [name, content] of Object.entries(caseFiles)) write(join(rulesDir, ruleId, caseName, name), content);
  }
}
console.log(`wrote ${Object.keys(files).length} files to ${certDir} and ${Object.keys(rules).length} rule fixture folders to ${rulesDir}`);
