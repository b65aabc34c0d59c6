// What the output formats print: findings with 1-based positions and display paths, plus notices.
import type { RuleMeta } from '../../core/rule.js';
import type { LineIndex } from '../../core/text.js';
import type { Finding, Severity } from '../../core/types.js';

export interface ReportEdit {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  newText: string;
}

export interface ReportFix {
  title: string;
  safe: boolean;
  edits: ReportEdit[];
}

export interface ReportFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Relative to the current directory, posix separators. */
  file: string;
  /** 1-based; columns count UTF-16 code units; endColumn is just after the last character. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixes: ReportFix[];
}

export interface ReportNotice {
  severity: Severity;
  file?: string;
  message: string;
}

export interface CheckReport {
  findings: ReportFinding[];
  notices: ReportNotice[];
  /** Metadata of every rule that ran (for SARIF's rule table). */
  rules: RuleMeta[];
  toolVersion: string;
  /** Absolute path of the directory `file` paths are relative to. */
  cwd: string;
}

/** A finding with 1-based positions, its fixes' edits too (`lines` is the index of its file's text). */
export function reportFinding(f: Finding, lines: LineIndex | undefined, file: string): ReportFinding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    fixes: f.fixes.map((fix) => ({
      title: fix.title,
      safe: fix.safe,
      edits: lines
        ? fix.edits.map((e) => {
            const r = lines.range(e.span);
            return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1, newText: e.newText };
          })
        : [],
    })),
  };
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function compareFindings(a: ReportFinding, b: ReportFinding): number {
  return (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);
}

/** Messages are shown on one line in text output. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
