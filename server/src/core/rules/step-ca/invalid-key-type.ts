// ca.json's top-level "crv" (or "kty") is not a value the knowledge table knows for step-ca: a typo,
// a wrong case, or a pre-standard name such as "Dilithium3" for ML-DSA-65.
import { defineRule } from '../../rule.js';
import { keyTypes, statusPhrase, type KeyTypeEntry } from '../../knowledge.js';
import { jsonNodeAt, type JsonNode } from '../../formats/json.js';
import type { StepCaFile } from '../../parse.js';
import type { Fix } from '../../types.js';
import { CRV_SETTING, KTY_SETTING, STEP_CA_SOURCES, knownValue, renamedValue, stringOf, valueSpan } from '../step-ca-common.js';

export default defineRule({
  meta: {
    id: 'step-ca/invalid-key-type',
    severity: 'error',
    description: 'The top-level "crv" (or "kty") in ca.json is not a known curve, ML-DSA parameter set or JWK key type.',
    appliesTo: ['step-ca-json'],
    fixable: true,
    sources: [
      'smallstep/certificates, go.step.sm/crypto keyutil (curves P-256, P-384, P-521, Ed25519; kty EC, RSA, OKP)',
      'FIPS 204 (ML-DSA-44/65/87; Dilithium2/3/5 are the pre-standard names)',
      STEP_CA_SOURCES.guide,
    ],
  },
  check(ctx) {
    const file = ctx.file as StepCaFile;
    if (file.kind !== 'step-ca-json') return;
    const root = file.json.root;
    if (root?.type !== 'object') return;
    const { knowledge } = ctx;
    const check = (key: 'crv' | 'kty', node: JsonNode | undefined, entries: KeyTypeEntry[]): void => {
      if (!node || entries.length === 0) return;
      const value = stringOf(node);
      const allowed = describe(entries);
      if (value === undefined) {
        ctx.report({ span: valueSpan(node), message: `"${key}" must be a string: one of ${allowed}.` });
        return;
      }
      if (entries.some((k) => k.value === value)) return;
      const renamed = renamedValue(knowledge, entries, value);
      const recased = knownValue(entries, value);
      const replacement = recased ?? renamed;
      const why = renamed && !recased ? ` "${value}" is the pre-standard name of ${renamed.value}.` : recased ? ` Values are case-sensitive: "${recased.value}".` : '';
      const fixes: Fix[] = replacement
        ? [{ title: `Replace "${value}" with "${replacement.value}"`, safe: true, edits: [{ span: valueSpan(node), newText: replacement.value }] }]
        : [];
      ctx.report({ span: valueSpan(node), message: `"${key}": "${value}" is not a key type step-ca knows; "${key}" is one of ${allowed}.${why}`, fixes });
    };
    check('crv', jsonNodeAt(root, ['crv']), keyTypes(knowledge, CRV_SETTING));
    check('kty', jsonNodeAt(root, ['kty']), keyTypes(knowledge, KTY_SETTING));
  },
});

/** "P-256, P-384, P-521, Ed25519 (released upstream); ML-DSA-44, ML-DSA-65, ML-DSA-87 (described in the migration guide, …)". */
function describe(entries: readonly KeyTypeEntry[]): string {
  const groups = new Map<string, string[]>();
  for (const entry of entries) {
    const list = groups.get(entry.status) ?? [];
    list.push(entry.value);
    groups.set(entry.status, list);
  }
  return [...groups].map(([status, values]) => `${values.join(', ')} (${statusPhrase(status as KeyTypeEntry['status'])})`).join('; ');
}
