// The workspace index: facts per file, queried by rules for cross-file questions
// (which issuer does this Certificate use? which step-ca serves this StepClusterIssuer?).
import type { DecodedCertificate } from '../x509/model.js';
import { emptyFacts, FACT_CATEGORIES, type FactCategory, type FileFacts, type IssuerFact } from './facts.js';

/** What an analysis consulted: a fact category, or the set of file paths (path resolution). */
export type IndexRead = FactCategory | 'paths';

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

  /** Decoded certificates by lower-case subject, kept like allCache('certificates'). */
  private bySubject: Map<string, DecodedCertificate[]> | undefined;

  private forget(previous: FileFacts | undefined, next: FileFacts | undefined): void {
    for (const category of FACT_CATEGORIES) {
      if ((previous?.[category].length ?? 0) > 0 || (next?.[category].length ?? 0) > 0) {
        this.allCache.delete(category);
        if (category === 'certificates') this.bySubject = undefined;
      }
    }
  }

  private ordered(): string[] {
    this.sorted ??= [...this.byFile.keys()].sort(comparePaths);
    return this.sorted;
  }

  /** Stores a file's facts; returns the categories whose content changed. */
  setFacts(path: string, facts: FileFacts): FactCategory[] {
    const previous = this.byFile.get(path) ?? emptyFacts();
    if (!this.byFile.has(path)) this.sorted = undefined;
    this.forget(this.byFile.get(path), facts);
    this.byFile.set(path, facts);
    return FACT_CATEGORIES.filter((category) => !sameFacts(previous[category], facts[category]));
  }

  removeFile(path: string): FactCategory[] {
    const previous = this.byFile.get(path);
    this.forget(previous, undefined);
    if (this.byFile.delete(path)) this.sorted = undefined;
    return previous ? FACT_CATEGORIES.filter((category) => previous[category].length > 0) : [];
  }

  /** Runs `fn` and returns what it read from the index, so the engine knows whom a change affects. */
  recordReads<T>(fn: () => T): { result: T; reads: Set<IndexRead> } {
    const outer = this.reads;
    const reads = new Set<IndexRead>();
    this.reads = reads;
    try {
      return { result: fn(), reads };
    } finally {
      this.reads = outer;
    }
  }

  private reads: Set<IndexRead> | undefined;

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
  all<K extends FactCategory>(category: K): readonly FileFacts[K][number][] {
    this.read(category);
    let cached = this.allCache.get(category);
    if (!cached) {
      const out: FileFacts[K][number][] = [];
      for (const path of this.ordered()) out.push(...this.byFile.get(path)![category]);
      cached = Object.freeze(out);
      this.allCache.set(category, cached);
    }
    return cached as readonly FileFacts[K][number][];
  }

  /** The facts of one category that one file contributes. */
  ofFile<K extends FactCategory>(category: K, path: string): readonly FileFacts[K][number][] {
    this.read(category);
    return this.byFile.get(path)?.[category] ?? [];
  }

  /**
   * The workspace's decoded certificates whose subject is `subject` (compared without case), in
   * file order and each once: the candidate issuers of a certificate whose issuer name it is.
   */
  certificatesWithSubject(subject: string): readonly DecodedCertificate[] {
    if (!this.bySubject) {
      const map = new Map<string, DecodedCertificate[]>();
      const seen = new Set<string>();
      for (const fact of this.all('certificates')) {
        const cert = fact.occurrence.cert;
        if (!cert || seen.has(cert.fingerprintSha256)) continue;
        seen.add(cert.fingerprintSha256);
        const key = cert.subject.toLowerCase();
        const list = map.get(key);
        if (list) list.push(cert);
        else map.set(key, [cert]);
      }
      this.bySubject = map;
    }
    this.read('certificates');
    return this.bySubject.get(subject.toLowerCase()) ?? [];
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
    return this.all('issuers').find((issuer) =>
      issuer.name === ref.name && issuer.kind === kind && issuer.group === group &&
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
