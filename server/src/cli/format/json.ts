// `--format json`: a stable, documented shape for scripts (see README "JSON output").
import type { CheckReport } from './model.js';

export function formatJson(report: CheckReport): string {
  const output = {
    findings: report.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      file: f.file,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      fixes: f.fixes.map((fix) => ({ title: fix.title, safe: fix.safe })),
    })),
    notices: report.notices.map((n) => (n.file !== undefined ? { severity: n.severity, file: n.file, message: n.message } : { severity: n.severity, message: n.message })),
  };
  return JSON.stringify(output, null, 2) + '\n';
}
