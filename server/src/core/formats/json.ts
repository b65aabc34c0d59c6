// step-ca ca.json (JSON, comments and trailing commas tolerated) via jsonc-parser, whose node
// offsets are UTF-16 string indices like every span of the core. Parsing never throws: the first
// parse error becomes one syntax issue; the tree built up to (and around) it is still returned.
import { parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node as JsonNode, ParseError } from 'jsonc-parser';
import type { Span } from '../types.js';
import type { SyntaxIssue } from './source.js';
import { nestingMessage, tooDeep } from './nesting.js';

export type { JsonNode };
export type JsonPath = readonly (string | number)[];

export interface JsonFileModel {
  /** The value tree; undefined when the text holds no value at all (empty, or not JSON). */
  root: JsonNode | undefined;
  syntaxErrors: SyntaxIssue[];
}

const MESSAGES: Record<string, string> = {
  InvalidSymbol: 'invalid symbol',
  InvalidNumberFormat: 'invalid number format',
  PropertyNameExpected: 'expected property name',
  ValueExpected: 'expected value',
  ColonExpected: 'expected colon',
  CommaExpected: 'expected comma',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'expected end of file',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string',
};

function describe(error: ParseError): string {
  const name = printParseErrorCode(error.error);
  return MESSAGES[name] ?? name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

export function parseJsonc(text: string): JsonFileModel {
  const errors: ParseError[] = [];
  let root: JsonNode | undefined;
  // jsonc-parser builds the tree recursively: hostile nesting would overflow the stack.
  const deep = tooDeep(text, 'json');
  if (deep) return { root: undefined, syntaxErrors: [{ span: deep, message: nestingMessage('JSON') }] };
  try {
    root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  } catch (error) {
    return { root: undefined, syntaxErrors: [{ span: { start: 0, end: 0 }, message: `JSON parser failed: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  clampToText(root, text.length);
  const syntaxErrors: SyntaxIssue[] = [];
  if (errors.length > 0) {
    const first = errors.reduce((a, b) => (b.offset < a.offset ? b : a));
    const start = Math.min(first.offset, text.length);
    const end = Math.min(text.length, start + Math.max(first.length, 1));
    syntaxErrors.push({ span: { start, end }, message: `JSON syntax error: ${describe(first)}` });
  }
  return { root, syntaxErrors };
}

/**
 * jsonc-parser can end a node one character past an unterminated text (an unterminated string
 * counts a character that is not there); every span the core hands out must stay inside the text.
 */
function clampToText(root: JsonNode | undefined, length: number): void {
  const stack: JsonNode[] = root ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop()! as { offset: number; length: number; children?: JsonNode[] };
    if (node.offset > length) node.offset = length;
    if (node.offset + node.length > length) node.length = length - node.offset;
    if (node.children) stack.push(...node.children);
  }
}

/** The property node (`"key": value`) for key `key` of an object node; the last one when the key is repeated (Go's encoding/json keeps the last). */
function propertyOf(node: JsonNode, key: string): JsonNode | undefined {
  if (node.type !== 'object' || !node.children) return undefined;
  for (let i = node.children.length - 1; i >= 0; i--) {
    const prop = node.children[i];
    const keyNode = prop.children?.[0];
    if (prop.type === 'property' && keyNode?.type === 'string' && keyNode.value === key) return prop;
  }
  return undefined;
}

function step(node: JsonNode, segment: string | number): { value?: JsonNode; property?: JsonNode } {
  if (typeof segment === 'number') {
    if (node.type !== 'array' || !node.children) return {};
    return { value: node.children[segment] };
  }
  const property = propertyOf(node, segment);
  return { value: property?.children?.[1], property };
}

/** The value node at a path (strings for object keys, numbers for array items); the root for []. */
export function jsonNodeAt(root: JsonNode | undefined, path: JsonPath): JsonNode | undefined {
  let current = root;
  for (const segment of path) {
    if (!current) return undefined;
    current = step(current, segment).value;
  }
  return current;
}

/** The string at a path; undefined when absent or not a string. */
export function jsonString(root: JsonNode | undefined, path: JsonPath): string | undefined {
  const node = jsonNodeAt(root, path);
  return node?.type === 'string' && typeof node.value === 'string' ? node.value : undefined;
}

function spanOfNode(node: JsonNode | undefined): Span | undefined {
  return node ? { start: node.offset, end: node.offset + node.length } : undefined;
}

/** Span of the value at a path (a string value includes its quotes). */
export function jsonValueSpan(root: JsonNode | undefined, path: JsonPath): Span | undefined {
  return spanOfNode(jsonNodeAt(root, path));
}

/**
 * Span of `"key": value` for a path ending in an object key; for a path ending in an array index,
 * the item's span. Undefined when the path does not exist.
 */
export function jsonPropertySpan(root: JsonNode | undefined, path: JsonPath): Span | undefined {
  if (path.length === 0) return undefined;
  const parent = jsonNodeAt(root, path.slice(0, -1));
  if (!parent) return undefined;
  const { value, property } = step(parent, path[path.length - 1]);
  return spanOfNode(property ?? value);
}
