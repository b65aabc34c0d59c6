// PQPolicy resources that do not match the shape the proposal shows (seeds/002):
//   spec.algorithms  a non-empty list of algorithm names (required)
//   spec.hybrid      a boolean
//   spec.rollback    "enabled" | "disabled" (the example writes `rollback: enabled`; booleans accepted)
// Unknown algorithm names are names the knowledge table lacks entirely (pre-standard names that it
// knows are pqpolicy/pre-standard-algorithm's business). Fields beyond the example are reported as
// warnings only: the proposal is an example, not a schema.
import { isMap, isScalar, isSeq, Scalar } from 'yaml';
import type { Node, Pair } from 'yaml';
import { defineRule, type RuleContext } from '../../rule.js';
import type { YamlFile } from '../../parse.js';
import type { Fix, Span } from '../../types.js';
import { nodeAt, pairAt } from '../../formats/yaml.js';
import {
  algorithmItems, classifyAlgorithm, closestStandardName, editDistance, hybridSetting, nodeSpanOf, PQPOLICY_FIELDS,
  PQPOLICY_SOURCE, pqPolicies, proposalNote, ROLLBACK_VALUES, textSpan,
} from '../pqpolicy-common.js';

const YAML11_BOOLEAN = /^(y|yes|on|true|n|no|off|false)$/i;

export default defineRule({
  meta: {
    id: 'pqpolicy/invalid-spec',
    severity: 'error',
    description: 'A PQPolicy lacks metadata.name, spec or spec.algorithms, lists an unknown algorithm name, or gives hybrid/rollback a value of the wrong type.',
    appliesTo: ['kubernetes-yaml'],
    fixable: true,
    sources: [
      PQPOLICY_SOURCE,
      'FIPS 203/204/205 algorithm names and the TLS groups of schemas/knowledge.json',
      'Kubernetes API conventions (metadata.name is required)',
    ],
  },
  check(ctx) {
    if (ctx.file.kind !== 'kubernetes-yaml') return;
    const file = ctx.file as YamlFile;
    const note = proposalNote(ctx.knowledge);
    for (const policy of pqPolicies(file)) {
      const { root, label } = policy;
      const kindNode = nodeAt(root, ['kind']);
      const anchor: Span = kindNode?.range ? { start: kindNode.range[0], end: kindNode.range[1] } : policy.doc.span;
      if (policy.doc.name === undefined) {
        ctx.report({ span: anchor, message: `This PQPolicy has no metadata.name; Kubernetes rejects objects without a name.` });
      }
      const specPair = pairAt(root, ['spec']);
      const spec = specPair?.value;
      if (!specPair || spec === null || spec === undefined || (isScalar(spec) && spec.value === null)) {
        ctx.report({ span: specPair?.key && keySpan(specPair) ? keySpan(specPair)! : anchor, message: `PQPolicy ${label} has no spec; the proposal's resource needs spec.algorithms (for example ML-KEM-768 and ML-DSA-65) and usually hybrid: true. ${note}` });
        continue;
      }
      if (!isMap(spec)) {
        ctx.report({ span: nodeSpanOf(spec as Node, ctx.file.text), message: `PQPolicy ${label} has a spec that is not a mapping; write spec.algorithms, spec.hybrid and spec.rollback as fields under spec. ${note}` });
        continue;
      }
      checkAlgorithms(ctx, file, policy.root, label, keySpan(specPair) ?? anchor, note);
      checkHybrid(ctx, policy.root, label, note);
      checkRollback(ctx, policy.root, label, note);
      checkUnknownFields(ctx, spec.items as Pair[], label, note);
    }
  },
});

type Ctx = RuleContext;

function keySpan(pair: Pair): Span | undefined {
  const key = pair.key as Node | null;
  return key && key.range ? { start: key.range[0], end: key.range[1] } : undefined;
}

