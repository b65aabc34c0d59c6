// What the output formats print: findings with 1-based positions and display paths, plus notices.
import type { RuleMeta } from '../../core/rule.js';
import type { Severity } from '../../core/types.js';

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

export const SEVERITY_ORDER: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function compareFindings(a: ReportFinding, b: ReportFinding): number {
  return (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);
}

/** Messages are shown on one line in text output. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
