// Kubernetes YAML: every document of a multi-document file is parsed on its own, with the
// `yaml` package's node ranges. Helm templates are masked ({{ ... }} blanked to spaces so offsets
// stay exact) and a template document that still does not parse is skipped, not reported.
//
// Incremental re-parse: when the engine re-parses a file it already holds (an edit in the editor),
// it passes the previous model (withPreviousYaml); the new text is cut into pieces at its `---`
// lines, pieces whose text did not change are taken over from the previous model with their
// offsets moved, and only the others are parsed. The result is exactly that of a whole parse
// (test/unit/yaml-pieces.test.ts); text the cut could change (YAML directives, `...` markers, a
// quoted scalar running over a `---` line) is parsed whole. A first parse is always whole.
import { isMap, isNode, isPair, isScalar, isSeq, parseAllDocuments, Scalar, YAMLMap } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import type { Span } from '../types.js';
import type { SyntaxIssue } from './source.js';
import { MAX_NESTING_DEPTH, nestingMessage } from './nesting.js';
import { commonPrefix, commonSuffix } from '../text.js';

export interface YamlDocument {
  /** The parsed document (parsed from the masked text when the document is a Helm template). */
  readonly doc: Document.Parsed;
  span: Span;
  /** True when the document held Helm/Go template actions: values may be missing or partial. */
  templated: boolean;
  /** True when the document parsed without errors (after masking). Rules only see parseable documents. */
  parsed: boolean;
  /** The document's syntax problem (the first YAML error, or nesting too deep), as listed in the model's syntaxErrors. */
  syntaxError?: SyntaxIssue;
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

export interface YamlFileModel {
  documents: YamlDocument[];
  /** The documents' syntax problems, in document order. */
  syntaxErrors: SyntaxIssue[];
}

// A Go template comment `{{/* ... */}}` is matched whole first: its text may itself hold `{{ ... }}`
// (cert-manager's chart has `{{- /* ... equivalent to {{- if $value }} ... */ -}}`).
const TEMPLATE_ACTION = /\{\{-?\s*\/\*[\s\S]*?\*\/\s*-?\}\}|\{\{[\s\S]*?\}\}/g;

/** Replaces every `{{ ... }}` action with spaces (newlines kept) so offsets do not move. */
export function maskTemplates(text: string): string {
  return text.replace(TEMPLATE_ACTION, (action) => action.replace(/[^\r\n]/g, ' '));
}

/** One piece of a file cut at its `---` lines, with what was parsed from it (at file offsets). */
interface Piece {
  start: number;
  documents: YamlDocument[];
}

/** How a model's text was cut: the offsets of its `---` markers and its pieces. */
interface Cut {
  markers: number[];
  pieces: Piece[];
}

/** The text a model was parsed from, and its masked source (the same string when not templated). */
const textsOf = new WeakMap<YamlFileModel, { text: string; source: string }>();
/** How a model was cut into pieces (absent for files parsed whole until a re-parse asks). */
const cutsOf = new WeakMap<YamlFileModel, Cut>();
/** The model whose pieces the current parseYaml call may take over (set by withPreviousYaml). */
let previousModel: YamlFileModel | undefined;

/**
 * Runs `parse` (which calls parseYaml for the new text of the same file) letting it take over the
 * unchanged documents of `previous`. The documents taken over are moved, not copied: `previous`
 * must be the model being replaced and is not to be used afterwards.
 */
export function withPreviousYaml<T>(previous: YamlFileModel | undefined, parse: () => T): T {
  const outer = previousModel;
  previousModel = previous;
  try {
    return parse();
  } finally {
    previousModel = outer;
  }
}

export function parseYaml(text: string): YamlFileModel {
  const templated = text.includes('{{');
  const source = templated ? maskTemplates(text) : text;
  const previous = previousModel;
  previousModel = undefined; // only the first parse inside withPreviousYaml takes documents over
  // A first parse is one whole parse (the faster way to parse everything), cut into pieces when it
  // is re-parsed; a re-parse goes piece by piece, taking over what did not change.
  const model = (previous && parseInPieces(text, source, templated, previous)) ?? parseYamlWhole(text, source, templated);
  textsOf.set(model, { text, source });
  return model;
}

/** `---` at the start of a line, followed by white space or the end of the text. */
const DOCUMENT_START = /^---(?=[ \t\r\n]|$)/gm;
/** What the piecewise parse leaves to the whole parse: directives (`%YAML`, `%TAG`) and `...` document ends. */
const NOT_PIECEWISE = /^(?:%|\.\.\.(?:[ \t\r\n]|$))/m;
/** A line with content (not blank, not only a comment). */
const CONTENT_LINE = /^[ \t]*[^\s#]/m;

/** The offsets of the `---` markers in `text` (a slice that starts at a line start), plus `offset`. */
function documentMarkers(text: string, offset = 0, into: number[] = []): number[] {
  DOCUMENT_START.lastIndex = 0;
  for (let match = DOCUMENT_START.exec(text); match; match = DOCUMENT_START.exec(text)) into.push(offset + match.index);
  return into;
}

/**
 * Where the pieces of a text start, given its `---` markers. Text before the first marker is a
 * document of its own only when it has content; leading comments and blank lines belong to the
 * first document (its commentBefore), as in a whole parse.
 */
function pieceStarts(source: string, markers: readonly number[]): number[] {
  const starts = [...markers];
  if (starts.length === 0 || starts[0] !== 0) {
    if (starts.length === 0 || CONTENT_LINE.test(source.slice(0, starts[0]))) starts.unshift(0);
    else starts[0] = 0;
  }
  return starts;
}

/**
 * How a whole-parsed model divides into pieces, so that a re-parse can take its documents over.
 * The documents and problems of a whole parse are those of the pieces parsed one by one
 * (test/unit/yaml-pieces.test.ts). Undefined when the text is not to be cut (directives, `...`
 * markers) or a document runs over a `---` line (an unterminated quoted scalar).
 */
function cutIntoPieces(source: string, model: YamlFileModel): Cut | undefined {
  if (NOT_PIECEWISE.test(source)) return undefined;
  const markers = documentMarkers(source);
  const starts = pieceStarts(source, markers);
  const pieces: Piece[] = [];
  let d = 0;
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    const end = i + 1 < starts.length ? starts[i + 1] : source.length;
    const piece: Piece = { start, documents: [] };
    while (d < model.documents.length && model.documents[d].span.start < end) {
      const document = model.documents[d++];
      if (document.span.start < start || document.span.end > end) return undefined;
      piece.documents.push(document);
    }
    if (piece.documents.length === 0) return undefined;
    pieces.push(piece);
  }
  return d === model.documents.length ? { markers, pieces } : undefined;
}

/**
 * The file parsed piece by piece, taking over the pieces of `previous` that the edit did not touch.
 * The edit is found by comparing the texts: they agree on a prefix and a suffix, and only the
 * lines between can have gained or lost a `---` marker, a directive or a `...`. Undefined (parse
 * whole) when `previous` could not be cut, when those lines hold a directive or a `...` marker, or
 * when a piece other than the last one ends inside an unterminated quoted scalar (which a whole
 * parse continues past the `---`). Other syntax errors stay inside their piece: at a `---` line a
 * whole parse starts a new document whatever state the previous one was left in.
 */
function parseInPieces(text: string, source: string, templated: boolean, previous: YamlFileModel): YamlFileModel | undefined {
  const before = textsOf.get(previous);
  const cut = before && (cutsOf.get(previous) ?? cutIntoPieces(before.source, previous));
  if (!before || !cut) return undefined;
  // Masking can change text far from the edit (a `{{` typed before a `}}`): both must agree.
  let prefix = commonPrefix(before.text, text);
  if (source !== text || before.source !== before.text) prefix = Math.min(prefix, commonPrefix(before.source, source));
  let suffix = commonSuffix(before.text, text, prefix);
  if (source !== text || before.source !== before.text) suffix = Math.min(suffix, commonSuffix(before.source, source, prefix));
  const delta = text.length - before.text.length;
  const changedEnd = text.length - suffix;
  // A marker (or directive) is read from its line and the line break before it: the lines from
  // the one holding the first changed character to the one holding the first unchanged one after
  // the edit are looked at again; markers before and after them are as before.
  const from = lineStartAt(source, prefix);
  const to = lineEndAt(source, changedEnd);
  const touched = source.slice(from, to);
  if (NOT_PIECEWISE.test(touched)) return undefined;
  const markers = cut.markers.filter((m) => m < from);
  documentMarkers(touched, from, markers);
  for (const m of cut.markers) if (m + delta >= to) markers.push(m + delta);
  const starts = pieceStarts(source, markers);

  const oldPieces = new Map(cut.pieces.map((piece, i) => [piece.start, i]));
  const oldEnd = (i: number): number => (i + 1 < cut.pieces.length ? cut.pieces[i + 1].start : before.text.length);
  const pieces: Piece[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    const last = i + 1 === starts.length;
    const end = last ? source.length : starts[i + 1];
    // The same text at the same place (before the edit) or moved by delta (after it), and last
    // in both texts or in neither: a piece followed by a marker was checked to end before it (an
    // unterminated quoted scalar runs on past the marker), a last piece was not.
    const shift = end <= prefix ? 0 : start >= changedEnd ? delta : undefined;
    const old = shift === undefined ? undefined : oldPieces.get(start - shift);
    if (old !== undefined && oldEnd(old) === end - shift! && (old + 1 === cut.pieces.length) === last) {
      const taken = cut.pieces[old];
      movePiece(taken, start);
      pieces.push(taken);
      continue;
    }
    const piece = parsePiece(text, source, start, end, templated, last);
    if (!piece) return undefined;
    pieces.push(piece);
  }
  const documents = pieces.flatMap((p) => p.documents);
  const model: YamlFileModel = { documents, syntaxErrors: syntaxErrorsOf(documents) };
  cutsOf.set(model, { markers, pieces });
  return model;
}

/** How a parsed text divides into pieces of one document each, kept to parse one of them again later. */
export interface DocumentCut {
  /** Where each document's piece starts, in order; each runs to the next one's start or to the end. */
  starts: number[];
  /** The text's length and digest (textDigest): the text a piece is parsed from again must be the same. */
  length: number;
  digest: number;
}

/** The stretch of the text the piece of document `i` of `cut` spans: from its `---` line to the next. */
export function pieceOf(cut: DocumentCut, i: number): Span {
  return { start: cut.starts[i], end: i + 1 < cut.starts.length ? cut.starts[i + 1] : cut.length };
}

/**
 * The pieces of a parsed model, one per document, so that a document can be parsed again alone
 * (parseDocumentsAlone) without keeping its tree. Undefined when the text is not to be cut or a
 * piece holds more or fewer than one document.
 */
export function documentCut(model: YamlFileModel): DocumentCut | undefined {
  const texts = textsOf.get(model);
  const cut = texts && (cutsOf.get(model) ?? cutIntoPieces(texts.source, model));
  if (!texts || !cut || cut.pieces.some((piece) => piece.documents.length !== 1)) return undefined;
  return { starts: cut.pieces.map((piece) => piece.start), length: texts.text.length, digest: textDigest(texts.text) };
}

/**
 * A 52-bit digest of a text (two FNV-1a lanes over its UTF-16 code units): enough to tell that a
 * file was changed between the CLI's two passes, not meant to resist anyone.
 */
function textDigest(text: string): number {
  let low = 0x811c9dc5;
  let high = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    low = Math.imul(low ^ code, 0x01000193);
    high = Math.imul(high ^ code, 0x0100019d);
  }
  return (high >>> 0) * 0x100000 + ((low >>> 0) & 0xfffff);
}

