// PQPolicy `hybrid: false`: the policy asks for post-quantum algorithms alone, without the classical
// half of a hybrid. The talk that proposes PQPolicy presents hybrid cryptography as the transition
// strategy (seeds/002: "Phase 1: Hybrid Crypto"), and the migration guide's key exchange is the
// hybrid X25519MLKEM768 (seeds/000, Option 1): a hybrid stays secure while either half holds, and
// peers without post-quantum support can still connect.
import { defineRule } from '../../rule.js';
import type { YamlFile } from '../../parse.js';
import { hybridSetting, nodeSpanOf, PQPOLICY_SOURCE, pqPolicies, proposalNote } from '../pqpolicy-common.js';

export default defineRule({
  meta: {
    id: 'pqpolicy/hybrid-disabled',
    severity: 'warning',
    description: 'A PQPolicy sets hybrid: false, asking for post-quantum algorithms without a classical component during the migration.',
    appliesTo: ['kubernetes-yaml'],
    fixable: true,
    sources: [
      PQPOLICY_SOURCE,
      'seeds/002_f61080b34402546c.txt (Migration Strategies, Phase 1: Hybrid Crypto)',
      'seeds/000_913be8e6bf26f545.txt (Option 1: hybrid X25519MLKEM768 key exchange)',
    ],
  },
  check(ctx) {
    if (ctx.file.kind !== 'kubernetes-yaml') return;
    const file = ctx.file as YamlFile;
    for (const policy of pqPolicies(file)) {
      const { setting } = hybridSetting(policy.root);
      if (!setting || setting.intended !== false) continue;
      const span = nodeSpanOf(setting.node);
      ctx.report({
        span,
        message: `PQPolicy ${policy.label} sets hybrid to false: it asks for post-quantum algorithms alone, so no classical algorithm backs them up should a new algorithm or its implementation prove weak, and peers without post-quantum support cannot connect. Keep hybrid: true while migrating. ${proposalNote(ctx.knowledge)}`,
        fixes: [{ title: 'Set hybrid: true (hybrid classical + post-quantum)', safe: false, edits: [{ span, newText: 'true' }] }],
      });
    }
  },
});
