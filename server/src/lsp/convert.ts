// Core findings and fixes to LSP shapes. Fix edits travel in Diagnostic.data together with the
// document version they were computed for, so code actions need no re-analysis and a fix for an
// older version is refused instead of being applied to new text.
import { CodeDescription, Diagnostic, DiagnosticSeverity, TextEdit } from 'vscode-languageserver';
import { docsUrl } from '../core/rule.js';
import type { LineIndex } from '../core/text.js';
import type { Finding, Fix, Severity } from '../core/types.js';

export interface FixData { title: string; safe: boolean; edits: TextEdit[] }
export interface DiagnosticData { ruleId: string; version: number | null; fixes: FixData[] }

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toLspFix(fix: Fix, lines: LineIndex): FixData {
  return { title: fix.title, safe: fix.safe, edits: fix.edits.map((e) => TextEdit.replace(lines.range(e.span), e.newText)) };
}

export function toDiagnostic(finding: Finding, lines: LineIndex, version: number | null): Diagnostic {
  const data: DiagnosticData = { ruleId: finding.ruleId, version, fixes: finding.fixes.map((f) => toLspFix(f, lines)) };
  const codeDescription = { href: docsUrl(finding.ruleId) };
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    source: 'pqc-lens',
    code: finding.ruleId,
    codeDescription: CodeDescription.is(codeDescription) ? codeDescription : undefined,
    message: finding.message,
    data,
  };
}

export function isDiagnosticData(value: unknown): value is DiagnosticData {
  return typeof value === 'object' && value !== null && typeof (value as DiagnosticData).ruleId === 'string' && Array.isArray((value as DiagnosticData).fixes);
}
