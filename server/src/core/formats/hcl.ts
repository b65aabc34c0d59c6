// SPIRE server/agent configuration (HCL), parsed with tree-sitter-hcl so every node keeps its range.
// The tree-sitter parser (with the HCL grammar loaded) is created by the outer layer, which reads the
// wasm; this module only walks the tree it returns. Parsing never throws: tree-sitter ERROR and
// MISSING nodes become one SyntaxIssue, and blocks/attributes inside ERROR nodes are recovered as far
// as the token stream allows, so rules still see most of a file that has one typo.
import type { Span } from '../types.js';
import type { SyntaxIssue } from './source.js';
import { nestingMessage, tooDeep } from './nesting.js';

export interface HclValue {
  kind: 'string' | 'number' | 'bool' | 'null' | 'object' | 'tuple' | 'expression';
  /** Decoded value for string/number/bool; undefined otherwise. */
  value: string | number | boolean | null | undefined;
  /** Span of the whole value expression (for a string, including its quotes). */
  span: Span;
  /** For kind 'object': its elements as attributes, so `plugin_data = {...}` reads like `plugin_data {...}`. */
  body?: HclBody;
  /** For kind 'tuple': its elements in order. */
  items?: HclValue[];
}
/**
 * `name = value`. For an object element with a quoted key (`"k" = v`), `name` is the decoded key
 * and `nameSpan` covers the key including its quotes.
 */
export interface HclAttribute { name: string; nameSpan: Span; value: HclValue; span: Span }
export interface HclLabel { value: string; span: Span }
export interface HclBlock {
  type: string;
  typeSpan: Span;
  labels: HclLabel[];
  span: Span;
  /** Offset just after the opening `{`. */
  bodyStart: number;
  /** Offset of the closing `}` (equal to span.end when the brace is missing). */
  bodyEnd: number;
  body: HclBody;
}
export interface HclBody { attributes: HclAttribute[]; blocks: HclBlock[] }
export interface HclFileModel { body: HclBody; syntaxErrors: SyntaxIssue[] }

/** A tree-sitter parser with the HCL language loaded; created by the outer layer (it reads the wasm). */
export interface HclTreeSitter {
  parse(text: string): unknown;
}

// ---------------------------------------------------------------------------------------------
// The subset of the tree-sitter node API used here. web-tree-sitter exposes flags as getters;
// older native bindings expose some of them as methods, so flags are read through `flag()`.

interface TsNode {
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly childCount: number;
  child(index: number): TsNode | null;
}
interface TsTree { readonly rootNode: TsNode; delete?(): void }

function flag(node: TsNode, name: 'isMissing' | 'isError' | 'isNamed'): boolean {
  const v = (node as unknown as Record<string, unknown>)[name];
  if (typeof v === 'function') return Boolean((v as () => unknown).call(node));
  return Boolean(v);
}

/** False only when the node says it has no ERROR/MISSING node below it (unknown counts as maybe). */
function mayHaveError(node: TsNode): boolean {
  const v = (node as unknown as Record<string, unknown>).hasError;
  if (typeof v === 'function') return Boolean((v as () => unknown).call(node));
  return v === undefined ? true : Boolean(v);
}

function childrenOf(node: TsNode): TsNode[] {
  // web-tree-sitter's `children` fetches all children in one call into the wasm module.
  const all = (node as unknown as { children?: unknown }).children;
  if (Array.isArray(all)) return (all as (TsNode | null)[]).filter((c): c is TsNode => c !== null);
  const out: TsNode[] = [];
  const n = node.childCount;
  for (let i = 0; i < n; i++) {
    const c = node.child(i);
    if (c) out.push(c);
  }
  return out;
}

function isTree(value: unknown): value is TsTree {
  if (typeof value !== 'object' || value === null) return false;
  const root = (value as { rootNode?: unknown }).rootNode;
  return typeof root === 'object' && root !== null && typeof (root as TsNode).startIndex === 'number';
}

