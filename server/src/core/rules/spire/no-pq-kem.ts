// No SPIRE server or agent in the workspace requires a post-quantum key exchange
// (`experimental { require_pq_kem = true }`, upstream since v1.11.1). One side of the agent-server
// link requiring it is enough, so the rule looks across the workspace's SPIRE facts and reports on
// every server/agent file only when none of them sets it.
import { defineRule } from '../../rule.js';
import type { HclFile } from '../../parse.js';
import { feature, statusPhrase } from '../../knowledge.js';
import { appendLines, blockContainer, indentUnit, innerIndent, nestedContainer } from '../../formats/hcl-edits.js';
import type { HclBlock } from '../../formats/hcl.js';
import { spireFactsOf, isTrue, type SpireFact } from '../../workspace/spire-facts.js';
import type { Fix, TextEdit } from '../../types.js';
import { derivedFrom } from '../lookup-common.js';

export default defineRule({
  meta: {
    id: 'spire/no-pq-kem',
    severity: 'info',
    description: 'Neither a SPIRE server nor an agent in the workspace sets experimental { require_pq_kem = true }, so SPIRE TLS may use a classical key exchange.',
    appliesTo: ['spire-hcl'],
    fixable: true,
    sources: [
      'spiffe/spire PR #5601 (v1.11.1): experimental.require_pq_kem, pkg/common/tlspolicy/tlspolicy.go',
      'spiffe/spire PR #6703 (v1.14.3): require_pq_kem negotiates X25519MLKEM768',
      'spiffe/spire doc/spire_server.md, doc/spire_agent.md (experimental.require_pq_kem)',
    ],
  },
  check(ctx) {
    const file = ctx.file as HclFile;
    if (file.kind !== 'spire-hcl') return;
    const own = spireFactsOf(file.path, file.hcl);
    if (own.length === 0) return;
    // One side of each agent-server link requiring a PQ KEM is enough: stay quiet once any does.
    if (own.some((f) => isTrue(f.requirePqKem)) || ctx.index.derive('spire', anyRequiresPqKem)) return;
    const kem = feature(ctx.knowledge, 'spire/require-pq-kem');
    const mlkem = feature(ctx.knowledge, 'spire/require-pq-kem-mlkem');
    const history = kem
      ? ` The setting is ${statusPhrase(kem.status)} since SPIRE v${kem.since} (draft Kyber)${mlkem ? ` and negotiates X25519MLKEM768 since v${mlkem.since}` : ''}; it forces TLS 1.3 with post-quantum groups only, so every peer must support them.`
      : '';
    for (const fact of own) {
      const current = fact.requirePqKem;
      // "Not set" cannot be told apart from "lost after a syntax error".
      if (!current && file.syntaxErrors.length > 0) continue;
      const written = current ? ctx.file.text.slice(current.span.start, current.span.end) : undefined;
      const lead = current
        ? `This SPIRE ${fact.role} sets require_pq_kem = ${written} and no other SPIRE server or agent in the workspace enables it`
        : `No SPIRE server or agent in the workspace sets experimental { require_pq_kem = true }`;
      const message = `${lead}, so this ${fact.role}'s TLS connections can fall back to a classical key exchange, leaving recorded traffic open to later quantum decryption.${history}`;
      const span = current ? current.span : fact.experimental ?? fact.span;
      const edits = requirePqKemEdits(file, fact);
      const fixes: Fix[] = edits
        ? [{ title: 'Set experimental { require_pq_kem = true } (TLS 1.3 and post-quantum key exchange only; peers without PQ support are refused)', safe: false, edits }]
        : [];
      ctx.report({ span, message, fixes });
    }
  },
});

function requirePqKemEdits(file: HclFile, fact: SpireFact): TextEdit[] | undefined {
  if (fact.requirePqKem) return [{ span: fact.requirePqKem.span, newText: 'true' }];
  const block: HclBlock | undefined = file.hcl.body.blocks.find((b) => b.typeSpan.start === fact.span.start);
  if (!block) return undefined;
  const text = file.text;
  const lines = file.lines;
  const unit = indentUnit(text, lines, file.hcl.body);
  if (fact.experimental) {
    const experimental = nestedContainer(text, block.body, 'experimental');
    if (!experimental) return undefined;
    const inner = innerIndent(lines, experimental, unit);
    return appendLines(lines, experimental, [`${inner}require_pq_kem = true`], inner);
  }
  const container = blockContainer(text, block);
  if (!container) return undefined;
  const inner = innerIndent(lines, container, unit);
  return appendLines(lines, container, [`${inner}experimental {`, `${inner}${unit}require_pq_kem = true`, `${inner}}`], inner);
}

/** Whether any SPIRE configuration of the workspace requires a post-quantum key exchange. */
const anyRequiresPqKem = derivedFrom((spire: readonly SpireFact[]) => spire.some((f) => isTrue(f.requirePqKem)));
