// The shape the server returns for `pqcLens/certificates`: plain, already-derived data, so the
// webview renders without any certificate parsing of its own. No private key material, ever.
export interface CertificateView {
  file: string;
  line: number;
  /** One-line summary, e.g. "ML-DSA-65 · self-signed · valid until 2035-01-01 · 5.4 KB, 8.1× an ECDSA P-256 certificate". */
  summary: string;
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  publicKey: string;
  signature: string;
  pqcClass: 'classical' | 'pq' | 'composite' | 'legacy-pq';
  nistLevel?: number;
  isCa: boolean;
  selfSigned: boolean;
  sans: string[];
  keyUsage: string[];
  extKeyUsage: string[];
  fingerprintSha256: string;
  bytes: number;
  /** Size of a typical ECDSA P-256 certificate, for the comparison bar. */
  referenceBytes: number;
  verified: boolean | null;
  reason?: string;
  chain: { subject: string; verified: boolean | null; reason?: string }[];
  pem: string;
  error?: string;
}

export const CERTIFICATES_REQUEST = 'pqcLens/certificates';
export interface CertificatesParams { uri: string; line?: number }
