// openssl.cnf (config(5)): sections, `key = value` entries and `.include`/`.pragma` directives,
// each with exact spans. Lexing follows OpenSSL's own loader (crypto/conf/conf_def.c) where it
// matters to a linter: a trailing `\` joins the next physical line (checked before comments are
// removed, as OpenSSL does), `#` starts a comment outside quotes unless escaped as `\#`, section
// names are the trimmed text between `[` and `]`, the unnamed leading section is called "default",
// a repeated key replaces the earlier one. Malformed lines become syntax issues; parsing goes on.
import type { Span } from '../types.js';
import type { SyntaxIssue } from './source.js';

export interface CnfEntry {
  key: string;
  keySpan: Span;
  /**
   * Raw value: comment stripped, trimmed, quotes and escapes kept as written. For a value continued
   * over several lines (trailing `\`) the backslash-newline pairs are removed, so it can differ from
   * the text under valueSpan. Use expandValue() for the value OpenSSL sees.
   */
  value: string;
  valueSpan: Span;
  /** From the start of the key to the end of the value. */
  span: Span;
  /** 0-based line of the key. */
  line: number;
}

export interface CnfSection {
  /** Section name; the unnamed leading section is "default" (OpenSSL's name for it). */
  name: string;
  nameSpan?: Span;
  /** Span of `[ name ]`; undefined for the unnamed leading section. */
  headerSpan?: Span;
  /**
   * From the header (or, for the leading section, its first entry) to the end of the last entry's
   * line, line break excluded; only the header line when there are no entries.
   */
  span: Span;
  entries: CnfEntry[];
  /**
   * Where a new entry for this section can be inserted: just after the line break of the last
   * entry's line, or after the header line (0 for an empty leading section). At the end of a file
   * without a final line break this is text.length and the inserted text must start with one.
   */
  bodyEnd: number;
}

export interface CnfDirective {
  /** '.include', '.pragma', or another dot-name OpenSSL does not know. */
  name: string;
  value: string;
  span: Span;
}

export interface OpensslModel {
  /** sections[0] is the unnamed leading section (maybe empty); then one per header, in file order. */
  sections: CnfSection[];
  directives: CnfDirective[];
  syntaxErrors: SyntaxIssue[];
}

const MAX_ISSUES = 5;
const PREFIX = 'OpenSSL config syntax error: ';

interface PhysicalLine { start: number; contentEnd: number; end: number }

function physicalLines(text: string): PhysicalLine[] {
  const lines: PhysicalLine[] = [];
  const re = /\r\n|\n|\r/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    lines.push({ start, contentEnd: m.index, end: m.index + m[0].length });
    start = m.index + m[0].length;
  }
  if (start < text.length || lines.length === 0) lines.push({ start, contentEnd: text.length, end: text.length });
  return lines;
}

/** A logical line (physical lines joined by trailing backslashes) with a map back to file offsets. */
interface LogicalLine {
  text: string;
  /** map[i] = file offset of text[i]; map[text.length] = end of the last physical line's content. */
  map: number[];
  firstLine: number;
  /** Offset just after the line break of the last physical line. */
  end: number;
  /** End of the last physical line's content (before its line break). */
  contentEnd: number;
}

function continues(text: string, line: PhysicalLine): boolean {
  const n = line.contentEnd - line.start;
  if (n === 0 || text[line.contentEnd - 1] !== '\\') return false;
  return n === 1 || text[line.contentEnd - 2] !== '\\';
}

function logicalLines(text: string): LogicalLine[] {
  const physical = physicalLines(text);
  const out: LogicalLine[] = [];
  for (let i = 0; i < physical.length; i++) {
    const firstLine = i;
    let chars = '';
    const map: number[] = [];
    for (;;) {
      const line = physical[i];
      const joined = continues(text, line) && i + 1 < physical.length;
      const stop = joined ? line.contentEnd - 1 : line.contentEnd;
      for (let k = line.start; k < stop; k++) { chars += text[k]; map.push(k); }
      if (!joined) break;
      i++;
    }
    const last = physical[i];
    map.push(last.contentEnd);
    out.push({ text: chars, map, firstLine, end: last.end, contentEnd: last.contentEnd });
  }
  return out;
}

const isWs = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\f' || c === '\v';