/**
 * The documents numbered `which` of `text`, each parsed from its piece alone (the same documents a
 * whole parse gives, test/unit/yaml-pieces.test.ts). Undefined when `text` is not the text `cut`
 * was taken from (its length, then its digest) or a piece does not give one document.
 */
export function parseDocumentsAlone(text: string, cut: DocumentCut, which: readonly number[]): Map<number, YamlDocument> | undefined {
  if (text.length !== cut.length || textDigest(text) !== cut.digest) return undefined;
  const templated = text.includes('{{');
  const source = templated ? maskTemplates(text) : text;
  const documents = new Map<number, YamlDocument>();
  for (const i of which) {
    const { start, end } = pieceOf(cut, i);
    const piece = parsePiece(text, source, start, end, templated, i + 1 === cut.starts.length);
    if (!piece || piece.documents.length !== 1) return undefined;
    documents.set(i, piece.documents[0]);
  }
  return documents;
}

/** JavaScript's line terminators (what `^` and `$` of a multiline regular expression stop at). */
function isLineTerminator(code: number): boolean {
  return code === 10 || code === 13 || code === 0x2028 || code === 0x2029;
}

/** The start of the line that holds `at`. */
function lineStartAt(text: string, at: number): number {
  let i = at;
  while (i > 0 && !isLineTerminator(text.charCodeAt(i - 1))) i--;
  return i;
}

