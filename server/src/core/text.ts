import type { Position, Range, Span } from './types.js';

/** Converts between offsets and line/character positions of one text. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    if (text.indexOf('\r') < 0) {
      // The usual case, built on every keystroke: the native search is several times faster
      // than looking at every character.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.lineStarts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.lineStarts.push(i + 1);
    }
  }

  get lineCount(): number { return this.lineStarts.length; }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.lineStarts[lo] };
  }

  offset(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[Math.max(0, position.line)];
    const next = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  range(span: Span): Range {
    return { start: this.position(span.start), end: this.position(span.end) };
  }

  lineStart(line: number): number { return this.lineStarts[Math.min(line, this.lineStarts.length - 1)]; }

  /** The leading white space of the line that holds `offset`. */
  indentAt(offset: number): string {
    const start = this.lineStart(this.position(offset).line);
    const match = /^[ \t]*/.exec(this.text.slice(start));
    return match ? match[0] : '';
  }

  /** Line ending used by the text ("\r\n" when the first line break is CRLF). */
  get eol(): string {
    const lf = this.text.indexOf('\n');
    return lf > 0 && this.text[lf - 1] === '\r' ? '\r\n' : '\n';
  }
}

/** How many characters `a` and `b` share at their start (compared natively, a block at a time). */
export function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  for (let block = 256; i + block <= n && a.slice(i, i + block) === b.slice(i, i + block); block = Math.min(block * 2, 16384)) i += block;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** How many characters `a` and `b` share at their end, without reaching into the first `prefix`. */
export function commonSuffix(a: string, b: string, prefix: number): number {
  const n = Math.min(a.length, b.length) - prefix;
  let i = 0;
  for (let block = 256; i + block <= n && a.slice(a.length - i - block, a.length - i) === b.slice(b.length - i - block, b.length - i); block = Math.min(block * 2, 16384)) i += block;
  while (i < n && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

/**
 * Where two versions of a text differ: they share the characters before `start`, and those from
 * `oldEnd` in the old text on are those from `newEnd` in the new one.
 */
export interface TextChange { start: number; oldEnd: number; newEnd: number }

export function textChange(before: string, after: string): TextChange {
  const start = commonPrefix(before, after);
  const suffix = commonSuffix(before, after, start);
  return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}

/**
 * A span of the old text in the new one; undefined when the change touches it or is right next to
 * it (what was worked out for a span may look at the character just before or after it, e.g.
 * whether an image tag is followed by `@sha256:`).
 */
export function spanAfter(span: Span, change: TextChange): Span | undefined {
  if (span.end < change.start) return span;
  if (span.start > change.oldEnd) {
    const delta = change.newEnd - change.oldEnd;
    return { start: span.start + delta, end: span.end + delta };
  }
  return undefined;
}
