// Something that should be a certificate and is not: a CERTIFICATE block or a tls.crt / ca.crt /
// caBundle / *-data value that does not decode, or a certificate with structural problems.
import { defineRule } from '../../rule.js';
import { locateCertificates } from '../../x509/locate.js';
import { certName, CERTIFICATE_KINDS } from '../certificate-common.js';

export default defineRule({
  meta: {
    id: 'certificate/invalid',
    severity: 'error',
    description: 'A certificate (PEM block, DER file, or base64 value such as tls.crt or caBundle) cannot be decoded, or is structurally invalid.',
    appliesTo: CERTIFICATE_KINDS,
    fixable: false,
    sources: ['RFC 5280 section 4 (certificate profile)', 'RFC 7468 (PEM)', 'RFC 4648 (base64)'],
  },
  check(ctx) {
    for (const occurrence of locateCertificates(ctx.file, ctx.knowledge)) {
      const where = [occurrence.path, occurrence.index > 0 ? `#${occurrence.index + 1} in bundle` : ''].filter(Boolean).join(', ');
      if (occurrence.error) {
        ctx.report({ span: occurrence.span, message: `Not a valid certificate${where ? ` (${where})` : ''}: ${occurrence.error}.` });
      } else if (occurrence.cert && occurrence.cert.problems.length > 0) {
        ctx.report({ span: occurrence.span, message: `Certificate ${certName(occurrence.cert)}${where ? ` (${where})` : ''} is malformed: ${occurrence.cert.problems.join('; ')}.` });
      }
    }
  },
});