/** The end of the line that holds `at` (its terminator's offset, or the text's end). */
function lineEndAt(text: string, at: number): number {
  let i = at;
  while (i < text.length && !isLineTerminator(text.charCodeAt(i))) i++;
  return i;
}

function parsePiece(text: string, source: string, start: number, end: number, templated: boolean, last: boolean): Piece | undefined {
  // A piece that is followed by another is parsed with the next `---` marker after it, so that its
  // last document ends exactly where it ends in a whole parse (a trailing comment line, say, ends
  // before its line break when a marker follows); the empty document the marker opens is dropped.
  const piece = last ? source.slice(start, end) : `${source.slice(start, end)}---`;
  // uniqueKeys off: duplicate keys are a lint concern, not a reason to drop the document.
  const docs = parseAllDocuments(piece, { keepSourceTokens: false, uniqueKeys: false });
  const list = Array.isArray(docs) ? [...docs] : [];
  if (!last) {
    // The marker must open a document of its own: an unterminated quoted scalar runs on past it
    // (as it runs past the `---` line in a whole parse): parse the file whole then.
    const opened = list.pop();
    if (!opened || opened.range[0] !== end - start || list.length === 0) return undefined;
  }
  const documents: YamlDocument[] = [];
  for (const doc of list) {
    if (start !== 0) moveDocument(doc, start);
    documents.push(describeDocument(text, doc, templated));
  }
  return { start, documents };
}

