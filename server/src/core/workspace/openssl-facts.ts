// openssl.cnf facts, from standalone files and from configs embedded in Kubernetes manifests
// (a ConfigMap `data` value such as `openssl.cnf: |`). Also the two things the OpenSSL rules share
// with the facts: config "views" (the parsed config plus a map from config offsets to file offsets,
// so rules report and edit inside a YAML block scalar exactly), and the provider/group analysis.
//
// OpenSSL semantics used here (crypto/conf, crypto/provider_conf.c, ssl/ssl_conf.c):
// - `openssl_conf = <init>` in the unnamed leading section names the initialisation section, whose
//   `providers = <sect>` names the provider section; nothing is loaded without that chain.
// - Each provider section entry `name = sect` configures one provider; `activate` in `sect` must be
//   1|yes|YES|true|TRUE|on|ON (openssl/openssl#22906; before OpenSSL 3.3 its mere presence counted).
// - The key may carry a "prefix." (skip_dot) and `identity` in the section overrides the name.
// - The default provider is only loaded implicitly when no provider is activated explicitly.
import type { ParsedFile, YamlFile } from '../parse.js';
import type { Knowledge } from '../knowledge.js';
import type { Span, TextEdit } from '../types.js';
import { LineIndex } from '../text.js';
import {
  expandValue, parseOpensslCnf, sectionsOf,
  type CnfEntry, type CnfSection, type OpensslModel,
} from '../formats/openssl.js';
import { checkableDocuments, isMap, isScalar, nodeAt } from '../formats/yaml.js';
import type { Scalar } from 'yaml';

// ---------------------------------------------------------------------------------------------
// Facts

export interface OpensslGroupsFact {
  /** Section holding the setting, e.g. "system_default_sect". */
  section: string;
  /** The key as written: Groups, Curves, groups ... */
  key: string;
  /** Group names in order, without the OpenSSL 3.5 `?`, `*`, `-` prefixes. */
  names: string[];
}

export interface OpensslFact {
  file: string;
  /** The whole config: the file, or the YAML scalar that holds an embedded config. */
  span: Span;
  /** For a config embedded in a manifest: where, e.g. "ConfigMap/openssl-config data.openssl.cnf". */
  path?: string;
  /** `openssl_conf` → init section → `providers` resolves to an existing provider section. */
  loaded: boolean;
  /** The config has a provider section (referenced by a `providers` entry, or named provider_sect). */
  hasProviderSection: boolean;
  /** A provider section lists oqsprovider (by name or by its module), activated or not. */
  declaresOqsprovider: boolean;
  /** oqsprovider is listed and its section sets `activate` to a true value. */
  activatesOqsprovider: boolean;
  /** The default provider is active: activated explicitly, or implicitly because nothing else is. */
  defaultActive: boolean;
  /** `Groups` / `Curves` settings (any section). */
  groups: OpensslGroupsFact[];
  /** `.include` directives as written (paths or directories). */
  includes: string[];
}

