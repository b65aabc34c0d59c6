// Shared by the PQPolicy rules (rules/pqpolicy/*.ts). This file sits directly under rules/, so the
// generated registry does not take it for a rule.
//
// PQPolicy is a proposal (seeds/002_f61080b34402546c.txt, "Kubernetes Operator Approach"):
//   apiVersion: security.k8s.io/v1
//   kind: PQPolicy
//   spec: { algorithms: [kyber768, dilithium3], hybrid: true, rollback: enabled }
// No released CRD exists, so the field list is the example's and the checks stay tolerant.
import { isMap, isScalar, isSeq, Scalar } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import { feature, statusPhrase, type Knowledge, type KnowledgeStatus } from '../knowledge.js';
import type { YamlFile } from '../parse.js';
import { checkableDocuments, nodeAt, pairAt, type YamlDocument } from '../formats/yaml.js';
import type { Span } from '../types.js';

export const PQPOLICY_KIND = 'PQPolicy';
export const PQPOLICY_FEATURE = 'pqpolicy/crd';
/** The spec fields the proposal shows. */
export const PQPOLICY_FIELDS = ['algorithms', 'hybrid', 'rollback'] as const;
/** Values of spec.rollback besides booleans: the example writes `rollback: enabled`. */
export const ROLLBACK_VALUES = ['enabled', 'disabled'] as const;
export const PQPOLICY_SOURCE = 'seeds/002_f61080b34402546c.txt (PQPolicy example: security.k8s.io/v1, spec.algorithms, hybrid, rollback)';

export interface PqPolicyDoc {
  doc: YamlDocument;
  root: YAMLMap;
  /** "namespace/name", "name" or "(unnamed)" for messages. */
  label: string;
}

export function pqPolicies(file: YamlFile): PqPolicyDoc[] {
  const out: PqPolicyDoc[] = [];
  for (const doc of checkableDocuments(file.yaml)) {
    if (doc.kind !== PQPOLICY_KIND || !isMap(doc.doc.contents)) continue;
    const label = doc.name ? `${doc.namespace ? `${doc.namespace}/` : ''}${doc.name}` : '(unnamed)';
    out.push({ doc, root: doc.doc.contents, label });
  }
  return out;
}

/** One sentence saying PQPolicy is only a proposal, with the knowledge entry's status. */
export function proposalNote(knowledge: Knowledge): string {
  const entry = feature(knowledge, PQPOLICY_FEATURE);
  const status = entry ? statusPhrase(entry.status) : statusPhrase('proposed');
  return `The PQPolicy resource is ${status} (seeds/002); no released controller enforces it.`;
}

/** The `algorithms` items: scalars with the span of their text (inside quotes). */
export interface AlgorithmItem { node: Node; value?: string; span: Span; scalar: boolean }

export function algorithmItems(root: unknown, text?: string): AlgorithmItem[] {
  const list = nodeAt(root, ['spec', 'algorithms']);
  if (!isSeq(list)) return [];
  const out: AlgorithmItem[] = [];
  for (const item of list.items) {
    if (!item || typeof item !== 'object' || !('range' in item) || !item.range) continue;
    const node = item as Node;
    if (isScalar(node)) {
      out.push({ node, value: typeof node.value === 'string' ? node.value : undefined, span: textSpan(node), scalar: true });
    } else {
      out.push({ node, span: nodeSpanOf(node, text), scalar: false });
    }
  }
  return out;
}

/** A scalar's span without quotes. */
export function textSpan(node: Scalar): Span {
  const [start, end] = node.range!;
  if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) return { start: start + 1, end: Math.max(start + 1, end - 1) };
  return { start, end };
}

/** The whole node (a scalar with its quotes), without the line breaks a block collection's range runs on to. */
export function nodeSpanOf(node: Node, text?: string): Span {
  const start = node.range![0];
  let end = node.range![1];
  if (text !== undefined) while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

// ---------------------------------------------------------------------------------------------
// Algorithm names

export type AlgorithmClass =
  | { kind: 'standard'; name: string }
  | { kind: 'pre-standard'; name: string; to?: string; source: string; status: KnowledgeStatus; note?: string }
  | { kind: 'unknown' };

/** Case, spaces, "-", "_" and "+" do not matter: "ML-KEM-768" = "mlkem768", "sphincs+-sha2-128s-simple" = "SPHINCS-SHA2-128s-simple". */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[\s_+-]/g, '');
}

interface NameTables {
  renames: Map<string, { to: string; source: string; status: KnowledgeStatus; note?: string; respelling: boolean }>;
  standard: Map<string, string>;
  replacedGroups: Map<string, { name: string; to: string; source: string; status: KnowledgeStatus }>;
  legacy: Map<string, { name: string; source: string; status: KnowledgeStatus }>;
}

const tables = new WeakMap<Knowledge, NameTables>();

