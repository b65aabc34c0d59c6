// The analysis engine: files in, findings out. No I/O and no editor API: the CLI and the
// language server own reading files and presenting results.
import { allRules } from './rules/index.js';
import { DEFAULT_CONFIG, type LensConfig } from './config.js';
import { parseFile, type Notice, type ParsedFile } from './parse.js';
import type { HclTreeSitter } from './formats/hcl.js';
import { withPreviousYaml } from './formats/yaml.js';
import type { Knowledge } from './knowledge.js';
import type { Rule, RuleMeta } from './rule.js';
import { collectSuppressions } from './suppress.js';
import type { Finding, Report, Severity } from './types.js';
import { extractFacts } from './workspace/facts.js';
import { WorkspaceIndex, type IndexRead } from './workspace/index.js';

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

export class Engine {
  readonly index = new WorkspaceIndex();
  readonly rules: readonly Rule[];
  private readonly files = new Map<string, ParsedFile>();
  private readonly reads = new Map<string, Set<IndexRead>>();
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
    return [...this.rules.map((r) => r.meta), INTERNAL_ERROR_META];
  }

  /** Parses a file and records its facts. Returns the other files whose findings may have changed. */
  setFile(path: string, content: string | Uint8Array): string[] {
    const previous = this.files.get(path);
    const isNew = previous === undefined;
    // An edited YAML file re-parses only the documents whose text changed (formats/yaml.ts).
    const file = withPreviousYaml(previous?.kind === 'kubernetes-yaml' ? previous.yaml : undefined, () => parseFile(path, content, { hcl: this.options.hcl }));
    this.files.set(path, file);
    this.cache.delete(path);
    const facts = extractFacts(file, this.knowledge);
    const changed = this.index.setFacts(path, facts);
    return this.invalidateDependents(path, changed, isNew);
  }

  removeFile(path: string): string[] {
    if (!this.files.delete(path)) return [];
    this.cache.delete(path);
    this.reads.delete(path);
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
  }

  file(path: string): ParsedFile | undefined {
    return this.files.get(path);
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
    const { result, reads } = this.index.recordReads(() => this.runRules(file));
    this.reads.set(path, reads);
    this.cache.set(path, result);
    return result;
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
    const affected: string[] = [];
    if (changed.length === 0 && !pathsChanged) return affected;
    for (const [other, reads] of this.reads) {
      if (other === path) continue;
      if ((pathsChanged && reads.has('paths')) || changed.some((c) => reads.has(c))) {
        this.cache.delete(other);
        affected.push(other);
      }
    }
    return affected;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
