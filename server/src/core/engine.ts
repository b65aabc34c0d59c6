// The analysis engine: files in, findings out. No I/O and no editor API: the CLI and the
// language server own reading files and presenting results.
import { allRules } from './rules/index.js';
import { DEFAULT_CONFIG, type LensConfig } from './config.js';
import { decodeText, parseFile, type Notice, type ParsedFile, type YamlFile } from './parse.js';
import { LineIndex, spanAfter, textChange, type TextChange } from './text.js';
import type { HclTreeSitter } from './formats/hcl.js';
import { documentCut, parseDocumentsAlone, pieceOf, withPreviousYaml, type DocumentCut, type YamlDocument } from './formats/yaml.js';
import type { Knowledge } from './knowledge.js';
import type { Rule, RuleMeta } from './rule.js';
import { collectSuppressions } from './suppress.js';
import type { Finding, Fix, Report, Severity, Span, TextEdit } from './types.js';
import { locateCertificates } from './x509/locate.js';
import { extractFacts, type FileFacts } from './workspace/facts.js';
import { WorkspaceIndex, type Answer, type IndexRead, type RecordedReads } from './workspace/index.js';

export interface EngineOptions {
  knowledge: Knowledge;
  config?: LensConfig;
  hcl?: HclTreeSitter;
  /** The analysis clock; defaults to the time the engine was created. */
  now?: Date;
  rules?: readonly Rule[];
  /**
   * Keep what each document of a multi-document YAML file gave when its tree is released
   * (releaseTree), so that analyzeOnce parses and analyses again only the documents whose answers
   * changed: the CLI's parallel check, whose second pass otherwise parsed whole files again.
   */
  reanalyseByDocument?: boolean;
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
  /** Files known only by their facts (setExternalFacts, or analysed and then releaseTree). */
  private readonly external = new Set<string>();
  /** What each analysed file read from the index (with the answers it got), and the reverse: who read each thing. */
  private readonly reads = new Map<string, RecordedReads>();
  private readonly readers = new Map<IndexRead, Set<string>>();
  private readonly cache = new Map<string, Finding[]>();
  /** While collectAffected() runs: when each read last changed (a step of `clock`). */
  private deferred: Map<IndexRead, number> | undefined;
  /** When each cached analysis ran (a step of `clock`). */
  private readonly analysedAt = new Map<string, number>();
  /** When each read last changed (a step of `clock`). */
  private readonly changedAt = new Map<IndexRead, number>();
  /**
   * What the rules found in each document of each YAML file: for files set again since they were
   * first set (edited), kept while the document is unchanged (a file set once, in the CLI or the
   * workspace scan, is analysed once and keeping would only cost time and memory); with
   * reanalyseByDocument, kept from analyze() until releaseTree, for the file's second analysis.
   */
  private readonly documentResults = new Map<string, Map<YamlDocument, DocumentResult>>();
  private readonly edited = new Set<string>();
  /** With reanalyseByDocument: what each document of a released file gave, and where it lies. */
  private readonly released = new Map<string, ReleasedDocuments>();
  private clock = 0;
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
    const isNew = previous === undefined && !this.external.has(path);
    // An edited YAML file re-parses only the documents whose text changed (formats/yaml.ts).
    const file = withPreviousYaml(previous?.kind === 'kubernetes-yaml' ? previous.yaml : undefined, () => parseFile(path, content, { hcl: this.options.hcl }));
    // Only now: should parsing throw, a file known by its facts stays known (removeFile forgets it).
    this.external.delete(path);
    this.files.set(path, file);
    this.forgetFindings(path);
    // Results kept until the tree is released were not checked for keeping across edits (keepable).
    if (previous && !this.edited.has(path)) this.documentResults.delete(path);
    if (previous) this.edited.add(path);
    this.moveDocumentResults(path, previous, file);
    const facts = extractFacts(file, this.knowledge);
    const changed = this.index.setFacts(path, facts);
    return this.invalidateDependents(path, changed, isNew);
  }

  /**
   * Records the facts of files this engine does not parse (another thread of the CLI's parallel
   * check read them): rules see their facts; trees and findings of those files are dropped.
   * reconfigure() cannot extract such facts again. All are recorded before any dependent is
   * looked at, so each answer is asked again once, of the index with every file in it.
   */
  setExternalFacts(entries: Iterable<readonly [string, FileFacts]>): string[] {
    const changed = new Set<IndexRead>();
    const paths: string[] = [];
    let pathsChanged = false;
    for (const [path, facts] of entries) {
      this.stopKeeping(path);
      const known = this.external.has(path) || this.files.delete(path);
      this.external.add(path);
      this.forgetFindings(path);
      for (const read of this.index.setFacts(path, facts)) changed.add(read);
      pathsChanged ||= !known;
      paths.push(path);
    }
    return this.invalidateDependents(paths, [...changed], pathsChanged);
  }

  removeFile(path: string): string[] {
    this.stopKeeping(path);
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
    this.analysedAt.clear();
    this.documentResults.clear();
    this.released.clear();
    this.reads.clear();
    this.readers.clear();
  }

  /**
   * Drops the parse tree of an analysed file but keeps its facts, findings and what they read:
   * the CLI's check keeps every file's facts, and each tree only while the file is analysed.
   * Until the file is set again, a change that affects it is reported and its findings dropped
   * as for any file, but analyze() cannot run again: it returns nothing. With
   * reanalyseByDocument, what each document of a YAML file gave is kept for analyzeOnce.
   */
  releaseTree(path: string): void {
    const file = this.files.get(path);
    const results = this.documentResults.get(path);
    this.stopKeeping(path);
    if (this.options.reanalyseByDocument && file?.kind === 'kubernetes-yaml' && results) {
      const documents = file.yaml.documents;
      const cut = documentCut(file.yaml);
      // Most documents read nothing from the index and found nothing: they share one result.
      const kept = documents.map((document) => results.get(document)).map((r) => (r && r.reads.size === 0 && r.findings.length === 0 ? NOTHING : r));
      const partsArePieces = cut !== undefined && documents.every((_, i) => samePlace(documentPart(file, i), pieceOf(cut, i)));
      if (cut && partsArePieces && kept.every((r) => r !== undefined)) this.released.set(path, { cut, results: kept as DocumentResult[] });
    }
    if (this.files.delete(path)) this.external.add(path);
  }

  /** The file is no longer one being edited or released: its documents' results are not kept. */
  private stopKeeping(path: string): void {
    this.documentResults.delete(path);
    this.edited.delete(path);
    this.released.delete(path);
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
    const { findings, reads } = this.check(file, this.edited.has(path) ? 'edited' : this.options.reanalyseByDocument ? 'until-released' : 'none');
    this.reads.set(path, reads);
    for (const read of reads.keys()) {
      const readers = this.readers.get(read);
      if (readers) readers.add(path);
      else this.readers.set(read, new Set([path]));
    }
    this.cache.set(path, findings);
    this.analysedAt.set(path, ++this.clock);
    return findings;
  }

  /**
   * Parses and analyses `content` as the file `path`, whose facts the index already holds
   * (setExternalFacts), and keeps nothing: the second pass of the CLI's parallel check. A file
   * released with per-document results (reanalyseByDocument) and the same text goes document by
   * document: only the documents whose answers changed are parsed and analysed again.
   */
  analyzeOnce(path: string, content: string | Uint8Array): { findings: Finding[]; lines: LineIndex } {
    const released = this.released.get(path);
    this.released.delete(path);
    const again = released && this.analyseReleased(path, content, released);
    if (again) return again;
    const file = parseFile(path, content, { hcl: this.options.hcl });
    return { findings: this.check(file, 'none').findings, lines: file.lines };
  }

  /**
   * A released file analysed again: each document whose answers still hold gives what it gave,
   * the others are parsed alone and the rules run on them. Undefined when the text is not the one
   * released (it changed on disk between the passes): then the file is analysed whole.
   */
  private analyseReleased(path: string, content: string | Uint8Array, released: ReleasedDocuments): { findings: Finding[]; lines: LineIndex } | undefined {
    const text = typeof content === 'string' ? content : decodeText(content);
    if (text === undefined) return undefined;
    const asked = new Map<unknown, Map<string, string>>();
    const stale = released.results.flatMap((result, i) => (this.stillHolds(result, asked) ? [] : [i]));
    const parsed = parseDocumentsAlone(text, released.cut, stale);
    if (!parsed) return undefined;
    const lines = new LineIndex(text);
    const file: YamlFile = { kind: 'kubernetes-yaml', path, text, lines, yaml: { documents: [], syntaxErrors: [] }, syntaxErrors: [], notices: [] };
    const results = released.results.map((result, i) => {
      const document = parsed.get(i);
      return document ? this.checkDocument(documentView(file, document, pieceOf(released.cut, i))) : result;
    });
    return { findings: this.finish(file, joinDocumentFindings(results)), lines };
  }

  /**
   * The findings of `file` (suppressions applied, in file order) and what the rules read; `keep`:
   * whether what its documents gave is kept, for its next analysis (a file being edited) or until
   * its tree is released (reanalyseByDocument).
   */
  private check(file: ParsedFile, keep: KeepDocuments): { findings: Finding[]; reads: RecordedReads } {
    // A YAML file of several documents goes document by document (checkDocuments), which gives
    // what one run of the rules on the whole file gives (test/unit/document-analysis.test.ts).
    const byDocument = file.kind === 'kubernetes-yaml' && file.yaml.documents.length > 1;
    if (!byDocument) this.documentResults.delete(file.path);
    const { result, reads } = byDocument
      ? this.checkDocuments(file, keep)
      : this.index.recordReads(file.path, () => this.runRules(file));
    return { findings: this.finish(file, result), reads };
  }

  /** The findings of a file with its suppressions applied, in file order. */
  private finish(file: ParsedFile, result: Finding[]): Finding[] {
    const suppressions = collectSuppressions(file.text, file.lines);
    const findings = result.filter((f) => !suppressions.isSuppressed(f.ruleId, f.range.start.line));
    return findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.ruleId.localeCompare(b.ruleId));
  }

  /**
   * Runs the rules on each document of a YAML file on its own: a rule sees a file with that one
   * document, and of the file's own facts those inside it. For a file being edited, what a document
   * gave is kept while the document is unchanged (an edit re-parses only the documents it touched,
   * formats/yaml.ts) and no answer it read from the index has changed; kept findings are moved
   * through each edit (moveDocumentResults). A keystroke then runs the rules on one document.
   * With reanalyseByDocument, what each document gave is kept until the tree is released.
   */
  private checkDocuments(file: YamlFile, keep: KeepDocuments): { result: Finding[]; reads: RecordedReads } {
    const reads: RecordedReads = new Map();
    const asked = new Map<unknown, Map<string, string>>();
    const kept = keep === 'edited' ? this.documentResults.get(file.path) : undefined;
    const keeping = new Map<YamlDocument, DocumentResult>();
    const results: DocumentResult[] = [];
    const documents = file.yaml.documents;
    for (let i = 0; i < documents.length; i++) {
      const document = documents[i];
      const held = kept?.get(document);
      const reused = held !== undefined && held.eol === file.lines.eol && this.stillHolds(held, asked);
      let result: DocumentResult;
      if (reused) {
        // Kept findings get their range in the current text (lines may have moved).
        result = { ...held, findings: held.findings.map((finding) => ({ ...finding, range: file.lines.range(finding.span) })) };
        keeping.set(document, held);
      } else {
        const view = documentView(file, document, documentPart(file, i));
        result = this.checkDocument(view);
        if (keep === 'until-released' || (keep === 'edited' && this.keepable(view))) keeping.set(document, result);
      }
      results.push(result);
      mergeReads(reads, result.reads);
    }
    if (keeping.size > 0) this.documentResults.set(file.path, keeping);
    else this.documentResults.delete(file.path);
    return { result: joinDocumentFindings(results), reads };
  }

  /** The rules run on the view of one document (documentView). */
  private checkDocument(view: YamlFile): DocumentResult {
    const checked = this.index.recordReads(view.path, () => this.runRules(view), view.yaml.documents[0].span);
    return { eol: view.lines.eol, at: ++this.clock, findings: checked.result, reads: checked.reads };
  }

  /**
   * After an edit, the kept results of the file's documents (the file as it was) are moved to the
   * new text; a result with a finding or fix the edit touches is dropped. A document taken over by
   * the re-parse lies wholly before or after the edit, but a fix may also edit another document
   * (an image the finding asks to upgrade).
   */
  private moveDocumentResults(path: string, previous: ParsedFile | undefined, file: ParsedFile): void {
    const kept = this.documentResults.get(path);
    if (!kept) return;
    if (!previous || file.kind !== 'kubernetes-yaml') {
      this.documentResults.delete(path);
      return;
    }
    if (previous.text === file.text) return;
    const change = textChange(previous.text, file.text);
    for (const [document, result] of kept) {
      const moved = moveFindings(result.findings, change);
      if (moved) result.findings = moved;
      else kept.delete(document);
    }
  }

  /**
   * Whether a document's findings can be kept: not when one of its certificate errors names a file
   * offset, which an edit before it changes (moveDocumentResults moves spans, not messages).
   */
  private keepable(view: YamlFile): boolean {
    return !locateCertificates(view, this.knowledge).some((occurrence) => occurrence.errorAtFileOffset);
  }

  /** Whether every answer a kept result got is still the index's answer (asked again only when what it read changed). */
  private stillHolds(result: DocumentResult, asked: Map<unknown, Map<string, string>>): boolean {
    for (const [read, answers] of result.reads) {
      if ((this.changedAt.get(read) ?? 0) < result.at) continue;
      if (!answers || !answers.every((answer) => askOnce(answer, asked) === answer.seen)) return false;
    }
    return true;
  }

  /** The rules' reports on `file` as findings, before suppressions. */
  private runRules(file: ParsedFile): Finding[] {
    const findings: Finding[] = [];
    const settings = { expiringDays: this.config.expiringDays, now: this.now };
    for (const rule of this.rules) {
      const configured = this.config.rules[rule.meta.id];
      if (configured === 'off' || !rule.meta.appliesTo.includes(file.kind)) continue;
      const report = (r: Report): void => {
        const severity: Severity = configured ?? r.severity ?? rule.meta.severity;
        findings.push({ ruleId: rule.meta.id, severity, message: r.message, file: file.path, span: r.span, range: file.lines.range(r.span), fixes: r.fixes ?? [] });
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
    return findings;
  }

  /**
   * Runs `work`, which sets files and analyses them, and looks for the files its changes affect
   * once at the end instead of after every change: setFile and the others return nothing
   * meanwhile. An analysis that ran after the last change to what it read is not affected.
   */
  collectAffected(work: () => void): string[] {
    if (this.deferred) throw new Error('collectAffected() does not nest');
    const deferred = new Map<IndexRead, number>();
    this.deferred = deferred;
    try {
      work();
    } finally {
      this.deferred = undefined;
    }
    const affected = new Set<string>();
    const asked = new Map<unknown, Map<string, string>>();
    for (const [read, changedAt] of deferred) {
      for (const reader of this.readers.get(read) ?? []) {
        if (affected.has(reader) || (this.analysedAt.get(reader) ?? 0) > changedAt) continue;
        if (!this.answersHold(reader, read, asked)) affected.add(reader);
      }
    }
    for (const path of affected) this.forgetFindings(path);
    return [...affected];
  }

  /**
   * Whether the answers `reader` got when it read `read` are still what the index answers (false
   * when it read it as a whole). `asked` holds answers already worked out for this change.
   */
  private answersHold(reader: string, read: IndexRead, asked: Map<unknown, Map<string, string>>): boolean {
    const answers = this.reads.get(reader)?.get(read);
    if (!answers) return false;
    return answers.every((answer) => askOnce(answer, asked) === answer.seen);
  }

  private invalidateDependents(changedFiles: string | readonly string[], changed: readonly IndexRead[], pathsChanged: boolean): string[] {
    const at = ++this.clock;
    const reads = pathsChanged ? [...changed, 'paths' as const] : changed;
    for (const read of reads) this.changedAt.set(read, at);
    if (this.deferred) {
      for (const read of reads) this.deferred.set(read, at);
      return [];
    }
    const own = new Set(typeof changedFiles === 'string' ? [changedFiles] : changedFiles);
    const affected = new Set<string>();
    const asked = new Map<unknown, Map<string, string>>();
    for (const read of reads) {
      for (const reader of this.readers.get(read) ?? []) {
        if (own.has(reader) || affected.has(reader)) continue;
        // Early cutoff: a reader whose queries would all answer as before is not affected.
        if (!this.answersHold(reader, read, asked)) affected.add(reader);
      }
    }
    for (const other of affected) this.forgetFindings(other);
    return [...affected];
  }

  /** Drops a file's cached findings and what its analysis read. */
  private forgetFindings(path: string): void {
    this.cache.delete(path);
    this.analysedAt.delete(path);
    for (const read of this.reads.get(path)?.keys() ?? []) this.readers.get(read)?.delete(path);
    this.reads.delete(path);
  }
}

/** What the rules found in one document (before suppressions), at its place in the current text. */
interface DocumentResult {
  /** The file's line ending when analysed (fixes that insert lines use it). */
  eol: string;
  /** When it was analysed (a step of the engine's clock). */
  at: number;
  findings: Finding[];
  reads: RecordedReads;
}

/**
 * Findings (spans and fix edits) moved through a change of the text; undefined when it touches one.
 * What the change leaves in place is kept as it is (most documents lie before the edit).
 */
function moveFindings(findings: Finding[], change: TextChange): Finding[] | undefined {
  let out: Finding[] | undefined;
  for (let i = 0; i < findings.length; i++) {
    const finding = findings[i];
    const span = spanAfter(finding.span, change);
    if (!span) return undefined;
    let fixes: Fix[] | undefined;
    for (let f = 0; f < finding.fixes.length; f++) {
      const fix = finding.fixes[f];
      let edits: TextEdit[] | undefined;
      for (let e = 0; e < fix.edits.length; e++) {
        const edit = fix.edits[e];
        const moved = spanAfter(edit.span, change);
        if (!moved) return undefined;
        if (moved !== edit.span) (edits ??= fix.edits.slice())[e] = { ...edit, span: moved };
      }
      if (edits) (fixes ??= finding.fixes.slice())[f] = { ...fix, edits };
    }
    if (span !== finding.span || fixes) (out ??= findings.slice())[i] = { ...finding, span, fixes: fixes ?? finding.fixes };
  }
  return out ?? findings;
}

/** Whether what each document of a YAML file gave is kept, and for what (Engine.check). */
type KeepDocuments = 'edited' | 'until-released' | 'none';

/** What each document of a released file gave (reanalyseByDocument), without its tree; each document's part of the text is its piece. */
interface ReleasedDocuments {
  cut: DocumentCut;
  results: DocumentResult[];
}

/** The result of a document that read nothing from the index and found nothing. */
const NOTHING: DocumentResult = { eol: '', at: 0, findings: [], reads: new Map() };

function samePlace(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}

/**
 * The stretch of the text document `i` stands for: from its start (the file's start for the
 * first) to the next document's, so its own comments and white space after it are part of it.
 */
function documentPart(file: YamlFile, i: number): Span {
  const documents = file.yaml.documents;
  return { start: i === 0 ? 0 : documents[i].span.start, end: i + 1 < documents.length ? documents[i + 1].span.start : file.text.length };
}

/** What a rule sees of one document of a YAML file: a file with that document alone. */
function documentView(file: YamlFile, document: YamlDocument, part: Span): YamlFile {
  const errors = document.syntaxError ? [document.syntaxError] : [];
  return { ...file, yaml: { documents: [document], syntaxErrors: errors }, syntaxErrors: errors, part };
}

/** The findings of a file's documents, in document order; a rule that throws is reported once per file, not once per document. */
function joinDocumentFindings(results: readonly DocumentResult[]): Finding[] {
  const findings: Finding[] = [];
  const internalErrors = new Set<string>();
  for (const result of results) {
    for (const finding of result.findings) {
      if (finding.ruleId === INTERNAL_ERROR_META.id) {
        if (internalErrors.has(finding.message)) continue;
        internalErrors.add(finding.message);
      }
      findings.push(finding);
    }
  }
  return findings;
}

/** Adds one part's reads to a file's: answers are joined, and a part that read something whole makes the file read it whole. */
function mergeReads(into: RecordedReads, from: RecordedReads): void {
  for (const [read, answers] of from) {
    const held = into.get(read);
    if (held === null) continue;
    if (answers === null) into.set(read, null);
    else if (held === undefined) into.set(read, [...answers]);
    else held.push(...answers);
  }
}

/** An answer asked again, once per question and key in `asked` (readers often share a lookup). */
function askOnce(answer: Answer, asked: Map<unknown, Map<string, string>>): string {
  let byKey = asked.get(answer.question);
  if (!byKey) asked.set(answer.question, (byKey = new Map()));
  let now = byKey.get(answer.key);
  if (now === undefined) byKey.set(answer.key, (now = askAgain(answer)));
  return now;
}

/** An answer asked again; a question that throws now has certainly not answered as before. */
function askAgain(answer: Answer): string {
  try {
    return answer.now();
  } catch {
    return '\u0000failed';
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