/** Moves a piece taken over from the previous model to its offset in the new text. */
function movePiece(piece: Piece, start: number): void {
  const delta = start - piece.start;
  if (delta === 0) return;
  piece.start = start;
  for (const entry of piece.documents) (entry as DocumentEntry).moveBy(delta);
}

/**
 * A model entry. Its nodes are moved when they are next read, not when the document moves: after
 * an edit the rules and facts of an unchanged document are kept (engine.ts, DocumentMemo), so most
 * documents are not read again, and a document far below a line being typed moves on every keystroke.
 */
class DocumentEntry implements YamlDocument {
  templated: boolean;
  parsed: boolean;
  syntaxError?: SyntaxIssue;
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  private pending = 0;

  constructor(private readonly parsedDoc: Document.Parsed, public span: Span, templated: boolean, parsed: boolean, syntaxError: SyntaxIssue | undefined) {
    this.templated = templated;
    this.parsed = parsed;
    if (syntaxError) this.syntaxError = syntaxError;
  }

  get doc(): Document.Parsed {
    if (this.pending !== 0) {
      moveDocument(this.parsedDoc, this.pending);
      this.pending = 0;
    }
    return this.parsedDoc;
  }

  moveBy(delta: number): void {
    this.pending += delta;
    this.span = { start: this.span.start + delta, end: this.span.end + delta };
    if (this.syntaxError) this.syntaxError = { ...this.syntaxError, span: { start: this.syntaxError.span.start + delta, end: this.syntaxError.span.end + delta } };
  }
}

/**
 * Adds `delta` to every offset in a parsed document: its range, its nodes' ranges, errors and
 * warnings. In place: each node owns its range array, and a new array per node on every keystroke
 * was most of the garbage an edit made. The first move walks the tree and keeps its range arrays
 * in a flat list (trees are never changed after parsing); later moves only run down that list.
 */
function moveDocument(doc: Document.Parsed, delta: number): void {
  shiftRange(doc.range, delta);
  for (const problem of doc.errors) problem.pos = [problem.pos[0] + delta, problem.pos[1] + delta];
  for (const problem of doc.warnings) problem.pos = [problem.pos[0] + delta, problem.pos[1] + delta];
  let ranges = nodeRanges.get(doc);
  if (!ranges) nodeRanges.set(doc, (ranges = collectRanges(doc.contents)));
  for (const range of ranges) shiftRange(range, delta);
}

/** The range arrays of a document's nodes, once collected (see moveDocument). */
const nodeRanges = new WeakMap<Document.Parsed, [number, number, number][]>();

/** Every node range in a tree; iterative (documents may nest up to MAX_NESTING_DEPTH), keys and values of pairs alike. */
function collectRanges(root: unknown): [number, number, number][] {
  const ranges: [number, number, number][] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPair(node)) {
      stack.push(node.key, node.value);
      continue;
    }
    if (!isNode(node)) continue;
    if (node.range) ranges.push(node.range);
    if (isMap(node) || isSeq(node)) for (const item of node.items) stack.push(item);
  }
  return ranges;
}

