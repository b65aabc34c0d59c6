// The analysis engine: files in, findings out. No I/O and no editor API: the CLI and the
// language server own reading files and presenting results.
import { allRules } from './rules/index.js';
import { DEFAULT_CONFIG, type LensConfig } from './config.js';
import { parseFile, type Notice, type ParsedFile } from './parse.js';
import type { LineIndex } from './text.js';
import type { HclTreeSitter } from './formats/hcl.js';
import { withPreviousYaml } from './formats/yaml.js';
import type { Knowledge } from './knowledge.js';
import type { Rule, RuleMeta } from './rule.js';
import { collectSuppressions } from './suppress.js';
import type { Finding, Report, Severity } from './types.js';
import { extractFacts, type FileFacts } from './workspace/facts.js';
import { WorkspaceIndex, type IndexRead, type RecordedReads } from './workspace/index.js';

export interface EngineOptions {
  knowledge: Knowledge;
  config?: LensConfig;
  hcl?: HclTreeSitter;
  /** The analysis clock; defaults to the time the engine was created. */
  now?: Date;
  rules?: readonly Rule[];
}

/** Reported when a rule throws: once per rule and file, and the other rules still run. */
export const INTERNAL_ERROR_META: RuleMeta = {
  id: 'internal-error',
  severity: 'error',
  description: 'A rule failed on this file; the other rules still ran. Please report it with the file.',
  appliesTo: [],
  fixable: false,
  sources: ['PQC Lens'],
};

/** The metadata of `rules` and of the built-in internal-error. */
export function ruleMetas(rules: readonly Rule[]): RuleMeta[] {
  return [...rules.map((r) => r.meta), INTERNAL_ERROR_META];
}

export class Engine {
  readonly index = new WorkspaceIndex();
  readonly rules: readonly Rule[];
  private readonly files = new Map<string, ParsedFile>();
  /** Files known only by their facts (setExternalFacts). */
  private readonly external = new Set<string>();
  /** What each analysed file read from the index (with the answers it got), and the reverse: who read each thing. */
  private readonly reads = new Map<string, RecordedReads>();
  private readonly readers = new Map<IndexRead, Set<string>>();
  private readonly cache = new Map<string, Finding[]>();
  private config: LensConfig;
  private knowledge: Knowledge;
  private readonly now: Date;

  constructor(private readonly options: EngineOptions) {
    this.rules = options.rules ?? allRules;
    this.config = options.config ?? DEFAULT_CONFIG;
    this.knowledge = options.knowledge;
    this.now = options.now ?? new Date();
  }

  /** All rule metadata, including the built-in internal-error. */
  get ruleMetas(): RuleMeta[] {
    return ruleMetas(this.rules);
  }

  /** Parses a file and records its facts. Returns the other files whose findings may have changed. */
  setFile(path: string, content: string | Uint8Array): string[] {
    const previous = this.files.get(path);
    const isNew = previous === undefined && !this.external.delete(path);
    // An edited YAML file re-parses only the documents whose text changed (formats/yaml.ts).
    const file = withPreviousYaml(previous?.kind === 'kubernetes-yaml' ? previous.yaml : undefined, () => parseFile(path, content, { hcl: this.options.hcl }));
    this.files.set(path, file);
    this.forgetFindings(path);
    const facts = extractFacts(file, this.knowledge);
    const changed = this.index.setFacts(path, facts);
    return this.invalidateDependents(path, changed, isNew);
  }

  /**
   * Records the facts of a file this engine does not parse (another thread of the CLI's parallel
   * check read it, or it was read here and is not needed any more): rules see its facts; its tree
   * and findings are dropped. reconfigure() cannot extract such facts again.
   */
  setExternalFacts(path: string, facts: FileFacts): string[] {
    const known = this.external.has(path) || this.files.delete(path);
    this.external.add(path);
    this.forgetFindings(path);
    return this.invalidateDependents(path, this.index.setFacts(path, facts), !known);
  }

  removeFile(path: string): string[] {
    const held = this.files.delete(path);
    if (!this.external.delete(path) && !held) return [];
    this.forgetFindings(path);
    return this.invalidateDependents(path, this.index.removeFile(path), true);
  }

