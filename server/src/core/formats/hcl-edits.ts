// Minimal text edits for HCL files (SPIRE server.conf / agent.conf): add attributes or a nested
// block at the end of a block's body, indented like the surrounding file, keeping comments and the
// order of everything already there. Used by the SPIRE rules' fixes.
import type { LineIndex } from '../text.js';
import type { Span, TextEdit } from '../types.js';
import type { HclAttribute, HclBlock, HclBody } from './hcl.js';

/** A `{ ... }` body that can receive new lines: a block, or an object written as `name = { ... }`. */
export interface HclContainer {
  body: HclBody;
  /** Where the container starts (its keyword or attribute name): its indentation is read there. */
  start: number;
  /** Offset just after `{`. */
  open: number;
  /** Offset of the closing `}`. */
  close: number;
}

/** A block as a container; undefined when its braces are missing (a file with a syntax error). */
export function blockContainer(text: string, block: HclBlock): HclContainer | undefined {
  if (text[block.bodyStart - 1] !== '{' || text[block.bodyEnd] !== '}') return undefined;
  return { body: block.body, start: block.span.start, open: block.bodyStart, close: block.bodyEnd };
}

/** An object-valued attribute (`experimental = { ... }`) as a container. */
export function objectContainer(text: string, attr: HclAttribute): HclContainer | undefined {
  const value = attr.value;
  if (value.kind !== 'object' || !value.body) return undefined;
  const open = value.span.start;
  const close = value.span.end - 1;
  if (text[open] !== '{' || text[close] !== '}') return undefined;
  return { body: value.body, start: attr.span.start, open: open + 1, close };
}

/** The nested body `name` of a container, written either as a block or as an object attribute. */
export function nestedContainer(text: string, parent: HclBody, name: string): HclContainer | undefined {
  const block = parent.blocks.find((b) => b.type === name);
  if (block) return blockContainer(text, block);
  const attr = parent.attributes.find((a) => a.name === name);
  return attr ? objectContainer(text, attr) : undefined;
}

/**
 * The indentation unit of the file: the difference between a block's indentation and that of its
 * first child written on a later line. Falls back to a tab for tab-indented files, else 4 spaces
 * (the style of SPIRE's own conf/ files).
 */
export function indentUnit(text: string, lines: LineIndex, body: HclBody): string {
  const found = findUnit(lines, body);
  if (found) return found;
  return /^\t+\S/m.test(text) ? '\t' : '    ';
}

function findUnit(lines: LineIndex, body: HclBody): string | undefined {
  for (const block of body.blocks) {
    const children = [...block.body.attributes.map((a) => a.span.start), ...block.body.blocks.map((b) => b.span.start)].sort((a, b) => a - b);
    const first = children[0];
    if (first !== undefined && lines.position(first).line > lines.position(block.span.start).line) {
      const outer = lines.indentAt(block.span.start);
      const inner = lines.indentAt(first);
      if (inner.length > outer.length && inner.startsWith(outer)) return inner.slice(outer.length);
    }
    const nested = findUnit(lines, block.body);
    if (nested) return nested;
  }
  return undefined;
}

/** The indentation of the container's children: that of an existing child on its own line, else one unit deeper than the container. */
export function innerIndent(lines: LineIndex, container: HclContainer, unit: string): string {
  const openLine = lines.position(container.open).line;
  const children = [...container.body.attributes.map((a) => a.span.start), ...container.body.blocks.map((b) => b.span.start)].sort((a, b) => a - b);
  for (const child of children) {
    if (lines.position(child).line > openLine && /^[ \t]*$/.test(lines.text.slice(lines.lineStart(lines.position(child).line), child))) return lines.indentAt(child);
  }
  return lines.indentAt(container.start) + unit;
}

/**
 * Edits that append `newLines` (already indented) as the last lines of the container's body.
 * A closing brace on its own line gets the lines inserted just above it; a body written on one
 * line (`experimental { a = true }` or `server {}`) is opened up so every entry sits on its own line.
 */
export function appendLines(lines: LineIndex, container: HclContainer, newLines: readonly string[], innerIndentText: string): TextEdit[] {
  const text = lines.text;
  const eol = lines.eol;
  const closeLine = lines.position(container.close).line;
  const closeLineStart = lines.lineStart(closeLine);
  const closeIndent = lines.indentAt(container.start);
  if (/^[ \t]*$/.test(text.slice(closeLineStart, container.close)) && closeLineStart >= container.open) {
    return [{ span: { start: closeLineStart, end: closeLineStart }, newText: newLines.map((l) => l + eol).join('') }];
  }
  // Something precedes `}` on its line. Trim the blanks before `}` and put it on its own line.
  let contentEnd = container.close;
  while (contentEnd > container.open && (text[contentEnd - 1] === ' ' || text[contentEnd - 1] === '\t')) contentEnd--;
  const edits: TextEdit[] = [];
  if (contentEnd > container.open && lines.position(contentEnd).line === lines.position(container.open).line) {
    // One-line body with content: move that content to its own line too.
    let contentStart = container.open;
    while (contentStart < contentEnd && (text[contentStart] === ' ' || text[contentStart] === '\t')) contentStart++;
    edits.push({ span: { start: container.open, end: contentStart }, newText: eol + innerIndentText });
  }
  const tail: Span = { start: contentEnd, end: container.close };
  edits.push({ span: tail, newText: eol + newLines.join(eol) + eol + closeIndent });
  return edits;
}

/** Replacement of a value expression (e.g. `false` → `true`). */
export function replaceValue(span: Span, newText: string): TextEdit {
  return { span, newText };
}

/** The characters between a quoted string's quotes (the whole span for anything else, e.g. a heredoc). */
export function stringContentSpan(text: string, span: Span): Span {
  if (text[span.start] === '"' && text[span.end - 1] === '"' && span.end - span.start >= 2) return { start: span.start + 1, end: span.end - 1 };
  return span;
}
