// PQPolicy spec.algorithms naming pre-standard algorithms: the NIST round-3 names Kyber and
// Dilithium (seeds/002 writes kyber768 and dilithium3), SPHINCS+, the draft TLS group
// X25519Kyber768Draft00, or OIDs the knowledge table marks legacy-pq. Kyber and Dilithium were
// standardised with changes as ML-KEM (FIPS 203) and ML-DSA (FIPS 204): implementations of the
// standards do not interoperate with the round-3 versions, so a policy should name the standard.
import { defineRule } from '../../rule.js';
import type { YamlFile } from '../../parse.js';
import { statusPhrase } from '../../knowledge.js';
import { algorithmItems, classifyAlgorithm, PQPOLICY_SOURCE, pqPolicies, proposalNote } from '../pqpolicy-common.js';

export default defineRule({
  meta: {
    id: 'pqpolicy/pre-standard-algorithm',
    severity: 'warning',
    description: 'A PQPolicy lists a pre-standard algorithm name (kyber768, dilithium3, SPHINCS+, draft hybrid groups) instead of its NIST standard name (ML-KEM-768, ML-DSA-65, SLH-DSA, X25519MLKEM768).',
    appliesTo: ['kubernetes-yaml'],
    fixable: true,
    sources: [
      PQPOLICY_SOURCE,
      'FIPS 203 (ML-KEM, from CRYSTALS-Kyber), FIPS 204 (ML-DSA, from CRYSTALS-Dilithium), FIPS 205 (SLH-DSA, from SPHINCS+)',
      'schemas/knowledge.json renames, tlsGroups (replacedBy) and legacy-pq algorithms',
    ],
  },
  check(ctx) {
    if (ctx.file.kind !== 'kubernetes-yaml') return;
    const file = ctx.file as YamlFile;
    for (const policy of pqPolicies(file)) {
      for (const item of algorithmItems(policy.root)) {
        if (item.value === undefined) continue;
        const found = classifyAlgorithm(ctx.knowledge, item.value);
        if (found.kind !== 'pre-standard') continue;
        const written = item.value;
        const note = proposalNote(ctx.knowledge);
        if (found.to) {
          ctx.report({
            span: item.span,
            message: `PQPolicy ${policy.label} lists "${written}", the pre-standard predecessor of ${found.to} (${found.source}; ${statusPhrase(found.status)}); the standard does not interoperate with the pre-standard version, so name ${found.to}. ${note}`,
            fixes: [{ title: `Replace "${written}" with ${found.to}`, safe: true, edits: [{ span: item.span, newText: found.to }] }],
          });
        } else {
          ctx.report({
            span: item.span,
            message: `PQPolicy ${policy.label} lists "${written}", a pre-standard algorithm (${found.note ?? found.source}) with no NIST standard name in the knowledge table to switch to; prefer a standardised algorithm such as ML-DSA or SLH-DSA. ${note}`,
          });
        }
      }
    }
  },
});
