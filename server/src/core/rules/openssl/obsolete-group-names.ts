// `Groups` / `Curves` naming pre-standard Kyber groups (kyber768, x25519_kyber768, p256_kyber768 ...)
// that the knowledge table maps to a standard ML-KEM group (tlsGroups[].replacedBy).
import { defineRule } from '../../rule.js';
import { statusPhrase, tlsGroup } from '../../knowledge.js';
import type { Fix, Span } from '../../types.js';
import { CnfEditor, configsOf, reportSpan, where } from '../openssl-common.js';
import type { GroupToken, GroupsSetting } from '../../workspace/openssl-facts.js';

export default defineRule({
  meta: {
    id: 'openssl/obsolete-group-names',
    severity: 'warning',
    description: 'An openssl.cnf Groups/Curves list names pre-standard Kyber key-exchange groups instead of the standard ML-KEM ones.',
    appliesTo: ['openssl-cnf', 'kubernetes-yaml'],
    fixable: true,
    sources: [
      'openssl/openssl include/internal/tlsgroups.h (mlkem512/768/1024, X25519MLKEM768, SecP256r1MLKEM768, SecP384r1MLKEM1024)',
      'open-quantum-safe/oqs-provider ALGORITHMS.md (Kyber-era names kyber*, x25519_kyber*, p256_kyber* and their codepoints)',
      'open-quantum-safe/oqs-provider USAGE.md (example Groups = kyber768:kyber1024, obsolete names)',
      'FIPS 203 (ML-KEM)',
    ],
  },
  check(ctx) {
    const { knowledge } = ctx;
    for (const { view, a } of configsOf(ctx.file)) {
      for (const setting of a.groups) {
        for (const token of setting.tokens) {
          const entry = tlsGroup(knowledge, token.name);
          if (!entry?.replacedBy) continue;
          const target = tlsGroup(knowledge, entry.replacedBy);
          const replacement = target?.name ?? entry.replacedBy;
          const already = setting.tokens.some((t) => t !== token && !t.prefix.includes('-') && tlsGroup(knowledge, t.name)?.name === replacement);
          const codepoint = entry.codepoint ? `, codepoint ${entry.codepoint}` : '';
          const status = target && target.status !== 'released' ? ` (${statusPhrase(target.status)})` : '';
          const message = `"${token.name}" in ${setting.entry.key} [${setting.section.name}]${where(view)} is a pre-standard Kyber group${codepoint}: peers that implement ML-KEM (FIPS 203) do not negotiate it. Use the standard "${replacement}"${status}, which OpenSSL 3.5+ has built in${already ? ' and which this list already names' : ''}.`;
          const fixes: Fix[] = [];
          if (token.span) {
            const ed = new CnfEditor(view);
            if (already) {
              const removal = removalSpan(view.text, setting, token);
              if (removal) ed.replace(removal, '');
            } else {
              ed.replace(token.span, replacement);
            }
            const edits = ed.empty ? undefined : ed.edits();
            if (edits && edits.length > 0) {
              fixes.push({ title: already ? `Remove "${token.name}" (${replacement} is already listed)` : `Replace "${token.name}" with "${replacement}"`, safe: true, edits });
            }
          }
          ctx.report({ span: reportSpan(view, token.span ?? setting.entry.valueSpan), message, fixes });
        }
      }
    }
  },
});

/** The token with its prefixes and one neighbouring separator (the following one, else the preceding one). */
function removalSpan(text: string, setting: GroupsSetting, token: GroupToken): Span | undefined {
  if (!token.span) return undefined;
  const start = token.span.start - token.prefix.length;
  const end = token.span.end;
  const valueEnd = setting.entry.valueSpan.end;
  const valueStart = setting.entry.valueSpan.start;
  if (end < valueEnd && /[:/,]/.test(text[end])) return { start, end: end + 1 };
  if (start > valueStart && /[:/,]/.test(text[start - 1])) return { start: start - 1, end };
  return undefined;
}