export function extractOpensslFacts(file: ParsedFile, _knowledge: Knowledge): OpensslFact[] {
  return cnfViews(file).map((view) => {
    const a = analyseCnf(view.model);
    return {
      file: file.path,
      span: view.container,
      path: view.path,
      loaded: a.loaded,
      hasProviderSection: a.providerSections.length > 0,
      declaresOqsprovider: a.providers.some((p) => p.oqs),
      activatesOqsprovider: a.providers.some((p) => p.oqs && p.activated),
      defaultActive: a.defaultActive,
      groups: a.groups.map((g) => ({ section: g.section.name, key: g.entry.key, names: g.tokens.map((t) => t.name) })),
      includes: view.model.directives.filter((d) => d.name === '.include').map((d) => d.value.trim()),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Views: where a config sits in a file

export interface CnfView {
  file: string;
  /** The config text: the whole file, or the decoded value of the YAML scalar. */
  text: string;
  model: OpensslModel;
  /** The whole config in the file: the file, or the YAML scalar. */
  container: Span;
  /** For embedded configs: document kind/name and key path, e.g. "ConfigMap/oqs data.openssl.cnf". */
  path?: string;
  /**
   * True when config offsets map to file offsets exactly (standalone files, literal block scalars,
   * single-line scalars). Inexact views report at `anchor` and offer no fixes.
   */
  exact: boolean;
  /** Where findings go when the mapping is not exact: the key of the YAML entry. */
  anchor: Span;
  /** Maps a span of `text` to the file. */
  span(span: Span): Span;
  /**
   * A file edit replacing `span` of `text` by `newText` (written with "\n" line breaks; they become the
   * file's line breaks plus the block scalar's indentation). Undefined when the view cannot edit.
   */
  edit(span: Span, newText: string): TextEdit | undefined;
}

const views = new WeakMap<ParsedFile, CnfView[]>();

/** The openssl configs of a file: the file itself, or configs embedded in its manifests. */
export function cnfViews(file: ParsedFile): CnfView[] {
  let cached = views.get(file);
  if (!cached) {
    cached = file.kind === 'openssl-cnf' ? [fileView(file.path, file.text, file.cnf, file.lines)]
      : file.kind === 'kubernetes-yaml' ? embeddedViews(file)
        : [];
    views.set(file, cached);
  }
  return cached;
}

function fileView(path: string, text: string, model: OpensslModel, lines: LineIndex): CnfView {
  const eol = lines.eol;
  const container = { start: 0, end: text.length };
  return {
    file: path,
    text,
    model,
    container,
    exact: true,
    anchor: { start: 0, end: 0 },
    span: (s) => s,
    edit: (s, newText) => ({ span: s, newText: eol === '\n' ? newText : newText.replace(/\n/g, eol) }),
  };
}

const CNF_NAME = /(\.cnf|openssl\.conf|openssl[^/]*\.cfg)$/i;
const CONF_NAME = /\.(conf|cfg)$/i;

/** An embedded value is an openssl config when its key says so, or a .conf/.cfg value reads like one. */
function looksLikeCnf(key: string, value: string): boolean {
  if (!value.includes('=')) return false;
  if (CNF_NAME.test(key)) return true;
  if (!CONF_NAME.test(key)) return false;
  return /^\s*\[\s*[A-Za-z0-9_.]+\s*\]\s*$/m.test(value) && /^\s*(openssl_conf|providers|activate|Groups|Curves|MinProtocol|CipherString)\s*=/m.test(value);
}

function embeddedViews(file: YamlFile): CnfView[] {
  const out: CnfView[] = [];
  const lines = file.lines;
  for (const doc of checkableDocuments(file.yaml)) {
    const root = doc.doc.contents;
    const places: string[][] = doc.kind === 'ConfigMap' ? [['data']] : doc.kind === 'Secret' ? [['stringData']] : [];
    for (const place of places) {
      const map = nodeAt(root, place);
      if (!isMap(map)) continue;
      for (const item of map.items) {
        if (!isScalar(item.key) || !isScalar(item.value)) continue;
        const key = String(item.key.value);
        const scalar = item.value as Scalar;
        if (typeof scalar.value !== 'string' || !scalar.range || !item.key.range) continue;
        if (!looksLikeCnf(key, scalar.value)) continue;
        const anchor = { start: item.key.range[0], end: item.key.range[1] };
        const where = `${doc.kind}${doc.name ? '/' + doc.name : ''} ${[...place, key].join('.')}`;
        out.push(scalarView(file.path, file.text, lines, scalar, anchor, where));
      }
    }
  }
  return out;
}

interface OffsetMap {
  /** File offset of each character of the value (for "\n": where the file's line break starts). */
  at: number[];
  /** File offset just after each character (for "\n": after the whole line break). */
  after: number[];
  /** File offset where the first content line starts (column 0). */
  firstLine: number;
  /** Indentation of the block scalar's content. */
  indent: string;
  /** True for block scalars: inserted line breaks can be re-indented. */
  block: boolean;
  /** Offset of a value "\n" that has no line break in the file (block scalar at the end of the file). */
  missingBreak?: number;
}

function scalarView(path: string, fileText: string, lines: LineIndex, scalar: Scalar, anchor: Span, where: string): CnfView {
  const value = String(scalar.value);
  const range = scalar.range!;
  const container = { start: range[0], end: range[1] };
  const map = scalar.type === 'BLOCK_LITERAL' ? literalBlockMap(fileText, range[0], range[1], value)
    : scalar.type === 'PLAIN' || scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE' ? flowMap(fileText, range[0], range[1], value)
      : undefined;
  const model = parseOpensslCnf(value);
  const eol = lines.eol;
  if (!map) {
    return {
      file: path, text: value, model, container, path: where, exact: false, anchor,
      span: () => anchor,
      edit: () => undefined,
    };
  }
  const n = value.length;
  const startOf = (i: number): number => (i < n ? map.at[i] : n === 0 ? map.firstLine : map.after[n - 1]);
  const endOf = (i: number): number => (i <= 0 ? startOf(0) : map.after[i - 1]);
  return {
    file: path, text: value, model, container, path: where, exact: true, anchor,
    span: (s) => (s.end > s.start ? { start: startOf(s.start), end: Math.max(startOf(s.start), endOf(s.end)) } : { start: startOf(s.start), end: startOf(s.start) }),
    edit: (s, newText) => {
      if (!map.block && newText.includes('\n')) return undefined;
      if (s.end > s.start) {
        return { span: { start: startOf(s.start), end: endOf(s.end) }, newText: reindent(newText, map.indent, eol, false) };
      }
      const lineStart = s.start === 0 || value[s.start - 1] === '\n';
      if (!lineStart) return { span: { start: endOf(s.start), end: endOf(s.start) }, newText: reindent(newText, map.indent, eol, false) };
      const at = s.start === 0 ? map.firstLine : map.after[s.start - 1];
      const broken = map.missingBreak !== undefined && s.start === map.missingBreak + 1;
      return { span: { start: at, end: at }, newText: (broken ? eol : '') + reindent(newText, map.indent, eol, true) };
    },
  };
}

/** Adds the block scalar's indentation after every inserted line break (blank lines stay empty). */
function reindent(text: string, indent: string, eol: string, indentFirst: boolean): string {
  if (!indent && eol === '\n') return text;
  return text.split('\n').map((line, i) => ((i > 0 || indentFirst) && line !== '' ? indent : '') + line).join(eol);
}

/** Character map of a `|` block scalar: content lines without their indentation. */
function literalBlockMap(text: string, start: number, end: number, value: string): OffsetMap | undefined {
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd >= end) return value === '' ? { at: [], after: [], firstLine: end, indent: '', block: true } : undefined;
  const firstLine = headerEnd + 1;
  // Physical lines of the scalar's body.
  const body: { start: number; contentEnd: number; next: number }[] = [];
  for (let p = firstLine; p < end;) {
    let q = p;
    while (q < text.length && text[q] !== '\n' && text[q] !== '\r') q++;
    const next = text[q] === '\r' && text[q + 1] === '\n' ? q + 2 : q < text.length ? q + 1 : q;
    body.push({ start: p, contentEnd: q, next });
    if (next === p) break;
    p = next;
  }
  const firstContent = body.find((l) => /[^ ]/.test(text.slice(l.start, l.contentEnd)));
  if (!firstContent) return value.replace(/\n/g, '') === '' ? { at: [], after: [], firstLine, indent: '', block: true } : undefined;
  const width = /^ */.exec(text.slice(firstContent.start, firstContent.contentEnd))![0].length;
  const at: number[] = [];
  const after: number[] = [];
  let decoded = '';
  let missingBreak: number | undefined;
  for (const line of body) {
    const raw = text.slice(line.start, line.contentEnd);
    if (/[^ ]/.test(raw)) {
      if (!raw.startsWith(' '.repeat(width))) return undefined;
      for (let k = line.start + width; k < line.contentEnd; k++) { decoded += text[k]; at.push(k); after.push(k + 1); }
    }
    if (line.next === line.contentEnd) missingBreak = decoded.length;
    decoded += '\n';
    at.push(line.contentEnd);
    after.push(line.next);
  }
  // Chomping (|, |-, |+) only changes trailing line breaks.
  if (!decoded.startsWith(value) || !/^\n*$/.test(decoded.slice(value.length))) return undefined;
  return {
    at: at.slice(0, value.length),
    after: after.slice(0, value.length),
    firstLine,
    indent: ' '.repeat(width),
    block: true,
    missingBreak: missingBreak !== undefined && missingBreak < value.length ? missingBreak : undefined,
  };
}

/** A single-line plain or quoted scalar written without escapes maps character by character. */
function flowMap(text: string, start: number, end: number, value: string): OffsetMap | undefined {
  const source = text.slice(start, end);
  const quoted = source.startsWith('"') || source.startsWith("'");
  const inner = quoted ? source.slice(1, -1) : source;
  if (inner !== value || /[\r\n]/.test(inner)) return undefined;
  const base = start + (quoted ? 1 : 0);
  const at = [...value].map((_, i) => base + i);
  return { at, after: at.map((o) => o + 1), firstLine: base, indent: '', block: false };
}

// ---------------------------------------------------------------------------------------------
// Analysis

export interface ProviderDecl {
  /** The key in the provider section as written, e.g. "oqsprovider". */
  key: string;
  /** The provider name OpenSSL uses: `identity` of its section, else the key after any "prefix.". */
  name: string;
  entry: CnfEntry;
  /** The provider section holding the entry. */
  providerSection: CnfSection;
  /** The section named by the entry's value, e.g. "oqsprovider_sect". */
  sectionName: string;
  /** Every section with that name (OpenSSL merges repeated headers); empty when it is missing. */
  sections: CnfSection[];
  /** The effective `activate` entry (the last one). */
  activateEntry?: CnfEntry;
  activated: boolean;
  module?: string;
  /** The provider is oqsprovider: by name, or by a module path naming oqsprovider. */
  oqs: boolean;
}

export interface GroupToken {
  /** As written, e.g. "?*X25519MLKEM768". */
  text: string;
  /** Without the `?`, `*`, `-` prefixes. */
  name: string;
  prefix: string;
  /** Span of `name` in the config text; undefined when the value is not written plainly. */
  span?: Span;
}

export interface GroupsSetting {
  section: CnfSection;
  entry: CnfEntry;
  tokens: GroupToken[];
  /** Every token has a span (the value is written without quotes, variables or continuations). */
  exact: boolean;
}

export interface CnfAnalysis {
  /** `openssl_conf = ...` in the leading section (or another `<app>_conf` naming an init section with providers). */
  appConf?: CnfEntry;
  /** Name of the init section the app entry names. */
  initName?: string;
  initSections: CnfSection[];
  /** `providers = ...` of the init section. */
  providersEntry?: CnfEntry;
  /** The provider sections: the one the chain reaches, or (when nothing is loaded) the candidates. */
  providerSections: CnfSection[];
  /** The chain from the leading section reaches an existing provider section. */
  loaded: boolean;
  providers: ProviderDecl[];
  defaultActive: boolean;
  /** A FIPS provider is activated, or listed with its section elsewhere (FIPS setups run without the default provider on purpose). */
  fipsActive: boolean;
  groups: GroupsSetting[];
}

const TRUE_VALUES = new Set(['1', 'yes', 'YES', 'true', 'TRUE', 'on', 'ON']);

export function isTrueSetting(value: string): boolean {
  return TRUE_VALUES.has(value.trim());
}

const analyses = new WeakMap<OpensslModel, CnfAnalysis>();

export function analyseCnf(model: OpensslModel): CnfAnalysis {
  let cached = analyses.get(model);
  if (!cached) {
    cached = analyse(model);
    analyses.set(model, cached);
  }
  return cached;
}

/** The entry OpenSSL uses for `key` across same-named sections: the last one. */
function effective(sections: readonly CnfSection[], key: string): CnfEntry | undefined {
  let found: CnfEntry | undefined;
  for (const section of sections) for (const entry of section.entries) if (entry.key === key) found = entry;
  return found;
}

function value(model: OpensslModel, section: CnfSection, entry: CnfEntry): string {
  return expandValue(model, section, entry.value).trim();
}

function sectionOfEntry(model: OpensslModel, entry: CnfEntry): CnfSection {
  return model.sections.find((s) => s.entries.includes(entry)) ?? model.sections[0];
}

function analyse(model: OpensslModel): CnfAnalysis {
  const leading = model.sections[0];
  // The init section: `openssl_conf` first; other applications use `<app>_conf` (e.g. nodejs_conf).
  const appEntries = leading ? leading.entries.filter((e) => /^[A-Za-z0-9_]+_conf$/.test(e.key)) : [];
  const appConf = appEntries.filter((e) => e.key === 'openssl_conf').pop()
    ?? appEntries.find((e) => effective(sectionsOf(model, value(model, leading, e)), 'providers') !== undefined);
  const initName = appConf ? value(model, leading, appConf) : undefined;
  const initSections = initName ? sectionsOf(model, initName) : [];
  const providersEntry = effective(initSections, 'providers');
  const chained = providersEntry ? sectionsOf(model, value(model, sectionOfEntry(model, providersEntry), providersEntry)) : [];
  const loaded = chained.length > 0;
  let providerSections = chained;
  if (!loaded) {
    const names = new Set<string>();
    for (const section of model.sections) {
      for (const entry of section.entries) if (entry.key === 'providers') names.add(value(model, section, entry));
    }
    names.add('provider_sect');
    providerSections = model.sections.filter((s) => names.has(s.name) && s !== leading && (s.entries.length > 0 || s.name === 'provider_sect'));
  }
  const providers: ProviderDecl[] = [];
  for (const section of providerSections) {
    for (const entry of section.entries) {
      const sectionName = value(model, section, entry);
      const sections = sectionsOf(model, sectionName);
      const activateEntry = effective(sections, 'activate');
      const identity = effective(sections, 'identity');
      const moduleEntry = effective(sections, 'module');
      const module = moduleEntry ? value(model, sectionOfEntry(model, moduleEntry), moduleEntry) : undefined;
      const dot = entry.key.indexOf('.');
      const name = identity ? value(model, sectionOfEntry(model, identity), identity) : dot >= 0 ? entry.key.slice(dot + 1) : entry.key;
      const oqs = /^oqs-?provider$/i.test(name) || (module !== undefined && /oqs-?provider[^/\\]*$/i.test(module));
      providers.push({
        key: entry.key,
        name,
        entry,
        providerSection: section,
        sectionName,
        sections,
        activateEntry,
        activated: activateEntry !== undefined && isTrueSetting(value(model, sectionOfEntry(model, activateEntry), activateEntry)),
        module,
        oqs,
      });
    }
  }
  const anyActivated = providers.some((p) => p.activated);
  const defaultActive = providers.some((p) => p.name === 'default' && p.activated) || !anyActivated;
  // fips_sect usually lives in an included fipsmodule.cnf (openssl fipsinstall), so a listed fips
  // provider whose section is not in this file counts as activated.
  const fipsActive = providers.some((p) => p.name === 'fips' && (p.activated || p.sections.length === 0));
  return {
    appConf, initName, initSections, providersEntry, providerSections, loaded, providers,
    defaultActive, fipsActive, groups: groupSettings(model),
  };
}

const GROUP_KEYS = new Set(['groups', 'curves']);

function groupSettings(model: OpensslModel): GroupsSetting[] {
  const out: GroupsSetting[] = [];
  for (const section of model.sections) {
    for (const entry of section.entries) {
      if (!GROUP_KEYS.has(entry.key.toLowerCase())) continue;
      out.push({ section, entry, ...groupTokens(model, section, entry) });
    }
  }
  return out;
}

function groupTokens(model: OpensslModel, section: CnfSection, entry: CnfEntry): { tokens: GroupToken[]; exact: boolean } {
  const raw = entry.value;
  const plain = !/["'$\\]/.test(raw) && entry.valueSpan.end - entry.valueSpan.start === raw.length;
  const source = plain ? raw : expandValue(model, section, raw);
  const tokens: GroupToken[] = [];
  const re = /[^:/,\s]+/g;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    const text = m[0];
    const prefix = /^[?*-]*/.exec(text)![0];
    const name = text.slice(prefix.length);
    if (!name) continue;
    const start = entry.valueSpan.start + m.index + prefix.length;
    tokens.push({ text, name, prefix, span: plain ? { start, end: start + name.length } : undefined });
  }
  return { tokens, exact: plain };
}

/** The line start (config offset) of the line holding `offset`. */
export function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** Test hook: a view over a standalone config text. */
export function standaloneView(path: string, text: string): CnfView {
  return fileView(path, text, parseOpensslCnf(text), new LineIndex(text));
}
