// Classical algorithms that are already weak today, quantum computers aside: RSA or DSA keys
// below 2048 bits, SHA-1/MD5 signatures, elliptic curves below P-256. The thresholds for curves
// and digests come from the knowledge table (`params.weak`), the RSA minimum from `params.minimumBits`.
import { defineRule } from '../../rule.js';
import { lookupAlgorithm, paramNumber, paramString } from '../../x509/algorithms.js';
import { certificatesOf, certLabel, CERTIFICATE_KINDS } from '../certificate-common.js';

const RSA_KEY = '1.2.840.113549.1.1.1';
const RSA_PSS = '1.2.840.113549.1.1.10';
const DSA_KEY = '1.2.840.10040.4.1';

export default defineRule({
  meta: {
    id: 'certificate/weak-classical',
    severity: 'error',
    description: 'A certificate uses a classical algorithm that is weak even without a quantum computer: RSA/DSA below 2048 bits, SHA-1 or MD5 signatures, curves below P-256.',
    appliesTo: CERTIFICATE_KINDS,
    fixable: false,
    sources: [
      'NIST SP 800-131A Rev. 2 (transitions: RSA/DSA < 2048 bits, SHA-1 signatures disallowed)',
      'NIST SP 800-57 Part 1 Rev. 5 (security strengths)',
      'CA/Browser Forum Baseline Requirements 6.1.5 / 7.1.3 (RSA >= 2048, P-256/P-384/P-521, no SHA-1)',
      'RFC 6151 (MD5)',
    ],
  },
  check(ctx) {
    for (const occurrence of certificatesOf(ctx)) {
      const cert = occurrence.cert;
      const problems: string[] = [];
      const keyEntry = lookupAlgorithm(ctx.knowledge, cert.publicKey.oid);
      const minimum = paramNumber(lookupAlgorithm(ctx.knowledge, RSA_KEY), 'minimumBits') ?? 2048;
      if ((cert.publicKey.oid === RSA_KEY || cert.publicKey.oid === RSA_PSS || cert.publicKey.oid === DSA_KEY) && cert.publicKey.bits !== undefined && cert.publicKey.bits < minimum) {
        problems.push(`its ${cert.publicKey.algorithm}-bit key is below the ${minimum}-bit minimum (about ${cert.publicKey.bits <= 1024 ? 80 : 100}-bit security; NIST SP 800-131A disallows it)`);
      } else if (paramString(keyEntry, 'weak')) {
        problems.push(`its ${cert.publicKey.algorithm} key: ${paramString(keyEntry, 'weak')}`);
      }
      if (cert.publicKey.curveOid) {
        const weak = paramString(lookupAlgorithm(ctx.knowledge, cert.publicKey.curveOid), 'weak');
        if (weak) problems.push(`its key is on ${cert.publicKey.curve}: ${weak}`);
      }
      const sigWeak = paramString(lookupAlgorithm(ctx.knowledge, cert.signature.oid), 'weak');
      if (sigWeak && !(cert.selfSigned && cert.isCa)) problems.push(`it is signed with ${cert.signature.algorithm}: ${sigWeak}`);
      else if (cert.signature.hash === 'SHA-1' || cert.signature.hash === 'MD5') {
        if (!(cert.selfSigned && cert.isCa)) problems.push(`it is signed with ${cert.signature.algorithm} using ${cert.signature.hash}, which is broken for collision resistance`);
      }
      if (problems.length === 0) continue;
      ctx.report({
        span: occurrence.span,
        message: `${certLabel(occurrence)} is weak today, before any quantum computer: ${problems.join('; ')}. Re-issue it (ML-DSA, or at least RSA-3072 / ECDSA P-256 with SHA-256).`,
      });
    }
  },
});
