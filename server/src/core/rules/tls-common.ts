// Shared by the TLS key-exchange rules (ingress-nginx/*, istio/*, ingress/*). This file sits
// directly under rules/, so the generated registry does not take it for a rule.
import { tlsGroup, type Knowledge, type TlsGroupEntry } from '../knowledge.js';
import type { YamlFile } from '../parse.js';
import type { VersionFact } from '../workspace/facts.js';
import { tlsFactsOf, type TlsFact } from '../workspace/tls-facts.js';
import { isOlderThan } from '../versions.js';
import { groupedFrom } from './lookup-common.js';

/** The hybrid group the fixes add: the default of Go ≥ 1.24 and OpenSSL ≥ 3.5, and Istio's pqc policy group. */
export const HYBRID_GROUP = 'X25519MLKEM768';

/** The knowledge table's spelling of the hybrid group (falls back to the constant). */
export function hybridGroupName(knowledge: Knowledge): string {
  return tlsGroup(knowledge, HYBRID_GROUP)?.name ?? HYBRID_GROUP;
}

/** A current (not pre-standard) post-quantum or hybrid TLS group. */
export function isCurrentPqGroup(entry: TlsGroupEntry | undefined): boolean {
  return entry !== undefined && entry.pq && !entry.replacedBy;
}

/** The facts of one type from a file (computed from the file itself, so they match its text). */
export function ownTlsFacts<T extends TlsFact['type']>(file: YamlFile, knowledge: Knowledge, type: T): Extract<TlsFact, { type: T }>[] {
  return tlsFactsOf(file, knowledge).filter((f): f is Extract<TlsFact, { type: T }> => f.type === type);
}

/** The facts of one type in a list (index.all('tls')), in list order. */
export function ofType<T extends TlsFact['type']>(facts: readonly TlsFact[], type: T): readonly Extract<TlsFact, { type: T }>[] {
  return (factsByType(facts).get(type) ?? []) as Extract<TlsFact, { type: T }>[];
}

const factsByType = groupedFrom((f: TlsFact) => [f.type]);

/** Image versions of a component older than `since` (placeholder v0.0.0 tags ignored). */
export function olderImages(versions: readonly VersionFact[], component: string, since: string): VersionFact[] {
  return versions.filter((v) => v.component === component && v.origin === 'image' && !/^v?0\.0\.0/.test(v.version) && isOlderThan(v.version, since));
}

/** Display form of a list for messages: [a, b, c]. */
export function listText(names: readonly string[]): string {
  return `[${names.join(', ')}]`;
}