function shiftRange(range: [number, number, number], delta: number): void {
  range[0] += delta;
  range[1] += delta;
  range[2] += delta;
}

/** The whole text parsed at once: the reference the piecewise parse must agree with (exported for tests). */
export function parseYamlWhole(text: string, source: string = text.includes('{{') ? maskTemplates(text) : text, templated: boolean = text.includes('{{')): YamlFileModel {
  // uniqueKeys off: duplicate keys are a lint concern, not a reason to drop the document.
  const docs = parseAllDocuments(source, { keepSourceTokens: false, uniqueKeys: false });
  const documents = (Array.isArray(docs) ? docs : []).map((doc) => describeDocument(text, doc, templated));
  return { documents, syntaxErrors: syntaxErrorsOf(documents) };
}

function syntaxErrorsOf(documents: readonly YamlDocument[]): SyntaxIssue[] {
  const out: SyntaxIssue[] = [];
  for (const document of documents) if (document.syntaxError) out.push(document.syntaxError);
  return out;
}

/** The model entry of one parsed document, with its syntax problem if it has one. */
function describeDocument(text: string, doc: Document.Parsed, templated: boolean): YamlDocument {
  const span = { start: doc.range[0], end: doc.range[2] };
  const docTemplated = templated && text.slice(span.start, span.end).includes('{{');
  const errors = doc.errors;
  // The yaml package composes recursively and reports a stack overflow as an error; a document
  // that did parse is still refused past the nesting limit, so no walker downstream recurses deeper.
  const overflow = errors.some((e) => /call stack/i.test(e.message));
  const deep = errors.length === 0 ? deepNode(doc.contents) : undefined;
  let syntaxError: SyntaxIssue | undefined;
  if (overflow || deep) {
    const at = deep ?? span.start;
    syntaxError = { span: { start: at, end: Math.min(span.end, at + 1) }, message: nestingMessage('YAML') };
  } else if (errors.length > 0 && !docTemplated) {
    const first = errors[0];
    // At least one character wide, but never past the document (an error at a document's end
    // would otherwise spill onto the next document's `---`, or past the end of the text).
    const start = Math.min(first.pos[0], span.end);
    const end = Math.max(start, Math.min(Math.max(first.pos[1], start + 1), span.end));
    syntaxError = { span: { start, end }, message: `YAML syntax error: ${firstLine(first.message)}` };
  }
  const entry = new DocumentEntry(doc, span, docTemplated, errors.length === 0 && deep === undefined, syntaxError);
  if (entry.parsed && isMap(doc.contents)) {
    entry.apiVersion = stringAt(doc.contents, ['apiVersion']);
    entry.kind = stringAt(doc.contents, ['kind']);
    entry.name = stringAt(doc.contents, ['metadata', 'name']);
    entry.namespace = stringAt(doc.contents, ['metadata', 'namespace']);
  }
  return entry;
}

/** Offset of the first collection nested deeper than MAX_NESTING_DEPTH (iterative walk), or undefined. */
function deepNode(root: unknown): number | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > MAX_NESTING_DEPTH) return node.range?.[0] ?? 0;
    for (const item of node.items) {
      if (isPair(item)) {
        stack.push({ node: item.key, depth: depth + 1 }, { node: item.value, depth: depth + 1 });
      } else stack.push({ node: item, depth: depth + 1 });
    }
  }
  return undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** The node at a key path (strings for map keys, numbers for sequence items). */
export function nodeAt(node: unknown, path: readonly (string | number)[]): Node | undefined {
  let current: unknown = node;
  for (const key of path) {
    if (typeof key === 'number') {
      if (!isSeq(current)) return undefined;
      current = current.items[key];
    } else {
      if (!isMap(current)) return undefined;
      current = pairOf(current, key)?.value;
    }
    if (current === undefined || current === null) return undefined;
  }
  return current as Node;
}

export function pairOf(map: YAMLMap, key: string): Pair<Scalar, Node> | undefined {
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item as Pair<Scalar, Node>;
  }
  return undefined;
}

