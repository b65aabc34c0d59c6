// Presentation model of a certificate for hovers, the preview panel and `pqc-lens inspect`:
// plain data plus a Markdown rendering in which every certificate-derived string is escaped
// (a subject such as `<img src=x onerror=...>` renders as text).
import type { DecodedCertificate, VerifyResult } from './model.js';
import { findIssuers, verifyWithIssuer } from './verify.js';

/** Typical size of an ECDSA P-256 leaf certificate (SAN, key usage, EKU, key identifiers), for size comparisons. */
export const ECDSA_P256_CERT_BYTES = 670;

export interface ChainLink {
  subject: string;
  algorithm: string;
  fingerprintSha256: string;
  /** Verification of this link's signature by the next one; null for the last (unverified or root). */
  verified: boolean | null;
  reason?: string;
}

export interface CertificateSummary {
  title: string;
  /** "ML-DSA-65 · self-signed · valid until 2035-01-01 · 5.4 KB, 8.1× an ECDSA P-256 certificate" */
  oneLine: string;
  status: 'valid' | 'expired' | 'not-yet-valid';
  details: Array<{ label: string; value: string }>;
  chain: ChainLink[];
  verification: VerifyResult;
}

export interface SummaryOptions {
  now: Date;
  /** Result of verifyCertificate for this certificate, when known. */
  verification?: VerifyResult;
  /** Certificates to build the chain from (issuers are looked up by name and key identifier). */
  pool?: readonly DecodedCertificate[];
}

export function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

function commonName(cert: DecodedCertificate): string {
  return /(?:^|,)CN=((?:\\.|[^,+])*)/.exec(cert.subject)?.[1] ?? (cert.subject || '(empty subject)');
}

export function summarizeCertificate(cert: DecodedCertificate, options: SummaryOptions): CertificateSummary {
  const now = options.now.getTime();
  const status = Date.parse(cert.notAfter) < now ? 'expired' : Date.parse(cert.notBefore) > now ? 'not-yet-valid' : 'valid';
  const validity = status === 'expired' ? `expired ${cert.notAfter.slice(0, 10)}` : status === 'not-yet-valid' ? `not valid before ${cert.notBefore.slice(0, 10)}` : `valid until ${cert.notAfter.slice(0, 10)}`;
  const ratio = cert.bytes / ECDSA_P256_CERT_BYTES;
  const size = `${formatSize(cert.bytes)}${ratio >= 1.5 ? `, ${ratio.toFixed(1)}× an ECDSA P-256 certificate` : ''}`;
  const origin = cert.selfSigned ? 'self-signed' : `issued by ${cert.issuer.length > 60 ? `${cert.issuer.slice(0, 57)}...` : cert.issuer}`;
  const chain = buildChain(cert, options.pool ?? []);
  const verification = options.verification ?? (chain.length > 1 ? { verified: chain[0].verified, reason: chain[0].reason } : { verified: null, reason: 'not verified' });
  const details: Array<{ label: string; value: string }> = [
    { label: 'Subject', value: cert.subject },
    { label: 'Issuer', value: cert.issuer },
    { label: 'Serial', value: cert.serial },
    { label: 'Validity', value: `${cert.notBefore} – ${cert.notAfter}` },
    { label: 'Public key', value: `${cert.publicKey.algorithm} (${cert.publicKey.oid}), ${cert.publicKey.size} bytes` },
    { label: 'Signature', value: `${cert.signature.algorithm} (${cert.signature.oid}), ${cert.signature.size} bytes` },
    { label: 'PQC class', value: `${cert.pqcClass}${cert.nistLevel ? ` (NIST level ${cert.nistLevel})` : ''}${cert.compositeDraft ? ` · ${cert.compositeDraft}` : ''}` },
  ];
  if (cert.sans.length > 0) details.push({ label: 'SANs', value: cert.sans.map((s) => `${s.type.toUpperCase()}:${s.value}`).join(', ') });
  if (cert.keyUsage) details.push({ label: 'Key usage', value: cert.keyUsage.join(', ') || '(none)' });
  if (cert.extKeyUsage) details.push({ label: 'Extended key usage', value: cert.extKeyUsage.join(', ') });
  if (cert.basicConstraints) details.push({ label: 'Basic constraints', value: `CA: ${cert.basicConstraints.ca}${cert.basicConstraints.pathLen !== undefined ? `, pathLen ${cert.basicConstraints.pathLen}` : ''}` });
  details.push({ label: 'SHA-256 fingerprint', value: cert.fingerprintSha256 });
  details.push({ label: 'Size', value: `${cert.bytes} bytes` });
  return {
    title: commonName(cert),
    oneLine: [cert.publicKey.algorithm, origin, validity, size].join(' · '),
    status,
    details,
    chain,
    verification,
  };
}

/** The certificate and its issuers found in `pool`, up to the root or 8 links. */
export function buildChain(cert: DecodedCertificate, pool: readonly DecodedCertificate[]): ChainLink[] {
  const links: ChainLink[] = [];
  const seen = new Set<string>();
  let current: DecodedCertificate | undefined = cert;
  while (current && links.length < 8 && !seen.has(current.fingerprintSha256)) {
    seen.add(current.fingerprintSha256);
    const link: ChainLink = { subject: current.subject, algorithm: current.signature.algorithm, fingerprintSha256: current.fingerprintSha256, verified: null };
    links.push(link);
    let next: DecodedCertificate | undefined;
    for (const issuer of findIssuers(current, pool)) {
      const result = verifyWithIssuer(current, issuer);
      link.verified = result.verified;
      link.reason = result.reason;
      if (result.verified === true) {
        next = issuer;
        break;
      }
    }
    if (!next || next === current) break;
    current = next;
  }
  return links;
}

/** Escapes text for Markdown (CommonMark punctuation) and HTML, on one line. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-.!|~=:]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function verificationText(result: VerifyResult): string {
  if (result.verified === true) return 'signature verified';
  if (result.verified === false) return `signature does NOT verify: ${result.reason ?? ''}`;
  return `signature not checked: ${result.reason ?? 'unknown'}`;
}

/** Markdown for a hover or the preview. */
export function renderMarkdown(summary: CertificateSummary): string {
  const lines: string[] = [];
  lines.push(`**${escapeMarkdown(summary.title)}**`, '', escapeMarkdown(summary.oneLine), '');
  lines.push(`_${escapeMarkdown(verificationText(summary.verification))}_`, '');
  lines.push('| | |', '|---|---|');
  for (const { label, value } of summary.details) lines.push(`| ${escapeMarkdown(label)} | ${escapeMarkdown(value)} |`);
  if (summary.chain.length > 1) {
    lines.push('', '**Chain**', '');
    summary.chain.forEach((link, i) => {
      const mark = link.verified === true ? '✓' : link.verified === false ? '✗' : '?';
      lines.push(`${i + 1}\\. ${mark} ${escapeMarkdown(link.subject)} (${escapeMarkdown(link.algorithm)})`);
    });
  }
  return lines.join('\n');
}
