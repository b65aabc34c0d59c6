// The workspace index: facts per file, queried by rules for cross-file questions
// (which issuer does this Certificate use? which step-ca serves this StepClusterIssuer?).
import type { Span } from '../types.js';
import type { DecodedCertificate } from '../x509/model.js';
import { emptyFacts, FACT_CATEGORIES, type CertificateFact, type FactCategory, type FileFacts, type IssuerFact } from './facts.js';

/**
 * What an analysis consulted: a fact category, one key of a keyed category ("issuers#web-ca": the
 * issuers named web-ca), or the set of file paths (path resolution).
 */
export type IndexRead = FactCategory | `${KeyedCategory}#${string}` | 'paths';

/**
 * The answer a query got (a digest of its result) and how to ask it again: a reader whose answers
 * are all unchanged is not affected by a change to what it read (early cutoff).
 */
export interface Answer {
  seen: string;
  /** The same question with the same arguments has the same `question` and `key`: asked once per change. */
  question: unknown;
  key: string;
  now: () => string;
}

/** The reads of one analysis: each with the answers of its queries, or null when read as a whole. */
export type RecordedReads = Map<IndexRead, Answer[] | null>;

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
  /**
   * all(category) results, kept until a file with facts of that category changes, with the last
   * file (in folder order) that contributed to the list.
   */
  private readonly allCache = new Map<FactCategory, { list: readonly unknown[]; last: string | undefined }>();
  /** Facts of keyed categories by key, kept like allCache. */
  private readonly keyedCache = new Map<KeyedCategory, Map<string, unknown[]>>();

  /**
   * Drops the cached lists a change of `path` makes stale. A file that brings the first facts of a
   * category and comes after every file with such facts (the CLI adds files in folder order)
   * extends the lists instead of dropping them.
   */
  private forget(path: string, previous: FileFacts | undefined, next: FileFacts | undefined): void {
    if (previous === undefined) {
      const sorted = this.sorted;
      if (sorted !== undefined && (sorted.length === 0 || comparePaths(sorted[sorted.length - 1], path) < 0)) {
        sorted.push(path);
        if (this.byName) addName(this.byName, path);
      } else {
        this.sorted = undefined;
        this.byName = undefined;
      }
    }
    for (const category of FACT_CATEGORIES) {
      const before = previous?.[category] ?? [];
      const added = next?.[category] ?? [];
      if (before.length === 0 && added.length === 0) continue;
      const cached = this.allCache.get(category);
      const extending = before.length === 0 && cached !== undefined && (cached.last === undefined || comparePaths(cached.last, path) < 0);
      if (!extending) {
        this.allCache.delete(category);
        this.keyedCache.delete(category as KeyedCategory);
        continue;
      }
      this.allCache.set(category, { list: Object.freeze([...cached.list, ...added]), last: path });
      const keyed = this.keyedCache.get(category as KeyedCategory);
      if (keyed) addByKey(keyed, KEY_OF[category as KeyedCategory] as (fact: unknown) => string | undefined, added);
    }
  }

  private ordered(): string[] {
    this.sorted ??= [...this.byFile.keys()].sort(comparePaths);
    return this.sorted;
  }

  /** The paths in folder order by file name, kept like `sorted` (path resolution looks up names). */
  private byName: Map<string, string[]> | undefined;

  private withName(name: string | undefined): readonly string[] {
    if (name === undefined) return [];
    if (!this.byName) {
      this.byName = new Map();
      for (const path of this.ordered()) addName(this.byName, path);
    }
    return this.byName.get(name) ?? [];
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
    this.byName = undefined;
    return changedReads(FACT_CATEGORIES.filter((category) => previous[category].length > 0), previous, emptyFacts());
  }

  /**
   * Runs `fn` (the analysis of file `path`, or of the part of it `within` spans: one document of a
   * YAML file) and returns what it read from the index, so the engine knows whom a change affects.
   * The file's own facts (ofFile with its own path) are not a dependency: they change only
   * together with the file (with `within`, ofFile gives only the facts inside it, which change
   * only with that part).
   */
  recordReads<T>(path: string, fn: () => T, within?: Span): { result: T; reads: RecordedReads } {
    const outer = { reads: this.reads, path: this.readingFor, within: this.readingWithin };
    const reads: RecordedReads = new Map();
    this.reads = reads;
    this.readingFor = path;
    this.readingWithin = within;
    try {
      return { result: fn(), reads };
    } finally {
      this.reads = outer.reads;
      this.readingFor = outer.path;
      this.readingWithin = outer.within;
    }
  }

  private reads: RecordedReads | undefined;
  private readingFor: string | undefined;
  private readingWithin: Span | undefined;

  /** Records a read, with the answer of the query that made it or none (any change affects the reader). */
  private read(what: IndexRead, answer?: Answer): void {
    if (this.allowed && !this.allowed.has(what.split('#')[0])) throw new Error(`a question asked over ${[...this.allowed].join(', ')} read ${what}`);
    const reads = this.reads;
    if (!reads) return;
    const answers = reads.get(what);
    if (answers === null) return;
    if (answer === undefined) reads.set(what, null);
    else if (answers === undefined) reads.set(what, [answer]);
    else answers.push(answer);
  }

  /**
   * Answers a question about the workspace's facts of one category, recorded as a read of the
   * category with that answer: the reader is affected by a change to the category only when the
   * answer changes (compared by identityDigest: which fact objects, or the value). `question`
   * depends on nothing but the list and `args`, which are kept with the answer to ask it again:
   * they must not hold the file being analysed or its tree.
   */
  derive<K extends FactCategory, A extends readonly unknown[], T>(category: K, question: (list: readonly Fact<K>[], ...args: A) => T, ...args: A): T {
    let answer: T;
    try {
      answer = question(this.list(category), ...args);
    } catch (error) {
      this.read(category); // a failed question depends on the whole category
      throw error;
    }
    this.read(category, { seen: identityDigest(answer), question, key: `${category}${identityDigest(args)}`, now: () => identityDigest(question(this.list(category), ...args)) });
    return answer;
  }

  /**
   * Answers a question that reads several categories of the index (through its usual methods),
   * recorded as a read of each category in `over` with that answer, like derive(). Reading anything
   * else while answering throws, since a change to it would not ask the question again.
   */
  ask<A extends readonly unknown[], T>(over: readonly (FactCategory | 'paths')[], question: (index: WorkspaceIndex, ...args: A) => T, ...args: A): T {
    // The question is about the workspace: it sees every file's facts whole, the analysed file's too.
    const evaluate = (): T => {
      const outer = { reads: this.reads, allowed: this.allowed, path: this.readingFor, within: this.readingWithin };
      this.reads = undefined;
      this.allowed = new Set(over);
      this.readingFor = undefined;
      this.readingWithin = undefined;
      try {
        return question(this, ...args);
      } finally {
        this.reads = outer.reads;
        this.allowed = outer.allowed;
        this.readingFor = outer.path;
        this.readingWithin = outer.within;
      }
    };
    let answer: T;
    try {
      answer = evaluate();
    } catch (error) {
      for (const read of over) this.read(read); // a failed question depends on all it names
      throw error;
    }
    const recorded: Answer = { seen: identityDigest(answer), question, key: `${over.join()}${identityDigest(args)}`, now: () => identityDigest(evaluate()) };
    for (const read of over) this.read(read, recorded);
    return answer;
  }

  /** While ask() answers a question: the categories it may read. */
  private allowed: Set<string> | undefined;

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
      let last: string | undefined;
      for (const path of this.ordered()) {
        const facts = this.byFile.get(path)![category];
        if (facts.length === 0) continue;
        out.push(...facts);
        last = path;
      }
      cached = { list: Object.freeze(out), last };
      this.allCache.set(category, cached);
    }
    return cached.list as readonly Fact<K>[];
  }

  /**
   * The facts of a keyed category with one key, in file order; the caller records the read. The
   * list is the index's own and grows as files are added: use it before adding any.
   */
  private withKey<K extends KeyedCategory>(category: K, key: string): readonly Fact<K>[] {
    let map = this.keyedCache.get(category);
    if (!map) {
      map = new Map();
      addByKey(map, KEY_OF[category] as (fact: unknown) => string | undefined, this.list(category));
      this.keyedCache.set(category, map);
    }
    return (map.get(key) ?? []) as Fact<K>[];
  }

  /**
   * The facts of one category that one file contributes; of the file being analysed, those inside
   * the part being analysed (see recordReads; a fact without a place is in no part).
   */
  ofFile<K extends FactCategory>(category: K, path: string): readonly FileFacts[K][number][] {
    const facts = (): readonly FileFacts[K][number][] => this.byFile.get(path)?.[category] ?? NO_FACTS;
    if (path !== this.readingFor) {
      this.read(category, { seen: identityDigest(facts()), question: this.ofFile, key: `${category}${path}`, now: () => identityDigest(facts()) });
      return facts();
    }
    const within = this.readingWithin;
    if (!within) return facts();
    return facts().filter((fact) => {
      const span = placeOf(fact);
      return span !== undefined && within.start <= span.start && span.end <= within.end;
    });
  }

  /**
   * The workspace's decoded certificates whose subject is `subject` (compared without case), in
   * file order and each once: the candidate issuers of a certificate whose issuer name it is.
   */
  certificatesWithSubject(subject: string): DecodedCertificate[] {
    const key = subject.toLowerCase();
    const found = this.distinctCertificates(key);
    this.read(`certificates#${key}`, { seen: fingerprints(found), question: this.certificatesWithSubject, key, now: () => fingerprints(this.distinctCertificates(key)) });
    return found;
  }

  private distinctCertificates(lowerSubject: string): DecodedCertificate[] {
    const out = new Map<string, DecodedCertificate>();
    for (const fact of this.withKey('certificates', lowerSubject)) {
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
    const find = (): IssuerFact | undefined => this.withKey('issuers', ref.name).find((issuer) =>
      issuer.kind === kind && issuer.group === group &&
      (clusterScoped || (issuer.namespace ?? 'default') === (namespace ?? 'default')));
    const found = find();
    this.read(`issuers#${ref.name}`, { seen: identityDigest(found), question: this.findIssuer, key: JSON.stringify([ref.name, kind, group, clusterScoped ? '' : namespace ?? 'default']), now: () => identityDigest(find()) });
    return found;
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
    for (const path of this.withName(wanted[wanted.length - 1])) {
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

function addName(byName: Map<string, string[]>, path: string): void {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const list = byName.get(name);
  if (list) list.push(path);
  else byName.set(name, [path]);
}

function addByKey(map: Map<string, unknown[]>, keyOf: (fact: unknown) => string | undefined, facts: readonly unknown[]): void {
  for (const fact of facts) {
    const key = keyOf(fact);
    if (key === undefined) continue;
    const list = map.get(key);
    if (list) list.push(fact);
    else map.set(key, [fact]);
  }
}

const NO_FACTS: readonly never[] = Object.freeze([]);

/** Where a fact is written in its file: its span, or its certificate's. */
function placeOf(fact: unknown): Span | undefined {
  const placed = fact as { span?: Span; occurrence?: { span: Span } };
  return placed.span ?? placed.occurrence?.span;
}

/** A number per object for the life of the object, so that answers can name facts cheaply. */
const identities = new WeakMap<object, number>();
let nextIdentity = 1;

function identityOf(value: object): number {
  let id = identities.get(value);
  if (id === undefined) {
    id = nextIdentity++;
    identities.set(value, id);
  }
  return id;
}

/**
 * Which objects an answer holds (a list: its items'), or the value itself. A fact object stands for
 * its content: a file set again gives new objects for every fact it does not take over unchanged.
 */
function identityDigest(answer: unknown): string {
  if (Array.isArray(answer)) return `[${answer.map((item) => identityDigest(item)).join(',')}]`;
  if ((typeof answer === 'object' && answer !== null) || typeof answer === 'function') return `#${identityOf(answer)}`;
  return typeof answer === 'string' ? JSON.stringify(answer) : String(answer);
}

/** The answer digest of a certificate lookup: the certificates' fingerprints in order. */
function fingerprints(certs: readonly DecodedCertificate[]): string {
  return certs.map((cert) => cert.fingerprintSha256).join(',');
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