/** Index where the comment of a logical line starts (or its length): `#` outside quotes and not escaped. */
function commentStart(s: string): number {
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '#') return i;
    if (c === '\\') { i += 2; continue; }
    if (c === '"' || c === "'") {
      i++;
      while (i < s.length && s[i] !== c) i += s[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    i++;
  }
  return s.length;
}

export function parseOpensslCnf(text: string): OpensslModel {
  const leading: CnfSection = { name: 'default', span: { start: 0, end: 0 }, entries: [], bodyEnd: 0 };
  const sections: CnfSection[] = [leading];
  const directives: CnfDirective[] = [];
  const syntaxErrors: SyntaxIssue[] = [];
  const issue = (span: Span, message: string): void => {
    if (syntaxErrors.length < MAX_ISSUES) syntaxErrors.push({ span, message: PREFIX + message });
  };
  let current = leading;

  for (const line of logicalLines(text)) {
    const s = line.text;
    const span = (a: number, b: number): Span => (b > a ? { start: line.map[a], end: line.map[b - 1] + 1 } : { start: line.map[a], end: line.map[a] });
    let end = commentStart(s);
    while (end > 0 && isWs(s[end - 1])) end--;
    let p = 0;
    while (p < end && isWs(s[p])) p++;
    if (p >= end) continue;

    if (s[p] === '[') {
      const close = s.indexOf(']', p + 1);
      const innerEnd = close >= 0 && close < end ? close : end;
      let a = p + 1;
      while (a < innerEnd && isWs(s[a])) a++;
      let b = innerEnd;
      while (b > a && isWs(s[b - 1])) b--;
      const headerSpan = span(p, close >= 0 && close < end ? close + 1 : end);
      if (!(close >= 0 && close < end)) issue(headerSpan, 'missing "]" in section header');
      else if (b === a) issue(headerSpan, 'empty section name');
      current = {
        name: s.slice(a, b),
        nameSpan: span(a, b),
        headerSpan,
        span: { start: headerSpan.start, end: line.contentEnd },
        entries: [],
        bodyEnd: line.end,
      };
      sections.push(current);
      continue;
    }

    // Key: everything up to white space or '=' (OpenSSL allows letters, digits, punctuation and `::`).
    let k = p;
    while (k < end && !isWs(s[k]) && s[k] !== '=') k += s[k] === '\\' ? 2 : 1;
    k = Math.min(k, end);
    const key = s.slice(p, k);
    let q = k;
    while (q < end && isWs(s[q])) q++;

    if (key === '.include' || key === '.pragma' || (key.startsWith('.') && s[q] !== '=' && /^\.[A-Za-z_]+$/.test(key))) {
      if (s[q] === '=') { q++; while (q < end && isWs(s[q])) q++; }
      const value = s.slice(q, end);
      const dspan = span(p, end);
      directives.push({ name: key, value, span: dspan });
      if (key !== '.include' && key !== '.pragma') issue(span(p, k), `unknown directive "${key}"`);
      else if (value === '') issue(dspan, `${key} without a value`);
      continue;
    }

    if (k === p || s[q] !== '=') {
      issue(span(p, end), k === p ? 'line starts with "=" (missing name)' : `missing "=" after "${key}"`);
      continue;
    }
    let v = q + 1;
    while (v < end && isWs(s[v])) v++;
    const keySpan = span(p, k);
    const valueSpan = span(v, end);
    current.entries.push({
      key,
      keySpan,
      value: s.slice(v, end),
      valueSpan,
      span: { start: keySpan.start, end: valueSpan.end },
      line: line.firstLine + lineOffset(text, line.map[0], line.map[p]),
    });
    current.span = current === leading && current.entries.length === 1
      ? { start: keySpan.start, end: line.contentEnd }
      : { start: current.span.start, end: line.contentEnd };
    current.bodyEnd = line.end;
  }
  return { sections, directives, syntaxErrors };
}

