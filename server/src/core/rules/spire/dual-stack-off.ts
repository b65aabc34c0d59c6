// PQC SVIDs switched on (`pqc_svid_key_type`, the migration guide's setting) without
// `dual_stack_svids = true`: per the guide, workloads would then get only ML-DSA SVIDs, and every
// validator that only understands ECDSA loses them.
import { defineRule } from '../../rule.js';
import type { HclFile } from '../../parse.js';
import { feature, statusPhrase } from '../../knowledge.js';
import { appendLines, indentUnit, innerIndent, nestedContainer } from '../../formats/hcl-edits.js';
import { spireFactsOf, isTrue } from '../../workspace/spire-facts.js';
import type { Fix, TextEdit } from '../../types.js';

export default defineRule({
  meta: {
    id: 'spire/dual-stack-off',
    severity: 'warning',
    description: 'PQC SVIDs are enabled (pqc_svid_key_type) but dual_stack_svids is false or absent, so workloads that only validate ECDSA lose their SVIDs.',
    appliesTo: ['spire-hcl'],
    fixable: true,
    sources: ['seeds/000_913be8e6bf26f545.txt (dual_stack_svids = true: "Issue both ECDSA and ML-DSA SVIDs simultaneously")'],
  },
  check(ctx) {
    const file = ctx.file as HclFile;
    if (file.kind !== 'spire-hcl') return;
    const svidFeature = feature(ctx.knowledge, 'spire/pqc-svid-key-type');
    const status = svidFeature ? ` Both settings are ${statusPhrase(svidFeature.status)}.` : '';
    for (const fact of spireFactsOf(file.path, file.hcl)) {
      if (fact.role !== 'server' || !fact.pqcSvidKeyType || isTrue(fact.dualStackSvids)) continue;
      const dual = fact.dualStackSvids;
      // "Not set" cannot be told apart from "lost after a syntax error".
      if (!dual && file.syntaxErrors.length > 0) continue;
      const written = dual ? file.text.slice(dual.span.start, dual.span.end) : undefined;
      const state = dual ? `dual_stack_svids is ${written}${dual.kind === 'bool' ? '' : ' (not the boolean true)'}` : 'dual_stack_svids is not set';
      const message = `PQC SVIDs are enabled but ${state}: workloads that only validate ECDSA SVIDs get no SVID they can use. Set dual_stack_svids = true so each workload receives an ECDSA and an ML-DSA SVID.${status}`;
      const fixes: Fix[] = [];
      let edits: TextEdit[] | undefined;
      if (dual) {
        edits = [{ span: dual.span, newText: 'true' }];
      } else {
        const block = file.hcl.body.blocks.find((b) => b.typeSpan.start === fact.span.start);
        const experimental = block ? nestedContainer(file.text, block.body, 'experimental') : undefined;
        if (experimental) {
          const inner = innerIndent(file.lines, experimental, indentUnit(file.text, file.lines, file.hcl.body));
          edits = appendLines(file.lines, experimental, [`${inner}dual_stack_svids = true`], inner);
        }
      }
      if (edits) fixes.push({ title: dual ? 'Set dual_stack_svids = true' : 'Add dual_stack_svids = true', safe: true, edits });
      ctx.report({ span: dual ? dual.span : fact.pqcSvidKeyType.nameSpan, message, fixes });
    }
  },
});
