// `experimental { pqc_svid_key_type = ... }` (the migration guide's setting) with a value outside the
// knowledge table's list (ML-DSA-44/65/87). Pre-standard spellings such as "dilithium3" or
// "DILITHIUM_3" are renamed through knowledge.renames.
import { defineRule } from '../../rule.js';
import type { HclFile } from '../../parse.js';
import { feature, keyTypes, rename, statusPhrase } from '../../knowledge.js';
import { stringContentSpan } from '../../formats/hcl-edits.js';
import { spireFactsOf } from '../../workspace/spire-facts.js';
import type { Fix } from '../../types.js';

export default defineRule({
  meta: {
    id: 'spire/invalid-pqc-key-type',
    severity: 'error',
    description: 'The SPIRE server\'s experimental pqc_svid_key_type is not one of the ML-DSA parameter sets (ML-DSA-44, ML-DSA-65, ML-DSA-87).',
    appliesTo: ['spire-hcl'],
    fixable: true,
    sources: [
      'seeds/000_913be8e6bf26f545.txt (pqc_svid_key_type = "ML-DSA-65")',
      'FIPS 204 (ML-DSA parameter sets ML-DSA-44/65/87; CRYSTALS-Dilithium2/3/5 before standardisation)',
    ],
  },
  check(ctx) {
    const file = ctx.file as HclFile;
    if (file.kind !== 'spire-hcl') return;
    const { knowledge } = ctx;
    const valid = keyTypes(knowledge, 'spire.pqc_svid_key_type');
    if (valid.length === 0) return;
    const names = valid.map((k) => k.value);
    const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0];
    const svidFeature = feature(knowledge, 'spire/pqc-svid-key-type');
    const status = svidFeature ? ` The pqc_svid_key_type setting itself is ${statusPhrase(svidFeature.status)}.` : '';
    for (const fact of spireFactsOf(file.path, file.hcl)) {
      const setting = fact.pqcSvidKeyType;
      // An interpolation or reference has no value we can check here.
      if (!setting || setting.kind === 'expression') continue;
      const raw = setting.value;
      const isString = setting.kind === 'string' && typeof raw === 'string';
      if (isString && names.includes(raw)) continue;
      const shown = isString ? `"${raw}"` : file.text.slice(setting.span.start, setting.span.end);
      const span = isString ? stringContentSpan(file.text, setting.span) : setting.span;
      const fixes: Fix[] = [];
      let reason = '';
      if (isString) {
        const exact = names.find((n) => n.toLowerCase() === raw.trim().toLowerCase());
        const renamed = rename(knowledge, raw);
        const target = exact ?? (renamed && names.includes(renamed.to) ? renamed.to : undefined);
        if (target) {
          reason = exact ? ` The parameter set is spelled "${target}".` : ` ${shown} is not the FIPS 204 name; it corresponds to ${target}.`;
          // A quoted string is rewritten in place; a heredoc is left alone.
          if (file.text[setting.span.start] === '"') fixes.push({ title: `Change to "${target}"`, safe: true, edits: [{ span, newText: target }] });
        } else if (renamed) {
          const algorithm = knowledge.algorithms.find((a) => a.name === renamed.to);
          reason = algorithm?.use === 'kem'
            ? ` ${shown} corresponds to ${renamed.to}, a key-encapsulation mechanism, not a signature algorithm.`
            : ` ${shown} corresponds to ${renamed.to}, which is not an SVID signature key type.`;
        }
      }
      ctx.report({ span, message: `pqc_svid_key_type ${shown} is not a valid PQC SVID key type: use ${list}.${reason}${status}`, fixes });
    }
  },
});