/** The pair holding `path`'s last key, e.g. pairAt(doc, ['spec','url']) gives the `url:` pair. */
export function pairAt(node: unknown, path: readonly string[]): Pair<Scalar, Node> | undefined {
  const parent = path.length > 1 ? nodeAt(node, path.slice(0, -1)) : node;
  return isMap(parent) ? pairOf(parent, path[path.length - 1]) : undefined;
}

export function stringAt(node: unknown, path: readonly (string | number)[]): string | undefined {
  const found = nodeAt(node, path);
  if (!isScalar(found) || found.value === null || found.value === undefined) return undefined;
  return String(found.value);
}

/** Span of a node's value (without trailing comments). */
export function nodeSpan(node: Node | undefined | null): Span | undefined {
  if (!node?.range) return undefined;
  return { start: node.range[0], end: node.range[1] };
}

/** Span covering a pair from the start of its key to the end of its value. */
export function pairSpan(pair: Pair<Scalar, Node>): Span | undefined {
  const start = pair.key?.range?.[0];
  const end = pair.value?.range?.[1] ?? pair.key?.range?.[1];
  return start === undefined || end === undefined ? undefined : { start, end };
}

/**
 * Every scalar in a node tree with its key path (for scanning certificates, images ...), in
 * document order. Iterative: a chain of nested generators would make every step cost the depth.
 * The path array is the walk's own and changes with the next scalar: copy it to keep it.
 */
export function* walkScalars(node: unknown): Generator<{ path: readonly (string | number)[]; node: Scalar }> {
  // One path array for the whole walk (a new array per node was most of the walk's cost): an
  // entry on the stack knows its depth, and taking it sets the keys from there on.
  const path: (string | number)[] = [];
  const stack: { node: unknown; depth: number; key: string | number }[] = [{ node, depth: 0, key: '' }];
  while (stack.length > 0) {
    const current = stack.pop()!;
    path.length = current.depth;
    if (current.depth > 0) path[current.depth - 1] = current.key;
    if (isScalar(current.node)) {
      yield { path, node: current.node };
      continue;
    }
    const depth = current.depth + 1;
    if (isMap(current.node)) {
      const items = current.node.items;
      for (let i = items.length - 1; i >= 0; i--) {
        const item = items[i];
        if (isPair(item) && isScalar(item.key)) stack.push({ node: item.value, depth, key: String(item.key.value) });
      }
    } else if (isSeq(current.node)) {
      const items = current.node.items;
      for (let i = items.length - 1; i >= 0; i--) stack.push({ node: items[i], depth, key: i });
    }
  }
}

export { isMap, isScalar, isSeq, isPair };

/**
 * Remembers what was computed from one document, for as long as an edited file keeps that
 * document (a re-parse takes over the YamlDocument of every document whose text did not change
 * and moves it to its new offset). A value computed at one offset is moved by `move` when the
 * document has moved; `keys` (knowledge, path …) must be identical for a value to be reused.
 */
export class DocumentMemo<T> {
  private readonly entries = new WeakMap<YamlDocument, { keys: readonly unknown[]; start: number; value: T }>();

  constructor(private readonly move: (value: T, delta: number) => T) {}

  get(document: YamlDocument, keys: readonly unknown[], compute: () => T): T {
    const start = document.span.start;
    const entry = this.entries.get(document);
    if (entry && entry.keys.length === keys.length && entry.keys.every((k, i) => k === keys[i])) {
      if (entry.start !== start) {
        entry.value = this.move(entry.value, start - entry.start);
        entry.start = start;
      }
      return entry.value;
    }
    const value = compute();
    this.entries.set(document, { keys, start, value });
    return value;
  }

  /** Forget a document (its value must be computed again next time). */
  forget(document: YamlDocument): void {
    this.entries.delete(document);
  }
}

/** `span` moved by `delta`. */
export function moveSpan(span: Span, delta: number): Span {
  return { start: span.start + delta, end: span.end + delta };
}

/** Moves the `span` of every item (for DocumentMemo values that are lists of located things). */
export function moveSpans<T extends { span: Span }>(items: readonly T[], delta: number): T[] {
  return items.map((item) => ({ ...item, span: moveSpan(item.span, delta) }));
}

/**
 * The documents rules check: parsed without errors and not Helm templates (a template's values
 * are unknown until rendered, so "missing field" findings there would be false).
 */
export function checkableDocuments(model: YamlFileModel): YamlDocument[] {
  return model.documents.filter((d) => d.parsed && !d.templated);
}
