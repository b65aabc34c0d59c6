// The `pqcLens/certificates` request behind the preview panel: every certificate in a file (or
// the one at a line) as plain display data. Public certificate data only.
import type { Engine } from '../core/engine.js';
import type { CertificateOccurrence, DecodedCertificate } from '../core/x509/model.js';
import { ECDSA_P256_CERT_BYTES, summarizeCertificate } from '../core/x509/summary.js';
import { verifyCertificate } from '../core/x509/verify.js';
import type { CertificateView } from './protocol.js';

export { CERTIFICATES_REQUEST } from './protocol.js';

export function toPem(der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${base64.replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
}

/** Occurrences of `path` whose span covers `line` (0-based); all of them when line is undefined or none covers it. */
export function occurrencesAt(engine: Engine, path: string, line?: number): CertificateOccurrence[] {
  const file = engine.file(path);
  const all = engine.index.factsOf(path)?.certificates.map((c) => c.occurrence) ?? [];
  if (!file || line === undefined) return all;
  const at = all.filter((o) => file.lines.position(o.span.start).line <= line && line <= file.lines.position(o.span.end).line);
  return at.length > 0 ? at : all;
}

export function certificatePool(engine: Engine): DecodedCertificate[] {
  return engine.index.all('certificates').flatMap((c) => (c.occurrence.cert ? [c.occurrence.cert] : []));
}

export function certificateViews(engine: Engine, path: string, line?: number, now = new Date()): CertificateView[] {
  const file = engine.file(path);
  if (!file) return [];
  const pool = certificatePool(engine);
  return occurrencesAt(engine, path, line).map((occurrence) => {
    const lineNumber = file.lines.position(occurrence.span.start).line + 1;
    const cert = occurrence.cert;
    if (!cert) return errorView(path, lineNumber, occurrence.error ?? 'not a certificate');
    const summary = summarizeCertificate(cert, { now, pool, verification: verifyCertificate(cert, pool) });
    return {
      file: path,
      line: lineNumber,
      summary: summary.oneLine,
      subject: cert.subject,
      issuer: cert.issuer,
      serial: cert.serial,
      notBefore: cert.notBefore,
      notAfter: cert.notAfter,
      publicKey: `${cert.publicKey.algorithm} (${cert.publicKey.oid})`,
      signature: `${cert.signature.algorithm} (${cert.signature.oid})`,
      pqcClass: cert.pqcClass,
      nistLevel: cert.nistLevel,
      isCa: cert.isCa,
      selfSigned: cert.selfSigned,
      sans: cert.sans.map((s) => `${s.type.toUpperCase()}:${s.value}`),
      keyUsage: cert.keyUsage ?? [],
      extKeyUsage: cert.extKeyUsage ?? [],
      fingerprintSha256: cert.fingerprintSha256,
      bytes: cert.bytes,
      referenceBytes: ECDSA_P256_CERT_BYTES,
      verified: summary.verification.verified,
      reason: summary.verification.reason,
      chain: summary.chain.map((link) => ({ subject: link.subject, verified: link.verified, reason: link.reason })),
      pem: toPem(cert.raw.der),
    };
  });
}

function errorView(file: string, line: number, error: string): CertificateView {
  return {
    file, line, error, summary: '', subject: '', issuer: '', serial: '', notBefore: '', notAfter: '', publicKey: '', signature: '',
    pqcClass: 'classical', isCa: false, selfSigned: false, sans: [], keyUsage: [], extKeyUsage: [], fingerprintSha256: '', bytes: 0,
    referenceBytes: ECDSA_P256_CERT_BYTES, verified: null, chain: [], pem: '',
  };
}
