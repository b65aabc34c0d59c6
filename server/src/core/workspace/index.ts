// The workspace index: facts per file, queried by rules for cross-file questions
// (which issuer does this Certificate use? which step-ca serves this StepClusterIssuer?).
import type { DecodedCertificate } from '../x509/model.js';
import { emptyFacts, FACT_CATEGORIES, type CertificateFact, type FactCategory, type FileFacts, type IssuerFact } from './facts.js';

/**
 * What an analysis consulted: a fact category, one key of a keyed category ("issuers#web-ca": the
 * issuers named web-ca), or the set of file paths (path resolution).
 */
export type IndexRead = FactCategory | `${KeyedCategory}#${string}` | 'paths';

/**
 * Categories also looked up by a key: issuers by name (issuerRef), certificates by subject
 * (candidate issuers). A change to a file's facts then affects the readers of the whole category
 * and the readers of the keys its old and new facts have, not every reader of the category.
 */
const KEY_OF = {
  issuers: (fact: IssuerFact): string | undefined => fact.name,
  certificates: (fact: CertificateFact): string | undefined => fact.occurrence.cert?.subject.toLowerCase(),
};
type KeyedCategory = keyof typeof KEY_OF;
type Fact<K extends FactCategory> = FileFacts[K][number];

export class WorkspaceIndex {
  private readonly byFile = new Map<string, FileFacts>();
  /**
   * The paths in folder order (segment by segment, as the CLI walks them), whatever order files
   * were added in: the editor adds open documents first, and answers (which issuer of two with the
   * same name, which files a message lists) must not depend on that.
   */
  private sorted: string[] | undefined;
  /** all(category) results, kept until a file with facts of that category changes. */
  private readonly allCache = new Map<FactCategory, readonly unknown[]>();
  /** Facts of keyed categories by key, kept like allCache. */
  private readonly keyedCache = new Map<KeyedCategory, Map<string, unknown[]>>();

  /**
   * Drops the cached lists a change of `path` makes stale. A new file that comes last in folder
   * order (the CLI adds files in that order) extends the lists instead of dropping them.
   */
  private forget(path: string, previous: FileFacts | undefined, next: FileFacts | undefined): void {
    const appended = previous === undefined && this.sorted !== undefined && (this.sorted.length === 0 || comparePaths(this.sorted[this.sorted.length - 1], path) < 0);
    if (previous === undefined) {
      if (appended) this.sorted!.push(path);
      else this.sorted = undefined;
    }
    for (const category of FACT_CATEGORIES) {
      const added = next?.[category] ?? [];
      if ((previous?.[category].length ?? 0) === 0 && added.length === 0) continue;
      this.keyedCache.delete(category as KeyedCategory);
      const cached = this.allCache.get(category);
      if (appended && cached) this.allCache.set(category, Object.freeze([...cached, ...added]));
      else this.allCache.delete(category);
    }
  }

  private ordered(): string[] {
    this.sorted ??= [...this.byFile.keys()].sort(comparePaths);
    return this.sorted;
  }

  /** Stores a file's facts; returns what changed (categories, and keys of keyed categories). */
  setFacts(path: string, facts: FileFacts): IndexRead[] {
    const previous = this.byFile.get(path);
    this.forget(path, previous, facts);
    this.byFile.set(path, facts);
    const before = previous ?? emptyFacts();
    return changedReads(FACT_CATEGORIES.filter((category) => !sameFacts(before[category], facts[category])), before, facts);
  }

  removeFile(path: string): IndexRead[] {
    const previous = this.byFile.get(path);
    if (!previous) return [];
    this.forget(path, previous, undefined);
    this.byFile.delete(path);
    this.sorted = undefined;
    return changedReads(FACT_CATEGORIES.filter((category) => previous[category].length > 0), previous, emptyFacts());
  }

  /**
   * Runs `fn` (the analysis of file `path`) and returns what it read from the index of other
   * files, so the engine knows whom a change affects. The file's own facts (ofFile with its own
   * path) are not a dependency: they change only together with the file.
   */
  recordReads<T>(path: string, fn: () => T): { result: T; reads: Set<IndexRead> } {
    const outer = { reads: this.reads, path: this.readingFor };
    const reads = new Set<IndexRead>();
    this.reads = reads;
    this.readingFor = path;
    try {
      return { result: fn(), reads };
    } finally {
      this.reads = outer.reads;
      this.readingFor = outer.path;
    }
  }

  private reads: Set<IndexRead> | undefined;
  private readingFor: string | undefined;

  private read(what: IndexRead): void {
    this.reads?.add(what);
  }

  files(): string[] {
    this.read('paths');
    return [...this.ordered()];
  }

  hasFile(path: string): boolean {
    this.read('paths');
    return this.byFile.has(path);
  }

  /** All facts of one category across the workspace, in file (folder) order. */
  all<K extends FactCategory>(category: K): readonly Fact<K>[] {
    this.read(category);
    return this.list(category);
  }

  private list<K extends FactCategory>(category: K): readonly Fact<K>[] {
    let cached = this.allCache.get(category);
    if (!cached) {
      const out: Fact<K>[] = [];
      for (const path of this.ordered()) out.push(...this.byFile.get(path)![category]);
      cached = Object.freeze(out);
      this.allCache.set(category, cached);
    }
    return cached as readonly Fact<K>[];
  }