  /** New settings or knowledge invalidate every cached result. */
  reconfigure(update: { config?: LensConfig; knowledge?: Knowledge }): void {
    if (update.config) this.config = update.config;
    if (update.knowledge) {
      this.knowledge = update.knowledge;
      for (const [path, file] of this.files) this.index.setFacts(path, extractFacts(file, this.knowledge));
    }
    this.cache.clear();
    this.reads.clear();
    this.readers.clear();
  }

  /**
   * Drops the parse tree of an analysed file but keeps its facts, findings and what they read:
   * the CLI's check keeps every file's facts, and each tree only while the file is analysed.
   * Until the file is set again, a change that affects it is reported and its findings dropped
   * as for any file, but analyze() cannot run again: it returns nothing.
   */
  releaseTree(path: string): void {
    if (this.files.delete(path)) this.external.add(path);
  }

  file(path: string): ParsedFile | undefined {
    return this.files.get(path);
  }

  lines(path: string): LineIndex | undefined {
    return this.files.get(path)?.lines;
  }

  paths(): string[] {
    return [...this.files.keys()];
  }

  notices(path: string): Notice[] {
    return this.files.get(path)?.notices ?? [];
  }

  analyze(path: string): Finding[] {
    const cached = this.cache.get(path);
    if (cached) return cached;
    const file = this.files.get(path);
    if (!file) return [];
    const { result, reads } = this.index.recordReads(path, () => this.runRules(file));
    this.reads.set(path, reads);
    for (const read of reads.keys()) {
      const readers = this.readers.get(read);
      if (readers) readers.add(path);
      else this.readers.set(read, new Set([path]));
    }
    this.cache.set(path, result);
    return result;
  }

  /**
   * Parses and analyses `content` as the file `path`, whose facts the index already holds
   * (setExternalFacts), and keeps nothing: the second pass of the CLI's parallel check.
   */
  analyzeOnce(path: string, content: string | Uint8Array): { findings: Finding[]; lines: LineIndex } {
    const file = parseFile(path, content, { hcl: this.options.hcl });
    return { findings: this.index.recordReads(path, () => this.runRules(file)).result, lines: file.lines };
  }

  private runRules(file: ParsedFile): Finding[] {
    const findings: Finding[] = [];
    const suppressions = collectSuppressions(file.text, file.lines);
    const settings = { expiringDays: this.config.expiringDays, now: this.now };
    for (const rule of this.rules) {
      const configured = this.config.rules[rule.meta.id];
      if (configured === 'off' || !rule.meta.appliesTo.includes(file.kind)) continue;
      const report = (r: Report): void => {
        const range = file.lines.range(r.span);
        if (suppressions.isSuppressed(rule.meta.id, range.start.line)) return;
        const severity: Severity = configured ?? r.severity ?? rule.meta.severity;
        findings.push({ ruleId: rule.meta.id, severity, message: r.message, file: file.path, span: r.span, range, fixes: r.fixes ?? [] });
      };
      try {
        rule.check({ file, index: this.index, knowledge: this.knowledge, settings, report });
      } catch (error) {
        const internal = this.config.rules[INTERNAL_ERROR_META.id];
        if (internal === 'off') continue;
        const span = { start: 0, end: 0 };
        findings.push({
          ruleId: INTERNAL_ERROR_META.id,
          severity: internal ?? INTERNAL_ERROR_META.severity,
          message: `Rule ${rule.meta.id} failed on this file (${errorText(error)}); the other rules still ran.`,
          file: file.path,
          span,
          range: file.lines.range(span),
          fixes: [],
        });
      }
    }
    return findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.ruleId.localeCompare(b.ruleId));
  }

  private invalidateDependents(path: string, changed: readonly IndexRead[], pathsChanged: boolean): string[] {
    const affected = new Set<string>();
    for (const read of pathsChanged ? [...changed, 'paths' as const] : changed) {
      for (const reader of this.readers.get(read) ?? []) {
        if (reader === path || affected.has(reader)) continue;
        // Early cutoff: a reader whose queries would all answer as before is not affected.
        const answers = this.reads.get(reader)?.get(read);
        if (answers && answers.every((answer) => answer.now() === answer.seen)) continue;
        affected.add(reader);
      }
    }
    for (const other of affected) this.forgetFindings(other);
    return [...affected];
  }

  /** Drops a file's cached findings and what its analysis read. */
  private forgetFindings(path: string): void {
    this.cache.delete(path);
    for (const read of this.reads.get(path)?.keys() ?? []) this.readers.get(read)?.delete(path);
    this.reads.delete(path);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
