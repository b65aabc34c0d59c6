import type { TextEdit } from './types.js';

/**
 * Applies non-overlapping edits to a text. Edits are sorted by start offset; an edit that
 * overlaps an earlier one is dropped (and reported back) rather than corrupting the text.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; applied: TextEdit[]; skipped: TextEdit[] } {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const applied: TextEdit[] = [];
  const skipped: TextEdit[] = [];
  let out = '';
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.span.start < cursor || edit.span.end < edit.span.start || edit.span.end > text.length) {
      skipped.push(edit);
      continue;
    }
    out += text.slice(cursor, edit.span.start) + edit.newText;
    cursor = edit.span.end;
    applied.push(edit);
  }
  return { text: out + text.slice(cursor), applied, skipped };
}
