// keyUsage bits that the key's algorithm forbids: signature-only algorithms (ML-DSA RFC 9881,
// SLH-DSA RFC 9909, composite ML-DSA, EdDSA RFC 8410) must not claim encipherment or key agreement;
// ML-KEM (RFC 9935) and composite ML-KEM keys may only have keyEncipherment.
import { defineRule } from '../../rule.js';
import { lookupAlgorithm } from '../../x509/algorithms.js';
import type { KeyUsageName } from '../../x509/model.js';
import { certificatesOf, certLabel, CERTIFICATE_KINDS } from '../certificate-common.js';

const SIGNING: readonly KeyUsageName[] = ['digitalSignature', 'nonRepudiation', 'keyCertSign', 'cRLSign'];
const NOT_FOR_SIGNATURE_KEYS: readonly KeyUsageName[] = ['keyEncipherment', 'dataEncipherment', 'keyAgreement', 'encipherOnly', 'decipherOnly'];
const SIGNATURE_FAMILIES: Readonly<Record<string, string>> = {
  'ML-DSA': 'RFC 9881 section 5',
  'SLH-DSA': 'RFC 9909 section 5',
  'composite ML-DSA': 'draft-ietf-lamps-pq-composite-sigs (keyUsage)',
  EdDSA: 'RFC 8410 section 5',
};
const KEM_FAMILIES: Readonly<Record<string, string>> = {
  'ML-KEM': 'RFC 9935 section 5',
  'composite ML-KEM': 'draft-ietf-lamps-pq-composite-kem (keyUsage)',
};

export default defineRule({
  meta: {
    id: 'certificate/key-usage-mismatch',
    severity: 'warning',
    description: 'The keyUsage extension contradicts the key algorithm: an ML-DSA, SLH-DSA, composite ML-DSA or EdDSA key with encipherment/key-agreement bits, or an ML-KEM key with anything but keyEncipherment.',
    appliesTo: CERTIFICATE_KINDS,
    fixable: false,
    sources: ['RFC 9881 section 5 (ML-DSA keyUsage)', 'RFC 9909 section 5 (SLH-DSA keyUsage)', 'RFC 9935 section 5 (ML-KEM keyUsage)', 'RFC 8410 section 5', 'draft-ietf-lamps-pq-composite-sigs'],
  },
  check(ctx) {
    for (const occurrence of certificatesOf(ctx)) {
      const cert = occurrence.cert;
      const usage = cert.keyUsage;
      if (!usage) continue;
      const entry = lookupAlgorithm(ctx.knowledge, cert.publicKey.oid);
      if (!entry || entry.pqcClass === 'legacy-pq') continue;
      const problems: string[] = [];
      let reference: string | undefined;
      if (SIGNATURE_FAMILIES[entry.family] && (entry.use === 'signature' || entry.use === 'hash')) {
        reference = SIGNATURE_FAMILIES[entry.family];
        const forbidden = usage.filter((u) => NOT_FOR_SIGNATURE_KEYS.includes(u));
        if (forbidden.length > 0) problems.push(`${forbidden.join(', ')} ${forbidden.length === 1 ? 'is' : 'are'} not allowed for a signature-only ${cert.publicKey.algorithm} key`);
        if (!usage.some((u) => SIGNING.includes(u))) problems.push(`at least one of ${SIGNING.join(', ')} is required`);
      } else if (KEM_FAMILIES[entry.family]) {
        reference = KEM_FAMILIES[entry.family];
        const other = usage.filter((u) => u !== 'keyEncipherment');
        if (other.length > 0 || !usage.includes('keyEncipherment')) {
          problems.push(`an ${cert.publicKey.algorithm} key may only have keyEncipherment${other.length > 0 ? ` (found ${other.join(', ')})` : ''}`);
        }
      }
      if (problems.length === 0 || !reference) continue;
      ctx.report({
        span: occurrence.span,
        message: `${certLabel(occurrence)} has keyUsage ${usage.join(', ') || '(empty)'}: ${problems.join('; ')} (${reference}). Strict clients reject it; re-issue with a matching keyUsage.`,
      });
    }
  },
});