/** Line breaks between two offsets (a key can start on a continuation line only in odd files). */
function lineOffset(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Helpers for rules.

/** The first section with this name (case-sensitive, like OpenSSL). "default" is the leading section. */
export function sectionOf(model: OpensslModel, name: string): CnfSection | undefined {
  return model.sections.find((s) => s.name === name);
}

/** Every section with this name: OpenSSL merges repeated headers into one section. */
export function sectionsOf(model: OpensslModel, name: string): CnfSection[] {
  return model.sections.filter((s) => s.name === name);
}

/** The entry OpenSSL uses for `key` in this section: the last one when the key is repeated. */
export function entryOf(section: CnfSection | undefined, key: string): CnfEntry | undefined {
  if (!section) return undefined;
  for (let i = section.entries.length - 1; i >= 0; i--) if (section.entries[i].key === key) return section.entries[i];
  return undefined;
}

/** Every entry for `key` in this section, in file order. */
export function entriesOf(section: CnfSection | undefined, key: string): CnfEntry[] {
  return section ? section.entries.filter((e) => e.key === key) : [];
}

/** The effective entry for `key` across all sections named `sectionName` (the last one wins). */
export function findEntry(model: OpensslModel, sectionName: string, key: string): CnfEntry | undefined {
  const found = sectionsOf(model, sectionName);
  for (let i = found.length - 1; i >= 0; i--) {
    const entry = entryOf(found[i], key);
    if (entry) return entry;
  }
  return undefined;
}

const MAX_EXPANSION_DEPTH = 8;

function dollarIdEnabled(model: OpensslModel): boolean {
  return model.directives.some((d) => d.name === '.pragma' && /(^|\s)dollarid\s*:\s*(true|on)\b/i.test(d.value));
}

/**
 * The value as OpenSSL reads it: quotes removed (their content kept verbatim), escapes outside
 * quotes decoded (\n \r \b \t, otherwise the escaped character), and `$var`, `${var}`, `$(var)`,
 * `$sect::var`, `${sect::var}` replaced. A variable is looked up in `section` and then in
 * "default", as OpenSSL does. References that cannot be resolved (unknown names, `$ENV::...`,
 * cycles deeper than a few levels) are left as written.
 */
export function expandValue(model: OpensslModel, section: CnfSection | string, value: string): string {
  return expand(model, typeof section === 'string' ? section : section.name, value, 0, dollarIdEnabled(model));
}

function expand(model: OpensslModel, sectionName: string, value: string, depth: number, dollarId: boolean): string {
  let out = '';
  let i = 0;
  const isName = (c: string | undefined): boolean => c !== undefined && (/[A-Za-z0-9_]/.test(c) || (dollarId && c === '$'));
  while (i < value.length) {
    const c = value[i];
    if (c === '"' || c === "'") {
      i++;
      while (i < value.length && value[i] !== c) {
        if (value[i] === '\\' && i + 1 < value.length) i++;
        out += value[i++];
      }
      i++;
      continue;
    }
    if (c === '\\') {
      const e = value[i + 1];
      i += 2;
      if (e === undefined) break;
      out += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 'b' ? '\b' : e === 't' ? '\t' : e;
      continue;
    }
    if (c === '$' && (!dollarId || value[i + 1] === '{' || value[i + 1] === '(')) {
      const open = value[i + 1];
      const closer = open === '{' ? '}' : open === '(' ? ')' : undefined;
      let j = closer ? i + 2 : i + 1;
      const nameStart = j;
      while (isName(value[j])) j++;
      let sect = sectionName;
      let name = value.slice(nameStart, j);
      if (value[j] === ':' && value[j + 1] === ':') {
        sect = name;
        const varStart = j + 2;
        j = varStart;
        while (isName(value[j])) j++;
        name = value.slice(varStart, j);
      }
      if (closer) {
        if (value[j] !== closer) { out += c; i++; continue; }
        j++;
      }
      const written = value.slice(i, j);
      i = j;
      if (name === '' || sect === 'ENV' || depth >= MAX_EXPANSION_DEPTH) { out += written; continue; }
      const ownSection = findEntry(model, sect, name);
      const entry = ownSection ?? (sect !== 'default' ? findEntry(model, 'default', name) : undefined);
      if (!entry) { out += written; continue; }
      out += expand(model, ownSection ? sect : 'default', entry.value, depth + 1, dollarId);
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/**
 * Follows a section reference such as `providers = provider_sect` in `[openssl_init]`: the section
 * named by the (expanded) value of `key` in `fromSection`.
 */
export function sectionNamedBy(model: OpensslModel, fromSection: CnfSection | string, key: string): CnfSection | undefined {
  const name = typeof fromSection === 'string' ? fromSection : fromSection.name;
  const entry = findEntry(model, name, key);
  if (!entry) return undefined;
  return sectionOf(model, expandValue(model, name, entry.value).trim());
}
