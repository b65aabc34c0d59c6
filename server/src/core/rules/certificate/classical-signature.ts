// A certificate whose signature or public key is classical (RSA, ECDSA, EdDSA, DSA). Signatures are
// exposed to future forgery, not to harvest-now-decrypt-later: the message says which applies.
import { defineRule } from '../../rule.js';
import { certificatesOf, certLabel, CERTIFICATE_KINDS, day } from '../certificate-common.js';

export default defineRule({
  meta: {
    id: 'certificate/classical-signature',
    severity: 'warning',
    description: 'A certificate is signed with, or carries, a classical (quantum-vulnerable) signature algorithm such as RSA, ECDSA or EdDSA; CA certificates warn, leaf certificates are informational.',
    appliesTo: CERTIFICATE_KINDS,
    fixable: false,
    sources: [
      'RFC 9881 (ML-DSA in X.509), FIPS 204',
      'draft-ietf-lamps-pq-composite-sigs (composite ML-DSA certificates)',
      'NIST IR 8547 (initial public draft): transition timeline deprecating RSA/ECDSA signatures',
    ],
  },
  check(ctx) {
    for (const occurrence of certificatesOf(ctx)) {
      const cert = occurrence.cert;
      const classicalSignature = cert.signature.pqcClass === 'classical';
      const classicalKey = cert.publicKey.pqcClass === 'classical';
      if (!classicalSignature && !classicalKey) continue;
      const parts: string[] = [];
      if (classicalSignature && !cert.selfSigned) parts.push(`is signed with ${cert.signature.algorithm}`);
      if (classicalKey) parts.push(`${parts.length > 0 ? 'and ' : ''}carries a classical ${cert.publicKey.algorithm} key`);
      if (parts.length === 0) parts.push(`is self-signed with ${cert.signature.algorithm}`);
      const risk = cert.isCa
        ? `A quantum computer able to run Shor's algorithm could derive this CA's private key and forge certificates that its clients accept while it is trusted (valid until ${day(cert.notAfter)}).`
        : `A quantum computer able to run Shor's algorithm could forge signatures for this identity while it is valid (until ${day(cert.notAfter)}).`;
      const hndl = cert.publicKey.oid === '1.2.840.113549.1.1.1' && !cert.isCa && cert.keyUsage?.includes('keyEncipherment')
        ? ' Its keyEncipherment usage also allows TLS 1.2 RSA key transport: sessions recorded today using it could be decrypted later (harvest-now-decrypt-later).'
        : ' That is a future-forgery risk, not harvest-now-decrypt-later: signatures keep no recorded traffic secret.';
      ctx.report({
        span: occurrence.span,
        severity: cert.isCa ? 'warning' : 'info',
        message: `${certLabel(occurrence)} ${parts.join(' ')}. ${risk}${hndl} Plan re-issuance with ML-DSA (RFC 9881) or a composite ML-DSA certificate${cert.isCa ? ', starting with this CA' : ''}.`,
      });
    }
  },
});
