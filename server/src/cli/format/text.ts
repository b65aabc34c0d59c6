// Default output, in the spirit of ESLint's compact/stylish formatters:
//   path:line:col  severity  message  rule-id
// grouped by file (blank line between files), then notices, then one summary line.
import { oneLine, type CheckReport } from './model.js';

export function formatText(report: CheckReport): string {
  const lines: string[] = [];
  let currentFile: string | undefined;
  for (const f of report.findings) {
    if (currentFile !== undefined && f.file !== currentFile) lines.push('');
    currentFile = f.file;
    lines.push(`${f.file}:${f.line}:${f.column}  ${f.severity.padEnd(7)}  ${oneLine(f.message)}  ${f.ruleId}`);
  }
  if (report.notices.length > 0) {
    if (lines.length > 0) lines.push('');
    for (const n of report.notices) lines.push(`${n.file !== undefined ? `${n.file}: ` : ''}${n.severity === 'info' ? 'note' : n.severity}: ${oneLine(n.message)}`);
  }
  if (lines.length > 0) lines.push('');
  lines.push(summary(report));
  return lines.join('\n') + '\n';
}

export function summary(report: CheckReport): string {
  const count = { error: 0, warning: 0, info: 0 };
  let fixable = 0;
  for (const f of report.findings) {
    count[f.severity]++;
    if (f.fixes.some((x) => x.safe)) fixable++;
  }
  const n = report.findings.length;
  return `${n} ${n === 1 ? 'problem' : 'problems'} (${plural(count.error, 'error')}, ${plural(count.warning, 'warning')}, ${plural(count.info, 'info')}), ${fixable} fixable`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
