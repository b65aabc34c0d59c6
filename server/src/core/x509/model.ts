// The certificate model shared by the decoder, the verifier, the locator, the rules and the
// presenters (hover, preview, `pqc-lens inspect`). Plain data: no classes, no library objects.
import type { PqcClass } from '../knowledge.js';
import type { Span } from '../types.js';
import type { SignatureScheme } from './schemes.js';

export type KeyUsageName =
  | 'digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'dataEncipherment' | 'keyAgreement'
  | 'keyCertSign' | 'cRLSign' | 'encipherOnly' | 'decipherOnly';

export interface SubjectAltName {
  type: 'dns' | 'ip' | 'uri' | 'email' | 'dirName' | 'registeredId' | 'other';
  value: string;
}

export interface PublicKeyInfo {
  /** Display name: "RSA 2048", "ECDSA P-256", "Ed25519", "ML-DSA-65", "id-MLDSA65-ECDSA-P256-SHA512", or the dotted OID. */
  algorithm: string;
  /** OID of SubjectPublicKeyInfo.algorithm. */
  oid: string;
  /** RSA / DSA modulus size in bits. */
  bits?: number;
  /** EC curve display name ("P-256", "brainpoolP256r1", or the curve OID when unknown). */
  curve?: string;
  curveOid?: string;
  /** FIPS 203/204/205 parameter set, e.g. "ML-DSA-65", "SLH-DSA-SHA2-128s", "ML-KEM-768". */
  parameterSet?: string;
  /** Size of the subjectPublicKey BIT STRING contents in bytes. */
  size: number;
  /** Undefined when the OID is not in the knowledge table. */
  pqcClass?: PqcClass;
}

export interface SignatureInfo {
  /** Display name: "sha256WithRSAEncryption", "ecdsa-with-SHA256", "RSASSA-PSS (SHA-256)", "ML-DSA-65", ... or the dotted OID. */
  algorithm: string;
  oid: string;
  /** Digest used, where the algorithm has one ("SHA-256"; for RSASSA-PSS from its parameters). */
  hash?: string;
  /** Size of the signatureValue in bytes. */
  size: number;
  pqcClass?: PqcClass;
  /** How the verifier checks it, from the knowledge table; absent when the table describes no scheme for the OID. */
  scheme?: SignatureScheme;
}

export interface ExtensionInfo { oid: string; name?: string; critical: boolean }

export interface DecodedCertificate {
  /** RFC 4514 string (most specific RDN first), e.g. "CN=LAMPS WG,O=IETF". */
  subject: string;
  issuer: string;
  /** Serial number as lowercase hex without leading zero padding. */
  serial: string;
  version: number;
  /** ISO 8601 (UTC). */
  notBefore: string;
  notAfter: string;
  sans: SubjectAltName[];
  /** Key usage bit names; undefined when the extension is absent. */
  keyUsage?: KeyUsageName[];
  /** Extended key usage purposes: names for the well-known ones, dotted OIDs otherwise. */
  extKeyUsage?: string[];
  basicConstraints?: { ca: boolean; pathLen?: number };
  /** Subject / authority key identifiers, lowercase hex. */
  subjectKeyId?: string;
  authorityKeyId?: string;
  extensions: ExtensionInfo[];
  /** SHA-256 / SHA-1 of the DER, lowercase hex without colons. */
  fingerprintSha256: string;
  fingerprintSha1: string;
  /** Size of the DER encoding in bytes. */
  bytes: number;
  publicKey: PublicKeyInfo;
  signature: SignatureInfo;
  /**
   * Classification of the certificate as a whole: legacy-pq if key or signature uses a pre-standard
   * OID; classical if either is classical; composite if either is composite; pq when both are pure PQ.
   */
  pqcClass: PqcClass;
  /** Draft that defined the composite / pre-standard OID in use (from the knowledge table). */
  compositeDraft?: string;
  /** NIST PQC security category of the weakest PQ component. */
  nistLevel?: number;
  /** Issuer name equals subject name. */
  selfIssued: boolean;
  /**
   * Self-issued, the key can make the certificate's signature type, and the key identifiers do not
   * contradict it. Structural only: whether the signature verifies is the verifier's business.
   */
  selfSigned: boolean;
  isCa: boolean;
  /** Problems that did not stop decoding (e.g. a malformed extension, duplicate extensions). */
  problems: string[];
  /** Exact encodings, for verification and re-encoding. Public certificate data only. */
  raw: CertificateRaw;
}

export interface CertificateRaw {
  der: Uint8Array;
  /** DER TBSCertificate: the signed bytes. */
  tbs: Uint8Array;
  /** DER of the signatureAlgorithm AlgorithmIdentifier (parameters carry the RSASSA-PSS settings). */
  signatureAlgorithm: Uint8Array;
  /** signatureValue BIT STRING contents (without the unused-bits byte). */
  signatureValue: Uint8Array;
  /** DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
  /** subjectPublicKey BIT STRING contents. */
  publicKey: Uint8Array;
  /** DER of the subject and issuer Names. */
  subject: Uint8Array;
  issuer: Uint8Array;
}

export type DecodeResult = { ok: true; cert: DecodedCertificate } | { ok: false; error: string };

export type CertificateEncoding = 'pem' | 'der' | 'base64-der' | 'base64-pem';

export interface CertificateOccurrence {
  /** The PEM block (BEGIN..END lines) or the YAML scalar value that holds the certificate. */
  span: Span;
  encoding: CertificateEncoding;
  /** YAML key path, e.g. "data.tls.crt" or "webhooks[0].clientConfig.caBundle". */
  path?: string;
  /** Position in its bundle (0 = first certificate of the PEM file or scalar). */
  index: number;
  cert?: DecodedCertificate;
  /** Why the bytes are not a usable certificate (set when `cert` is absent). */
  error?: string;
  /** The error names an offset in the file, so it changes when text before the certificate does. */
  errorAtFileOffset?: true;
}

export interface PrivateKeyOccurrence {
  /** The PEM block or the YAML scalar value; the key material itself is never read or copied. */
  span: Span;
  /** PEM label ("PRIVATE KEY", "EC PRIVATE KEY", ...) or a description of where the key sits. */
  label: string;
  /** YAML key path for keys inside Secrets, e.g. "data.tls.key". */
  keyPath?: string;
}

export interface VerifyResult {
  /** true: the signature verifies under an issuer's key; false: it does not; null: not checked. */
  verified: boolean | null;
  reason?: string;
  /** SHA-256 fingerprint of the issuer certificate used (for self-signed: the certificate itself). */
  issuerFingerprint?: string;
}