// ---------------------------------------------------------------------------------------------
// Offsets. web-tree-sitter parses a JS string as UTF-16, so its startIndex/endIndex are already
// UTF-16 code units (verified: after "# café\n" the next node starts at 7, not 8). Native
// tree-sitter bindings report UTF-8 byte offsets; those are detected (the root ends at the UTF-8
// length instead of the string length) and converted.

type OffsetMap = (index: number) => number;

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

function byteToUnitMap(text: string): OffsetMap {
  const total = utf8Length(text);
  const map = new Uint32Array(total + 1);
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let width: number;
    let units = 1;
    if (c < 0x80) width = 1;
    else if (c < 0x800) width = 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { width = 4; units = 2; }
    else width = 3;
    for (let k = 0; k < width; k++) map[b + k] = i;
    b += width;
    i += units - 1;
  }
  map[total] = text.length;
  return (index) => (index <= 0 ? 0 : index >= total ? text.length : map[index]);
}

function offsetMapFor(text: string, root: TsNode): OffsetMap {
  // eslint-disable-next-line no-control-regex
  if (!/[^\u0000-\u007f]/.test(text)) return (i) => i;
  const bytes = utf8Length(text);
  if (root.endIndex !== text.length && root.endIndex === bytes) return byteToUnitMap(text);
  return (i) => i;
}

// ---------------------------------------------------------------------------------------------

interface Ctx {
  text: string;
  off: OffsetMap;
}

function spanOf(ctx: Ctx, node: TsNode): Span {
  return { start: ctx.off(node.startIndex), end: ctx.off(node.endIndex) };
}

function emptyBody(): HclBody {
  return { attributes: [], blocks: [] };
}

