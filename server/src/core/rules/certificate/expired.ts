// A certificate whose notAfter is before the analysis clock (settings.now).
import { defineRule } from '../../rule.js';
import { certificatesOf, certLabel, CERTIFICATE_KINDS, DAY_MS, day } from '../certificate-common.js';

export default defineRule({
  meta: {
    id: 'certificate/expired',
    severity: 'error',
    description: 'A certificate has expired: its notAfter date is before the analysis date.',
    appliesTo: CERTIFICATE_KINDS,
    fixable: false,
    sources: ['RFC 5280 section 4.1.2.5 (validity)'],
  },
  check(ctx) {
    const now = ctx.settings.now.getTime();
    for (const occurrence of certificatesOf(ctx)) {
      const notAfter = Date.parse(occurrence.cert.notAfter);
      if (!(notAfter < now)) continue;
      const days = Math.floor((now - notAfter) / DAY_MS);
      ctx.report({
        span: occurrence.span,
        message: `${certLabel(occurrence)} expired on ${day(occurrence.cert.notAfter)}${days > 0 ? ` (${days} day${days === 1 ? '' : 's'} ago)` : ''}. Clients reject it; renew it${occurrence.cert.pqcClass === 'classical' ? ', ideally with an ML-DSA or composite key and signature' : ''}.`,
      });
    }
  },
});