  /** The facts of a keyed category with one key, in file order (recorded as a read of that key only). */
  private withKey<K extends KeyedCategory>(category: K, key: string): readonly Fact<K>[] {
    this.read(`${category}#${key}`);
    let map = this.keyedCache.get(category);
    if (!map) {
      map = new Map();
      const keyOf = KEY_OF[category] as (fact: Fact<K>) => string | undefined;
      for (const fact of this.list(category)) {
        const k = keyOf(fact);
        if (k === undefined) continue;
        const list = map.get(k);
        if (list) list.push(fact);
        else map.set(k, [fact]);
      }
      this.keyedCache.set(category, map);
    }
    return (map.get(key) ?? []) as Fact<K>[];
  }

  /** The facts of one category that one file contributes. */
  ofFile<K extends FactCategory>(category: K, path: string): readonly FileFacts[K][number][] {
    if (path !== this.readingFor) this.read(category);
    return this.byFile.get(path)?.[category] ?? [];
  }

  /**
   * The workspace's decoded certificates whose subject is `subject` (compared without case), in
   * file order and each once: the candidate issuers of a certificate whose issuer name it is.
   */
  certificatesWithSubject(subject: string): DecodedCertificate[] {
    const out = new Map<string, DecodedCertificate>();
    for (const fact of this.withKey('certificates', subject.toLowerCase())) {
      const cert = fact.occurrence.cert!;
      if (!out.has(cert.fingerprintSha256)) out.set(cert.fingerprintSha256, cert);
    }
    return [...out.values()];
  }

  factsOf(path: string): FileFacts | undefined {
    for (const category of FACT_CATEGORIES) this.read(category);
    return this.byFile.get(path);
  }

  /**
   * Resolves a cert-manager issuerRef. An omitted group means cert-manager.io, an omitted kind
   * means Issuer; a namespaced issuer must live in the referring resource's namespace.
   */
  findIssuer(ref: { name: string; kind?: string; group?: string }, namespace: string | undefined): IssuerFact | undefined {
    const kind = ref.kind ?? 'Issuer';
    const group = ref.group && ref.group.length > 0 ? ref.group : 'cert-manager.io';
    const clusterScoped = kind === 'ClusterIssuer' || kind === 'StepClusterIssuer';
    return this.withKey('issuers', ref.name).find((issuer) =>
      issuer.kind === kind && issuer.group === group &&
      (clusterScoped || (issuer.namespace ?? 'default') === (namespace ?? 'default')));
  }

  /**
   * Maps a path written in a config (often an absolute path inside a container, such as
   * /home/step/certs/root_ca.crt) to the workspace file that shares the longest path suffix with it.
   * Relative paths are first tried against the referring file's folder.
   */
  resolvePath(reference: string, fromFile?: string): string | undefined {
    this.read('paths');
    const ref = reference.replace(/\\/g, '/');
    if (fromFile && !ref.startsWith('/')) {
      const joined = normalise(dirname(fromFile) + '/' + ref);
      if (this.byFile.has(joined)) return joined;
    }
    const wanted = ref.split('/').filter((s) => s.length > 0 && s !== '.');
    let best: string | undefined;
    let bestScore = 0;
    for (const path of this.ordered()) {
      const have = path.split('/');
      let score = 0;
      while (score < wanted.length && score < have.length && wanted[wanted.length - 1 - score] === have[have.length - 1 - score]) score++;
      if (score > bestScore || (score === bestScore && score > 0 && best !== undefined && path.length < best.length)) {
        best = path;
        bestScore = score;
      }
    }
    return bestScore > 0 ? best : undefined;
  }
}

function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i >= 0 ? path.slice(0, i) : '.';
}

function normalise(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return (path.startsWith('/') ? '/' : '') + out.join('/');
}

/** The changed categories, with the keys (old and new) of the changed keyed ones. */
function changedReads(categories: FactCategory[], before: FileFacts, after: FileFacts): IndexRead[] {
  const out: IndexRead[] = [...categories];
  for (const category of categories) {
    if (!(category in KEY_OF)) continue;
    const keyed = category as KeyedCategory;
    const keyOf = KEY_OF[keyed] as (fact: unknown) => string | undefined;
    const keys = new Set<string>();
    for (const fact of [...before[keyed], ...after[keyed]]) {
      const key = keyOf(fact);
      if (key !== undefined) keys.add(key);
    }
    for (const key of keys) out.push(`${keyed}#${key}`);
  }
  return out;
}

function sameFacts(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((item, i) => sameIgnoringSpans(item, b[i]));
}

// Spans only matter inside their own file (findings never point into another file), so an edit
// that merely moves a fact does not re-run dependents. DER bytes are identified by the
// fingerprint next to them. Facts taken over from an unchanged document share their objects
// (certificates above all), so most comparisons end at the first identity check.
function sameIgnoringSpans(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Uint8Array || b instanceof Uint8Array) return a instanceof Uint8Array && b instanceof Uint8Array && a.length === b.length;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((item, i) => sameIgnoringSpans(item, (b as unknown[])[i]));
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  for (const key of keys) {
    if (key !== 'span' && !sameIgnoringSpans(x[key], y[key])) return false;
  }
  return true;
}

/** Folder order: compares path segments, so `a/x` (inside folder a) comes before `a-b/x`, like a sorted walk. */
export function comparePaths(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) {
      // A file and a folder of the same parent: compare names as the walk's sorted readdir does.
      return x[i] < y[i] ? -1 : 1;
    }
  }
  return x.length - y.length;
}
