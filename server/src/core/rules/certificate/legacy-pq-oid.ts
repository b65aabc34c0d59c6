// Certificates that use pre-standard post-quantum OIDs: Round-3 Dilithium, OQS "ipd" ML-DSA and
// hybrids, and composite ML-DSA OIDs of earlier drafts (Entrust arc 2.16.840.1.114027.80.x).
// Implementations of the final standards do not recognise them.
import { defineRule } from '../../rule.js';
import type { AlgorithmEntry } from '../../knowledge.js';
import { lookupAlgorithm } from '../../x509/algorithms.js';
import { certificatesOf, certLabel, CERTIFICATE_KINDS } from '../certificate-common.js';

/** Private/experimental arcs where unknown OIDs are pre-standard PQ algorithms. */
const EXPERIMENTAL_ARCS = ['1.3.9999.', '2.16.840.1.114027.80.', '1.3.6.1.4.1.2.267.', '1.3.6.1.4.1.22554.'];

export default defineRule({
  meta: {
    id: 'certificate/legacy-pq-oid',
    severity: 'warning',
    description: 'A certificate uses a pre-standard post-quantum OID (an earlier composite draft, OQS Round-3/ipd or OQS hybrid) that implementations of the final standards reject.',
    appliesTo: CERTIFICATE_KINDS,
    fixable: false,
    sources: [
      'lamps-wg/draft-composite-sigs src/algParams.md (OID history -00 to -19)',
      'open-quantum-safe/oqs-provider ALGORITHMS.md (0.6.0, 0.7.0, 0.8.0+)',
      'IETF-Hackathon/pqc-certificates docs/oid_mapping.md',
      'RFC 9881, RFC 9909, RFC 9935',
    ],
  },
  check(ctx) {
    for (const occurrence of certificatesOf(ctx)) {
      const cert = occurrence.cert;
      const seen = new Set<string>();
      const notes: string[] = [];
      for (const [role, oid, shown] of [['signature', cert.signature.oid, cert.signature.algorithm], ['public key', cert.publicKey.oid, cert.publicKey.algorithm]] as const) {
        if (seen.has(oid)) continue;
        seen.add(oid);
        const entry = lookupAlgorithm(ctx.knowledge, oid);
        if (entry?.pqcClass === 'legacy-pq') notes.push(describe(role, entry, ctx.knowledge));
        else if (!entry && EXPERIMENTAL_ARCS.some((arc) => oid.startsWith(arc))) {
          notes.push(`${role} ${shown} is in a private/experimental arc (not a standard OID)`);
        }
      }
      if (notes.length === 0) continue;
      ctx.report({
        span: occurrence.span,
        message: `${certLabel(occurrence)} uses a pre-standard post-quantum OID: ${notes.join('; ')}. Implementations of the final standards will not accept it; re-issue it with the current OID.`,
      });
    }
  },
});

function describe(role: string, entry: AlgorithmEntry, knowledge: Parameters<typeof lookupAlgorithm>[0]): string {
  const replacement = entry.replacedBy ? lookupAlgorithm(knowledge, entry.replacedBy) : undefined;
  const current = entry.replacedBy
    ? `current: ${replacement?.name ?? 'OID'} ${entry.replacedBy}${replacement && replacement.status !== 'released' ? ` (${replacement.draft ?? 'draft'}, not yet an RFC)` : ''}`
    : 'no standard replacement yet';
  return `${role} ${entry.name} (${entry.oid}) from ${entry.draft ?? 'a pre-standard version'}; ${current}`;
}
