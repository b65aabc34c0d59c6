// A certificate whose signature does not verify under its issuer's key (the issuer found in the
// same file or anywhere in the workspace). Reported only for a definite failure, never when the
// signature could not be checked (unknown issuer, unsupported or draft algorithm).
import { defineRule } from '../../rule.js';
import { verifyCertificate } from '../../x509/verify.js';
import { certificatesOf, certLabel, CERTIFICATE_KINDS, issuerCandidates } from '../certificate-common.js';

export default defineRule({
  meta: {
    id: 'certificate/bad-signature',
    severity: 'error',
    description: 'A certificate signature does not verify under the key of its issuer found in the workspace (or its own key when self-signed).',
    appliesTo: CERTIFICATE_KINDS,
    fixable: false,
    sources: [
      'RFC 5280 section 6.1.3 (signature verification in path validation)',
      'RFC 9881 (ML-DSA, pure, empty context), RFC 9909 (SLH-DSA)',
      'draft-ietf-lamps-pq-composite-sigs (-13+) composite verification',
    ],
  },
  check(ctx) {
    const own = certificatesOf(ctx);
    if (own.length === 0) return;
    for (const occurrence of own) {
      const result = verifyCertificate(occurrence.cert, issuerCandidates(ctx, own, occurrence.cert));
      if (result.verified !== false) continue;
      ctx.report({
        span: occurrence.span,
        message: `${certLabel(occurrence)}: the signature does not verify (${result.reason ?? 'signature mismatch'}). The certificate was altered or was not issued by this issuer; clients reject it.`,
      });
    }
  },
});
