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
