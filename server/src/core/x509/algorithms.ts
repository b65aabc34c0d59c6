// OID → knowledge entry lookups for the certificate code (indexed once per knowledge table).
import type { AlgorithmEntry, Knowledge, PqcClass } from '../knowledge.js';

const indexes = new WeakMap<Knowledge, Map<string, AlgorithmEntry>>();

export function algorithmIndex(knowledge: Knowledge): Map<string, AlgorithmEntry> {
  let index = indexes.get(knowledge);
  if (!index) {
    index = new Map();
    for (const entry of knowledge.algorithms ?? []) if (!index.has(entry.oid)) index.set(entry.oid, entry);
    indexes.set(knowledge, index);
  }
  return index;
}

export function lookupAlgorithm(knowledge: Knowledge, oid: string): AlgorithmEntry | undefined {
  return algorithmIndex(knowledge).get(oid);
}

export function paramString(entry: AlgorithmEntry | undefined, key: string): string | undefined {
  const value = entry?.params?.[key];
  return value === undefined ? undefined : String(value);
}

export function paramNumber(entry: AlgorithmEntry | undefined, key: string): number | undefined {
  const value = entry?.params?.[key];
  return typeof value === 'number' ? value : undefined;
}

/** Ordering used to combine the classes of key and signature (lower wins). */
const RANK: Record<PqcClass, number> = { 'legacy-pq': 0, classical: 1, composite: 2, pq: 3 };

export function combineClasses(classes: (PqcClass | undefined)[]): PqcClass {
  const known = classes.filter((c): c is PqcClass => c !== undefined);
  if (known.length === 0) return 'classical';
  return known.reduce((a, b) => (RANK[a] <= RANK[b] ? a : b));
}

/** RFC 4055 / NIST hash OIDs, for RSASSA-PSS parameters. Not algorithms a certificate is classified by. */
export const HASH_OIDS: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.4': 'SHA-224',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
  '2.16.840.1.101.3.4.2.8': 'SHA3-256',
  '2.16.840.1.101.3.4.2.9': 'SHA3-384',
  '2.16.840.1.101.3.4.2.10': 'SHA3-512',
  '1.2.840.113549.2.5': 'MD5',
};
