// A certificate that expires within settings.expiringDays of the analysis clock.
import { defineRule } from '../../rule.js';
import { certificatesOf, certLabel, CERTIFICATE_KINDS, DAY_MS, day } from '../certificate-common.js';

export default defineRule({
  meta: {
    id: 'certificate/expiring',
    severity: 'warning',
    description: 'A certificate expires within the configured number of days (expiringDays, default 30).',
    appliesTo: CERTIFICATE_KINDS,
    fixable: false,
    sources: ['RFC 5280 section 4.1.2.5 (validity)'],
  },
  check(ctx) {
    const now = ctx.settings.now.getTime();
    const window = ctx.settings.expiringDays * DAY_MS;
    for (const occurrence of certificatesOf(ctx)) {
      const notAfter = Date.parse(occurrence.cert.notAfter);
      if (!(notAfter >= now && notAfter - now <= window)) continue;
      const days = Math.floor((notAfter - now) / DAY_MS);
      const when = days === 0 ? 'today' : `in ${days} day${days === 1 ? '' : 's'}`;
      ctx.report({
        span: occurrence.span,
        message: `${certLabel(occurrence)} expires ${when} (${day(occurrence.cert.notAfter)}). Renew it${occurrence.cert.pqcClass === 'classical' ? '; the renewal is a chance to move to ML-DSA or a composite certificate' : ''}.`,
      });
    }
  },
});
