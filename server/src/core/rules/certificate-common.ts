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

/** Every decoded certificate of the workspace (the index) plus this file's, for issuer lookup. */
export function issuerPool(ctx: RuleContext): DecodedCertificate[] {
  const pool = new Map<string, DecodedCertificate>();
  for (const o of certificatesOf(ctx)) pool.set(o.cert.fingerprintSha256, o.cert);
  for (const fact of ctx.index.all('certificates')) {
    const cert = fact.occurrence.cert;
    if (cert && !pool.has(cert.fingerprintSha256)) pool.set(cert.fingerprintSha256, cert);
  }
  return [...pool.values()];
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
