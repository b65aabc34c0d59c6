// Shared by the certificate rules (rules/certificate/*.ts) and secret/inline-private-key. This file
// sits directly under rules/, so the generated registry does not take it for a rule.
import type { RuleContext } from '../rule.js';
import type { FileKind } from '../types.js';
import { locateCertificates } from '../x509/locate.js';
import type { CertificateOccurrence, DecodedCertificate } from '../x509/model.js';

/** File kinds that can hold certificates. */
export const CERTIFICATE_KINDS: readonly FileKind[] = ['pem', 'der', 'kubernetes-yaml'];

export interface DecodedOccurrence extends CertificateOccurrence { cert: DecodedCertificate }

/** The decoded certificates of the file being checked. */
export function certificatesOf(ctx: RuleContext): DecodedOccurrence[] {
  return locateCertificates(ctx.file, ctx.knowledge).filter((o): o is DecodedOccurrence => o.cert !== undefined);
}

/**
 * The certificates that may have issued `cert`: those of this file and of the workspace whose
 * subject is its issuer name (verify.ts's findIssuers narrows further by key identifier and type).
 */
export function issuerCandidates(ctx: RuleContext, own: readonly DecodedOccurrence[], cert: DecodedCertificate): DecodedCertificate[] {
  const issuer = cert.issuer.toLowerCase();
  return [...own.filter((o) => o.cert.subject.toLowerCase() === issuer).map((o) => o.cert), ...ctx.index.certificatesWithSubject(cert.issuer)];
}

/** Common name when present, else the whole subject; quoted and shortened for messages. */
export function certName(cert: DecodedCertificate): string {
  const cn = /(?:^|,)CN=((?:\\.|[^,+])*)/.exec(cert.subject)?.[1];
  const text = cn ?? (cert.subject.length > 0 ? cert.subject : '(empty subject)');
  return `"${text.length > 80 ? `${text.slice(0, 77)}...` : text}"`;
}

/** "certificate "web" (data.tls.crt #2)" — where in the file the certificate sits. */
export function certLabel(occurrence: DecodedOccurrence): string {
  const where = [occurrence.path, occurrence.index > 0 ? `#${occurrence.index + 1} in bundle` : ''].filter(Boolean).join(', ');
  return `${occurrence.cert.isCa ? 'CA certificate' : 'Certificate'} ${certName(occurrence.cert)}${where ? ` (${where})` : ''}`;
}

export function day(iso: string): string {
  return iso.slice(0, 10);
}

export const DAY_MS = 24 * 60 * 60 * 1000;
