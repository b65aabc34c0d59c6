// Inline suppressions: `# pqc-lens-disable-next-line <rule-id>[, <rule-id>] -- reason`
// (`//` instead of `#` in JSON with comments). Without rule ids every rule is silenced.
import type { LineIndex } from './text.js';

const DIRECTIVE = /(?:#|\/\/)\s*pqc-lens-disable-next-line\b([^\r\n]*)/g;

export interface Suppressions {
  /** True when the finding starting on `line` (0-based) is silenced for `ruleId`. */
  isSuppressed(ruleId: string, line: number): boolean;
}

export function collectSuppressions(text: string, lines: LineIndex): Suppressions {
  const byLine = new Map<number, Set<string> | 'all'>();
  if (!text.includes('pqc-lens-disable-next-line')) return { isSuppressed: () => false };
  for (const match of text.matchAll(DIRECTIVE)) {
    const line = lines.position(match.index ?? 0).line + 1;
    const spec = match[1].split(/\s--(\s|$)/)[0].trim();
    const ids = spec.split(/[\s,]+/).filter((id) => id.length > 0);
    byLine.set(line, ids.length === 0 ? 'all' : new Set(ids));
  }
  return {
    isSuppressed(ruleId, line) {
      const entry = byLine.get(line);
      return entry === 'all' || (entry !== undefined && entry.has(ruleId));
    },
  };
}