function checkAlgorithms(ctx: Ctx, file: YamlFile, root: Node, label: string, specKey: Span, note: string): void {
  const pair = pairAt(root, ['spec', 'algorithms']);
  const list = pair?.value;
  if (!pair || list === null || list === undefined || (isScalar(list) && list.value === null)) {
    ctx.report({ span: pair ? keySpan(pair) ?? specKey : specKey, message: `PQPolicy ${label} has no spec.algorithms; list the algorithms the policy requires, for example ML-KEM-768 and ML-DSA-65. ${note}` });
    return;
  }
  if (!isSeq(list)) {
    const span = isScalar(list) ? textSpan(list) : nodeSpanOf(list as Node, file.text);
    ctx.report({ span, message: `PQPolicy ${label} gives spec.algorithms as ${isScalar(list) ? `the single value "${file.text.slice(span.start, span.end)}"` : 'a mapping'}; it must be a list of algorithm names (one "- name" per line). ${note}` });
    return;
  }
  if (list.items.length === 0) {
    ctx.report({ span: nodeSpanOf(list, file.text), message: `PQPolicy ${label} has an empty spec.algorithms list, so it requires no algorithm; list at least one, for example ML-KEM-768. ${note}` });
    return;
  }
  for (const item of algorithmItems(root, file.text)) {
    if (!item.scalar || item.value === undefined) {
      const written = file.text.slice(item.span.start, item.span.end);
      ctx.report({ span: item.span, message: `PQPolicy ${label} has "${written}" in spec.algorithms, which is not an algorithm name (a string such as ML-KEM-768). ${note}` });
      continue;
    }
    if (classifyAlgorithm(ctx.knowledge, item.value).kind !== 'unknown') continue;
    const suggestion = closestStandardName(ctx.knowledge, item.value);
    const fixes: Fix[] = suggestion ? [{ title: `Replace "${item.value}" with ${suggestion}`, safe: false, edits: [{ span: item.span, newText: suggestion }] }] : [];
    ctx.report({
      span: item.span,
      message: `PQPolicy ${label} lists "${item.value}" in spec.algorithms, which is not an algorithm name PQC Lens knows${suggestion ? `; did you mean ${suggestion}?` : ' (standard names are ML-KEM-768, ML-DSA-65, SLH-DSA-SHA2-128s, or TLS groups such as X25519MLKEM768).'} ${note}`,
      fixes,
    });
  }
}

function checkHybrid(ctx: Ctx, root: Node, label: string, note: string): void {
  const { pair, value, setting } = hybridSetting(root);
  if (!pair) return;
  if (setting?.isBoolean) return;
  if (setting && setting.quoted && setting.intended !== undefined && /^(true|false)$/i.test(String(setting.node.value))) {
    const span = nodeSpanOf(setting.node);
    const word = setting.intended ? 'true' : 'false';
    ctx.report({
      span,
      message: `PQPolicy ${label} quotes spec.hybrid, making it the string "${String(setting.node.value)}" rather than a boolean; write hybrid: ${word} without quotes. ${note}`,
      fixes: [{ title: `Write hybrid: ${word} as a boolean`, safe: true, edits: [{ span, newText: word }] }],
    });
    return;
  }
  const span = setting ? (setting.quoted ? textSpan(setting.node) : nodeSpanOf(setting.node)) : value ? nodeSpanOf(value, ctx.file.text) : undefined;
  if (!span) return;
  const shown = setting ? (setting.node.value === null ? 'empty' : `"${String(setting.node.value)}"`) : 'a mapping or list';
  ctx.report({ span, message: `PQPolicy ${label} sets spec.hybrid to ${shown}; it must be true or false. ${note}` });
}

function checkRollback(ctx: Ctx, root: Node, label: string, note: string): void {
  const pair = pairAt(root, ['spec', 'rollback']);
  if (!pair) return;
  const value = pair.value as Node | null;
  const allowed = `${ROLLBACK_VALUES.join(' or ')} (the proposal's example writes rollback: enabled)`;
  if (!value || (isScalar(value) && value.value === null)) {
    ctx.report({ span: keySpan(pair) ?? { start: 0, end: 0 }, message: `PQPolicy ${label} leaves spec.rollback empty; set it to ${allowed}. ${note}` });
    return;
  }
  if (!isScalar(value)) {
    ctx.report({ span: nodeSpanOf(value, ctx.file.text), message: `PQPolicy ${label} gives spec.rollback as a ${isSeq(value) ? 'list' : 'mapping'}; set it to ${allowed}. ${note}` });
    return;
  }
  if (typeof value.value === 'boolean') return;
  const text = String(value.value);
  const plain = value.type === Scalar.PLAIN;
  if ((ROLLBACK_VALUES as readonly string[]).includes(text.toLowerCase()) || (plain && YAML11_BOOLEAN.test(text))) return;
  ctx.report({ span: textSpan(value), message: `PQPolicy ${label} sets spec.rollback to "${text}"; use ${allowed}. ${note}` });
}

function checkUnknownFields(ctx: Ctx, items: Pair[], label: string, note: string): void {
  for (const item of items) {
    const key = item.key as Node | null;
    if (!isScalar(key) || !key.range) continue;
    const name = String(key.value);
    if ((PQPOLICY_FIELDS as readonly string[]).includes(name)) continue;
    const span = textSpan(key);
    const near = PQPOLICY_FIELDS.map((f) => ({ f, d: editDistance(name.toLowerCase(), f) })).filter((x) => x.d <= 2).sort((a, b) => a.d - b.d)[0];
    const present = new Set(items.map((i) => (isScalar(i.key) ? String(i.key.value) : '')));
    const fixes: Fix[] = near && !present.has(near.f) ? [{ title: `Rename "${name}" to ${near.f}`, safe: false, edits: [{ span, newText: near.f }] }] : [];
    ctx.report({
      span,
      severity: 'warning',
      message: `PQPolicy ${label} has spec.${name}, which the proposal's example does not show (it has ${PQPOLICY_FIELDS.join(', ')})${near ? `; did you mean ${near.f}?` : '.'} ${note}`,
      fixes,
    });
  }
}