function nameTables(knowledge: Knowledge): NameTables {
  const cached = tables.get(knowledge);
  if (cached) return cached;
  const renames: NameTables['renames'] = new Map();
  for (const r of knowledge.renames ?? []) {
    renames.set(normaliseName(r.from), { to: r.to, source: r.source, status: r.status, note: r.note, respelling: normaliseName(r.from) === normaliseName(r.to) });
  }
  const standard = new Map<string, string>();
  const legacy: NameTables['legacy'] = new Map();
  const add = (map: Map<string, string>, name: string): void => {
    const key = normaliseName(name);
    if (key.length > 0 && !map.has(key)) map.set(key, name);
  };
  for (const a of knowledge.algorithms ?? []) {
    // "Kyber768 / ML-KEM-768 (ipd, OQS)" → "Kyber768", "ML-KEM-768"; "id-MLDSA65-ECDSA-P256-SHA512" also without "id-".
    const names = a.name.replace(/\s*\(.*\)\s*$/, '').split(' / ').flatMap((n) => (n.startsWith('id-') ? [n, n.slice(3)] : [n]));
    if (a.pqcClass === 'legacy-pq') {
      for (const n of names) if (!legacy.has(normaliseName(n))) legacy.set(normaliseName(n), { name: a.name, source: a.source, status: a.status });
    } else {
      for (const n of names) add(standard, n);
      if (a.pqcClass !== 'classical') add(standard, a.family);
    }
  }
  const replacedGroups: NameTables['replacedGroups'] = new Map();
  for (const g of knowledge.tlsGroups ?? []) {
    for (const n of [g.name, ...g.aliases]) {
      if (g.replacedBy) replacedGroups.set(normaliseName(n), { name: g.name, to: g.replacedBy, source: g.source, status: g.status });
      else add(standard, n);
    }
  }
  for (const r of knowledge.renames ?? []) add(standard, r.to);
  const built = { renames, standard, replacedGroups, legacy };
  tables.set(knowledge, built);
  return built;
}

/**
 * Classifies a name from spec.algorithms: a standard (or otherwise current) name, a pre-standard
 * name (renames table, replaced TLS groups, legacy OIDs), or a name the knowledge table lacks.
 */
export function classifyAlgorithm(knowledge: Knowledge, name: string): AlgorithmClass {
  const key = normaliseName(name);
  if (key.length === 0) return { kind: 'unknown' };
  const t = nameTables(knowledge);
  const renamed = t.renames.get(key);
  if (renamed && !renamed.respelling) return { kind: 'pre-standard', name, to: renamed.to, source: renamed.source, status: renamed.status, note: renamed.note };
  if (renamed) return { kind: 'standard', name: renamed.to };
  const standard = t.standard.get(key);
  if (standard) return { kind: 'standard', name: standard };
  const group = t.replacedGroups.get(key);
  if (group) return { kind: 'pre-standard', name, to: group.to, source: group.source, status: group.status };
  const legacy = t.legacy.get(key);
  if (legacy) return { kind: 'pre-standard', name, source: legacy.source, status: legacy.status, note: `${legacy.name} in the knowledge table` };
  return { kind: 'unknown' };
}

/** The standard name closest to `name` (edit distance ≤ 2 on normalised names), for "did you mean". */
export function closestStandardName(knowledge: Knowledge, name: string): string | undefined {
  const key = normaliseName(name);
  let best: string | undefined;
  let bestDistance = 3;
  for (const [candidate, display] of nameTables(knowledge).standard) {
    if (Math.abs(candidate.length - key.length) >= bestDistance) continue;
    const d = editDistance(key, candidate);
    if (d < bestDistance) {
      best = display;
      bestDistance = d;
    }
  }
  return best;
}

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

// ---------------------------------------------------------------------------------------------
// spec.hybrid

/** YAML 1.1 spellings Kubernetes' YAML decoder (go-yaml v2) reads as booleans. */
const YAML11_TRUE = /^(y|yes|on|true)$/i;
const YAML11_FALSE = /^(n|no|off|false)$/i;

export interface HybridSetting {
  node: Scalar;
  /** The boolean the author means (quoted "false" included), undefined when it is not a boolean at all. */
  intended: boolean | undefined;
  /** A real boolean for Kubernetes: a YAML boolean or a plain YAML 1.1 yes/no/on/off. */
  isBoolean: boolean;
  quoted: boolean;
}

export function hybridSetting(root: unknown): { pair: boolean; value?: Node; setting?: HybridSetting } {
  const pair = pairAt(root, ['spec', 'hybrid']);
  if (!pair) return { pair: false };
  const value = pair.value ?? undefined;
  if (!isScalar(value) || !value.range) return { pair: true, value: value ?? undefined };
  const quoted = value.type === Scalar.QUOTE_DOUBLE || value.type === Scalar.QUOTE_SINGLE;
  let intended: boolean | undefined;
  let isBoolean = false;
  if (typeof value.value === 'boolean') {
    intended = value.value;
    isBoolean = true;
  } else if (typeof value.value === 'string') {
    if (YAML11_TRUE.test(value.value)) intended = true;
    else if (YAML11_FALSE.test(value.value)) intended = false;
    isBoolean = intended !== undefined && !quoted;
  }
  return { pair: true, value, setting: { node: value, intended, isBoolean, quoted } };
}