/** Parses SPIRE HCL. Never throws; a parser failure becomes a syntax issue. */
export function parseHcl(text: string, parser: HclTreeSitter): HclFileModel {
  // The tree walk below is recursive: hostile nesting is refused before parsing.
  const deep = tooDeep(text, 'hcl');
  if (deep) return { body: emptyBody(), syntaxErrors: [{ span: deep, message: nestingMessage('HCL') }] };
  let tree: unknown;
  try {
    tree = parser.parse(text);
  } catch (error) {
    return { body: emptyBody(), syntaxErrors: [{ span: { start: 0, end: 0 }, message: `HCL parser failed: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  if (!isTree(tree)) {
    return { body: emptyBody(), syntaxErrors: [{ span: { start: 0, end: 0 }, message: 'HCL parser returned no syntax tree' }] };
  }
  try {
    const root = tree.rootNode;
    const ctx: Ctx = { text, off: offsetMapFor(text, root) };
    const body = emptyBody();
    fillBodyFrom(ctx, root, body);
    const issue = firstSyntaxIssue(ctx, root);
    return { body, syntaxErrors: issue ? [issue] : [] };
  } catch (error) {
    return { body: emptyBody(), syntaxErrors: [{ span: { start: 0, end: 0 }, message: `HCL parser failed: ${error instanceof Error ? error.message : String(error)}` }] };
  } finally {
    try { tree.delete?.(); } catch { /* already freed */ }
  }
}

/** Adds the attributes and blocks found among `node`'s children (config_file, body, or ERROR) to `body`. */
function fillBodyFrom(ctx: Ctx, node: TsNode, body: HclBody): void {
  if (node.type === 'attribute') { body.attributes.push(convertAttribute(ctx, node)); return; }
  if (node.type === 'block') { body.blocks.push(convertBlock(ctx, node)); return; }
  if (node.type === 'ERROR' || flag(node, 'isError')) { recover(ctx, node, body); sortBody(body); return; }
  for (const child of childrenOf(node)) {
    switch (child.type) {
      case 'body':
        fillBodyFrom(ctx, child, body);
        break;
      case 'attribute':
        body.attributes.push(convertAttribute(ctx, child));
        break;
      case 'block':
        body.blocks.push(convertBlock(ctx, child));
        break;
      case 'ERROR':
        recover(ctx, child, body);
        break;
      default:
        break;
    }
  }
  sortBody(body);
}

function sortBody(body: HclBody): void {
  body.attributes.sort((a, b) => a.span.start - b.span.start);
  body.blocks.sort((a, b) => a.span.start - b.span.start);
}

function convertBlock(ctx: Ctx, node: TsNode): HclBlock {
  const span = spanOf(ctx, node);
  const block: HclBlock = { type: '', typeSpan: { start: span.start, end: span.start }, labels: [], span, bodyStart: span.end, bodyEnd: span.end, body: emptyBody() };
  let seenType = false;
  let opened = false;
  for (const child of childrenOf(node)) {
    if (child.type === 'identifier' && !seenType) {
      block.type = ctx.text.slice(ctx.off(child.startIndex), ctx.off(child.endIndex));
      block.typeSpan = spanOf(ctx, child);
      seenType = true;
    } else if (!opened && (child.type === 'string_lit' || child.type === 'identifier')) {
      block.labels.push(convertLabel(ctx, child));
    } else if (child.type === 'block_start') {
      opened = true;
      block.bodyStart = ctx.off(child.endIndex);
    } else if (child.type === 'body') {
      fillBodyFrom(ctx, child, block.body);
    } else if (child.type === 'ERROR' && opened) {
      recover(ctx, child, block.body);
    } else if (child.type === 'block_end') {
      const missing = flag(child, 'isMissing') || child.startIndex === child.endIndex || childrenOf(child).some((c) => flag(c, 'isMissing'));
      block.bodyEnd = missing ? span.end : ctx.off(child.startIndex);
    }
  }
  if (!opened) block.bodyStart = span.end;
  sortBody(block.body);
  return block;
}

function convertLabel(ctx: Ctx, node: TsNode): HclLabel {
  const span = spanOf(ctx, node);
  if (node.type === 'identifier') return { value: ctx.text.slice(span.start, span.end), span };
  const decoded = stringLiteral(ctx, node);
  return { value: decoded ?? ctx.text.slice(span.start, span.end), span };
}

function convertAttribute(ctx: Ctx, node: TsNode): HclAttribute {
  const span = spanOf(ctx, node);
  const children = childrenOf(node);
  const nameNode = children.find((c) => c.type === 'identifier');
  const valueNode = children.find((c) => c.type === 'expression');
  const nameSpan = nameNode ? spanOf(ctx, nameNode) : { start: span.start, end: span.start };
  return {
    name: ctx.text.slice(nameSpan.start, nameSpan.end),
    nameSpan,
    value: valueNode ? convertValue(ctx, valueNode) : missingValue(span.end),
    span,
  };
}

function missingValue(at: number): HclValue {
  return { kind: 'expression', value: undefined, span: { start: at, end: at } };
}

/** Unwraps expression/literal_value/collection_value/template_expr wrappers to the node that says what the value is. */
function unwrap(node: TsNode): TsNode {
  let current = node;
  for (;;) {
    if (current.type !== 'expression' && current.type !== 'literal_value' && current.type !== 'collection_value' && current.type !== 'template_expr') return current;
    const named = childrenOf(current).filter((c) => flag(c, 'isNamed') && c.type !== 'comment');
    if (named.length !== 1) return current;
    current = named[0];
  }
}

function convertValue(ctx: Ctx, node: TsNode): HclValue {
  const span = spanOf(ctx, node);
  const inner = unwrap(node);
  const raw = ctx.text.slice(ctx.off(inner.startIndex), ctx.off(inner.endIndex));
  switch (inner.type) {
    case 'string_lit':
    case 'quoted_template': {
      const value = stringLiteral(ctx, inner);
      return value === undefined ? { kind: 'expression', value: undefined, span } : { kind: 'string', value, span };
    }
    case 'heredoc_template': {
      const value = heredocValue(ctx, inner);
      return value === undefined ? { kind: 'expression', value: undefined, span } : { kind: 'string', value, span };
    }
    case 'numeric_lit': {
      const value = Number(raw);
      return Number.isFinite(value) ? { kind: 'number', value, span } : { kind: 'expression', value: undefined, span };
    }
    case 'bool_lit':
      return { kind: 'bool', value: raw === 'true', span };
    case 'null_lit':
      return { kind: 'null', value: null, span };
    case 'object':
      return { kind: 'object', value: undefined, span, body: objectBody(ctx, inner) };
    case 'tuple':
      return { kind: 'tuple', value: undefined, span, items: childrenOf(inner).filter((c) => c.type === 'expression').map((c) => convertValue(ctx, c)) };
    case 'operation':
    case 'unary_operation': {
      // A negative number literal is a unary operation in the grammar.
      const value = /^-\s*\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw) ? -Number(raw.slice(1).trim()) : NaN;
      return Number.isFinite(value) ? { kind: 'number', value, span } : { kind: 'expression', value: undefined, span };
    }
    default:
      return { kind: 'expression', value: undefined, span };
  }
}

function objectBody(ctx: Ctx, node: TsNode): HclBody {
  const body = emptyBody();
  for (const elem of childrenOf(node)) {
    if (elem.type !== 'object_elem') continue;
    const parts = childrenOf(elem).filter((c) => c.type === 'expression');
    if (parts.length === 0) continue;
    const keyNode = parts[0];
    const nameSpan = spanOf(ctx, keyNode);
    const key = unwrap(keyNode);
    let name: string;
    if (key.type === 'variable_expr' || key.type === 'identifier') {
      name = ctx.text.slice(ctx.off(key.startIndex), ctx.off(key.endIndex));
    } else if (key.type === 'string_lit' || key.type === 'quoted_template') {
      name = stringLiteral(ctx, key) ?? ctx.text.slice(nameSpan.start, nameSpan.end);
    } else {
      name = ctx.text.slice(nameSpan.start, nameSpan.end);
    }
    const span = spanOf(ctx, elem);
    body.attributes.push({ name, nameSpan, value: parts.length > 1 ? convertValue(ctx, parts[1]) : missingValue(span.end), span });
  }
  return body;
}

/** Decoded content of a quoted string; undefined when it holds interpolations/directives or is unterminated. */
function stringLiteral(ctx: Ctx, node: TsNode): string | undefined {
  const children = childrenOf(node);
  if (children.some((c) => c.type === 'template_interpolation' || c.type === 'template_directive')) return undefined;
  const open = children.find((c) => c.type === 'quoted_template_start');
  const close = children.find((c) => c.type === 'quoted_template_end');
  if (!open || !close || flag(close, 'isMissing') || close.startIndex === close.endIndex) return undefined;
  return decodeHclString(ctx.text.slice(ctx.off(open.endIndex), ctx.off(close.startIndex)));
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Decodes the escapes of an HCL quoted string body: \n \r \t \" \\ \uXXXX \UXXXXXXXX, $${ and %%{. */
export function decodeHclString(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\' && i + 1 < raw.length) {
      const e = raw[i + 1];
      if (Object.hasOwn(SIMPLE_ESCAPES, e)) { out += SIMPLE_ESCAPES[e]; i++; continue; }
      const digits = e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (digits > 0) {
        const hex = raw.slice(i + 2, i + 2 + digits);
        const code = hex.length === digits && /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : NaN;
        if (Number.isFinite(code) && code <= 0x10ffff) { out += String.fromCodePoint(code); i += 1 + digits; continue; }
      }
      out += c;
      continue;
    }
    if ((c === '$' || c === '%') && raw[i + 1] === c && raw[i + 2] === '{') { out += `${c}{`; i += 2; continue; }
    out += c;
  }
  return out;
}

/** The value of a heredoc: the lines between the opener and the end marker (with their final newline); `<<-` strips common indentation. */
function heredocValue(ctx: Ctx, node: TsNode): string | undefined {
  const children = childrenOf(node);
  if (children.some((c) => c.type === 'template_interpolation' || c.type === 'template_directive')) return undefined;
  const markers = children.filter((c) => c.type === 'heredoc_identifier');
  const start = children.find((c) => c.type === 'heredoc_start');
  if (markers.length < 2 || !start) return undefined;
  const close = markers[markers.length - 1];
  if (flag(close, 'isMissing') || close.startIndex === close.endIndex) return undefined;
  const text = ctx.text;
  const openerEnd = ctx.off(markers[0].endIndex);
  const nl = text.indexOf('\n', openerEnd);
  const closeStart = ctx.off(close.startIndex);
  if (nl < 0 || nl + 1 > closeStart) return '';
  const lineStart = Math.max(text.lastIndexOf('\n', closeStart - 1) + 1, nl + 1);
  const content = text.slice(nl + 1, lineStart);
  const indented = text.slice(ctx.off(start.startIndex), ctx.off(start.endIndex)) === '<<-';
  if (!indented) return content;
  const lines = content.split('\n');
  let min = Infinity;
  for (const line of lines) {
    if (line.trim() === '') continue;
    min = Math.min(min, /^[ \t]*/.exec(line)![0].length);
  }
  if (!Number.isFinite(min) || min === 0) return content;
  return lines.map((line) => line.slice(Math.min(min, /^[ \t]*/.exec(line)![0].length))).join('\n');
}

// ---------------------------------------------------------------------------------------------
// Recovery inside ERROR nodes: tree-sitter leaves a flat token stream there (identifier, `{`,
// attribute, `}` ...). Blocks are re-opened and closed from that stream; the first token that fits
// nowhere is what the syntax error points at.

function flattenError(node: TsNode, out: TsNode[] = []): TsNode[] {
  for (const child of childrenOf(node)) {
    if (child.type === 'ERROR') flattenError(child, out);
    else out.push(child);
  }
  return out;
}

interface Recovery {
  /** The first token that fits nowhere, or a more precise problem found in the stream. */
  problem?: Candidate;
  openAtEnd: boolean;
}

function isOpenBrace(node: TsNode): boolean { return node.type === 'block_start' || node.type === '{' || node.type === 'object_start'; }
function isCloseBrace(node: TsNode): boolean { return node.type === 'block_end' || node.type === '}' || node.type === 'object_end'; }

function recover(ctx: Ctx, node: TsNode, body: HclBody): Recovery {
  const items = flattenError(node).filter((c) => c.endIndex > c.startIndex && !flag(c, 'isMissing'));
  const stack: { block: HclBlock }[] = [];
  const current = (): HclBody => (stack.length > 0 ? stack[stack.length - 1].block.body : body);
  const result: Recovery = { openAtEnd: false };
  const opened: HclBlock[] = [];
  const unexpected = (n: TsNode): void => {
    if (result.problem) return;
    const start = ctx.off(n.startIndex);
    const s = snippet(ctx, start, ctx.off(n.endIndex));
    result.problem = { start, end: s.end, message: `unexpected ${quote(s.text)}` };
  };
  for (let i = 0; i < items.length; i++) {
    const c = items[i];
    switch (c.type) {
      case 'comment':
        break;
      case 'block':
        current().blocks.push(convertBlock(ctx, c));
        break;
      case 'attribute':
        current().attributes.push(convertAttribute(ctx, c));
        break;
      case 'body':
        fillBodyFrom(ctx, c, current());
        break;
      case 'identifier': {
        let j = i + 1;
        const labels: HclLabel[] = [];
        while (j < items.length && (items[j].type === 'string_lit' || items[j].type === 'identifier')) labels.push(convertLabel(ctx, items[j++]));
        if (j < items.length && isOpenBrace(items[j]) && items[j].type !== 'object_start') {
          const start = ctx.off(c.startIndex);
          const block: HclBlock = {
            type: ctx.text.slice(start, ctx.off(c.endIndex)),
            typeSpan: spanOf(ctx, c),
            labels,
            span: { start, end: ctx.off(node.endIndex) },
            bodyStart: ctx.off(items[j].endIndex),
            bodyEnd: ctx.off(node.endIndex),
            body: emptyBody(),
          };
          current().blocks.push(block);
          stack.push({ block });
          opened.push(block);
          i = j;
          break;
        }
        if (items[i + 1]?.type === '=' && items[i + 2]?.type === 'expression') {
          const nameSpan = spanOf(ctx, c);
          const valueNode = items[i + 2];
          current().attributes.push({
            name: ctx.text.slice(nameSpan.start, nameSpan.end),
            nameSpan,
            value: convertValue(ctx, valueNode),
            span: { start: nameSpan.start, end: ctx.off(valueNode.endIndex) },
          });
          i += 2;
          break;
        }
        if (items[i + 1]?.type === '=' && !result.problem) {
          const next = items[i + 2];
          const at = ctx.off(items[i + 1].endIndex);
          if (!next || isCloseBrace(next)) {
            result.problem = { start: ctx.off(items[i + 1].startIndex), end: at, message: 'expected a value after "="' };
          } else if (next.type === 'object_start' || next.type === 'tuple_start') {
            // A collection that is never closed: everything after it was swallowed.
            const end = ctx.off(node.endIndex);
            result.problem = { start: end, end, message: `missing "${next.type === 'object_start' ? '}' : ']'}"` };
          }
        }
        unexpected(c);
        break;
      }
      default:
        if (isCloseBrace(c) && c.type !== 'object_end' && stack.length > 0) {
          const { block } = stack.pop()!;
          block.bodyEnd = ctx.off(c.startIndex);
          block.span = { start: block.span.start, end: ctx.off(c.endIndex) };
        } else {
          unexpected(c);
        }
        break;
    }
  }
  // Braces tree-sitter skipped without a token (seen after an unexpected token) still close blocks.
  if (stack.length > 0) {
    const from = ctx.off(items.reduce((max, c) => Math.max(max, c.endIndex), node.startIndex));
    const gap = ctx.text.slice(from, ctx.off(node.endIndex));
    let inComment = false;
    for (let k = 0; k < gap.length && stack.length > 0; k++) {
      const ch = gap[k];
      if (ch === '\n') inComment = false;
      else if (inComment) continue;
      else if (ch === '#' || (ch === '/' && gap[k + 1] === '/')) inComment = true;
      else if (ch === '}') {
        const { block } = stack.pop()!;
        block.bodyEnd = from + k;
        block.span = { start: block.span.start, end: from + k + 1 };
      }
    }
  }
  result.openAtEnd = stack.length > 0;
  for (const block of opened) sortBody(block.body);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Syntax errors: the earliest ERROR or MISSING node becomes the one issue of the file.

interface Candidate { start: number; end: number; message: string }

function firstSyntaxIssue(ctx: Ctx, root: TsNode): SyntaxIssue | undefined {
  let best: Candidate | undefined;
  const consider = (c: Candidate): void => {
    if (!best || c.start < best.start) best = c;
  };
  const walk = (node: TsNode, parent: TsNode | undefined): void => {
    if (!mayHaveError(node)) return;
    if (flag(node, 'isMissing')) {
      consider(missingCandidate(ctx, node, parent));
      return;
    }
    // An ERROR directly inside an ERROR was flattened into its parent's recovery already.
    const isError = node.type === 'ERROR' || flag(node, 'isError');
    if (isError && parent?.type !== 'ERROR') consider(errorCandidate(ctx, node));
    for (const child of childrenOf(node)) walk(child, node);
  };
  walk(root, undefined);
  if (!best) return undefined;
  const found: Candidate = best;
  return { span: { start: found.start, end: found.end }, message: `HCL syntax error: ${found.message}` };
}

function snippet(ctx: Ctx, start: number, end: number): { text: string; end: number } {
  let stop = end;
  const nl = ctx.text.slice(start, end).search(/[\r\n]/);
  if (nl >= 0) stop = start + nl;
  const text = ctx.text.slice(start, stop).trim();
  return { text: text.length > 40 ? `${text.slice(0, 40)}…` : text, end: Math.max(stop, start + 1) };
}

function missingCandidate(ctx: Ctx, node: TsNode, parent: TsNode | undefined): Candidate {
  const at = ctx.off(node.startIndex);
  const type = node.type;
  if (type === '<<' || type === '<<-' || parent?.type === 'heredoc_start') {
    // tree-sitter invented a heredoc to absorb a token that cannot start a value.
    const rest = /^[^\s]*/.exec(ctx.text.slice(at))![0];
    return rest
      ? { start: at, end: at + Math.min(rest.length, 40), message: `unexpected ${quote(rest.slice(0, 40))}` }
      : { start: at, end: at, message: 'missing value' };
  }
  let what: string;
  if (type === '}' || type === 'block_end') what = '"}"';
  else if (type === 'quoted_template_end') what = 'closing quote \'"\'';
  else if (type === 'heredoc_identifier') what = 'heredoc end marker';
  else if (type === 'object_end') what = '"}"';
  else if (type === 'tuple_end') what = '"]"';
  else if (flag(node, 'isNamed')) what = type.replace(/_/g, ' ');
  else what = `"${type}"`;
  return { start: at, end: at, message: `missing ${what}` };
}

function errorCandidate(ctx: Ctx, node: TsNode): Candidate {
  const result = recover(ctx, node, emptyBody());
  if (result.problem) return result.problem;
  const end = ctx.off(node.endIndex);
  if (result.openAtEnd) return { start: end, end, message: 'missing "}"' };
  const start = ctx.off(node.startIndex);
  const s = snippet(ctx, start, end);
  return { start, end: s.end, message: `unexpected ${quote(s.text)}` };
}

/** Quotes a source snippet for a message: "x", or 'x' when it holds a double quote. */
function quote(text: string): string {
  return text.includes('"') ? `'${text}'` : `"${text}"`;
}

// ---------------------------------------------------------------------------------------------
// Helpers for rules.

/** All blocks of a type directly in `body` (e.g. every `KeyManager` plugin). */
export function blocksOf(body: HclBody | undefined, type: string): HclBlock[] {
  return body ? body.blocks.filter((b) => b.type === type) : [];
}

/** The first block of a type, optionally with a given first label (`blockOf(plugins, 'KeyManager', 'disk')`). */
export function blockOf(body: HclBody | undefined, type: string, label?: string): HclBlock | undefined {
  return body?.blocks.find((b) => b.type === type && (label === undefined || b.labels[0]?.value === label));
}

/** The first attribute with a name directly in `body`. */
export function attributeOf(body: HclBody | undefined, name: string): HclAttribute | undefined {
  return body?.attributes.find((a) => a.name === name);
}

/** The decoded value of a string attribute; undefined when absent or not a plain string. */
export function stringAttr(body: HclBody | undefined, name: string): string | undefined {
  const attr = attributeOf(body, name);
  return attr?.value.kind === 'string' && typeof attr.value.value === 'string' ? attr.value.value : undefined;
}

/** The value of a bool attribute; undefined when absent or not a bool literal. */
export function boolAttr(body: HclBody | undefined, name: string): boolean | undefined {
  const attr = attributeOf(body, name);
  return attr?.value.kind === 'bool' && typeof attr.value.value === 'boolean' ? attr.value.value : undefined;
}

/**
 * The body named `name` inside `body`, whether written as a block (`plugin_data { ... }`) or as an
 * object attribute (`plugin_data = { ... }`). The block wins when both exist.
 */
export function nestedBody(body: HclBody | undefined, name: string): HclBody | undefined {
  const block = blockOf(body, name);
  if (block) return block.body;
  const attr = attributeOf(body, name);
  return attr?.value.kind === 'object' ? attr.value.body : undefined;
}
