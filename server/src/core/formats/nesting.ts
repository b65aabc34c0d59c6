// Nesting limit shared by the parsers. Real configuration nests a few dozen levels at most (a CRD
// schema reaches about 40); hostile files nest thousands, which overflows recursive parsers and
// walkers at a depth that depends on the caller's stack. Each parser checks this limit first and
// reports one clear syntax issue instead, so the outcome is the same in the CLI and the server.
import type { Span } from '../types.js';

export const MAX_NESTING_DEPTH = 256;

export function nestingMessage(format: string): string {
  return `${format} nested deeper than ${MAX_NESTING_DEPTH} levels (PQC Lens reads up to ${MAX_NESTING_DEPTH})`;
}

/**
 * The first bracket that opens level MAX_NESTING_DEPTH + 1, outside strings and comments, or
 * undefined. JSON(C): `"..."` strings, `//` and `/* *\/` comments. HCL: also `#` comments and
 * heredocs (`<<EOT` / `<<-EOT` up to the line holding only the marker). Linear, no allocation
 * per character.
 */
export function tooDeep(text: string, syntax: 'json' | 'hcl'): Span | undefined {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22 || ((d === 0x0a) && syntax === 'hcl')) break;
      }
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      i = lineEnd(text, i);
    } else if (c === 0x23 /* # */ && syntax === 'hcl') {
      i = lineEnd(text, i);
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 1;
    } else if (c === 0x3c /* < */ && syntax === 'hcl' && text.charCodeAt(i + 1) === 0x3c) {
      const marker = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(text.slice(i, i + 80));
      if (marker) i = heredocEnd(text, i + marker[0].length, marker[1]) - 1;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */ || (c === 0x28 /* ( */ && syntax === 'hcl')) {
      if (++depth > MAX_NESTING_DEPTH) return { start: i, end: i + 1 };
    } else if (c === 0x7d || c === 0x5d || (c === 0x29 && syntax === 'hcl')) {
      if (depth > 0) depth--;
    }
  }
  return undefined;
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

/** Offset just after the heredoc's closing marker line (or the end of the text). */
function heredocEnd(text: string, from: number, marker: string): number {
  let start = from;
  while (start < text.length) {
    const end = lineEnd(text, start);
    if (text.slice(start, end).trim() === marker) return end;
    start = end + 1;
  }
  return text.length;
}
