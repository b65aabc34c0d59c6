// Shared by the OpenSSL rules (rules/openssl/*.ts): edits to openssl.cnf text that keep comments,
// order and the block-scalar indentation of configs embedded in manifests. This file sits directly
// under rules/, so the generated registry does not take it for a rule.
import { expandValue, sectionsOf, type CnfSection } from '../formats/openssl.js';
import type { ParsedFile } from '../parse.js';
import type { WorkspaceIndex } from '../workspace/index.js';
import type { Span, TextEdit } from '../types.js';
import { analyseCnf, cnfViews, isTrueSetting, lineStartOf, type CnfAnalysis, type CnfView, type ProviderDecl } from '../workspace/openssl-facts.js';

/** Where the migration guide (seeds/000, Option 2) installs the provider module. */
export const OQS_MODULE_PATH = '/usr/local/lib/ossl-modules/oqsprovider.so';

export const OPENSSL_SOURCES = {
  config: 'OpenSSL config(5) and crypto/provider_conf.c (openssl_conf → [openssl_init] providers → provider sections; activate = 1|yes|true|on)',
  activate: 'openssl/openssl#22906 (since OpenSSL 3.3, activate must be 1, yes, true or on; before, any value activated)',
  oqsUsage: 'open-quantum-safe/oqs-provider USAGE.md (activating oqsprovider in openssl.cnf next to the default provider)',
  oqsReadme: 'open-quantum-safe/oqs-provider README "Using with OpenSSL >= 3.5" (ML-KEM, ML-DSA, SLH-DSA are native there)',
  oqsRelease: 'open-quantum-safe/oqs-provider RELEASE.md 0.10.0 (composite signatures removed, PR #687)',
  guide: 'seeds/000_913be8e6bf26f545.txt (Option 2: Hybrid Certificates with liboqs-provider)',
} as const;

/** The openssl configs a rule looks at in this file, with their analysis. */
export function configsOf(file: ParsedFile): { view: CnfView; a: CnfAnalysis }[] {
  return cnfViews(file).map((view) => ({ view, a: analyseCnf(view.model) }));
}

/** Where "in this config" points for messages about embedded configs. */
export function where(view: CnfView): string {
  return view.path ? ` (embedded config ${view.path})` : '';
}

/** The span a finding on `span` (config offsets) gets: exact, or the embedded config's key. */
export function reportSpan(view: CnfView, span: Span | undefined): Span {
  if (!view.exact || !span) return view.anchor;
  return view.span(span);
}

type Line = [key: string, value: string];

/**
 * Collects insertions and replacements in config offsets and turns them into file edits. At one
 * offset, entries for the section ending there come before new sections.
 */
export class CnfEditor {
  private readonly heads = new Map<number, string[]>();
  private readonly tails = new Map<number, string[]>();
  private readonly replacements: { span: Span; text: string }[] = [];

  constructor(readonly view: CnfView) {}

  private push(map: Map<number, string[]>, at: number, text: string): void {
    const list = map.get(at) ?? [];
    list.push(text);
    map.set(at, list);
  }

  /** `key = value` as a new last entry of the section (the last section of that name). */
  addEntry(section: CnfSection, key: string, value: string): void {
    const target = lastOf(this.view, section);
    if (target === this.view.model.sections[0] && target.entries.length === 0) {
      this.addLeadingEntry(key, value);
      return;
    }
    this.push(this.heads, target.bodyEnd, `${key} = ${value}\n`);
  }

  /** `key = value` in the unnamed leading section (before the first header). */
  addLeadingEntry(key: string, value: string): void {
    const leading = this.view.model.sections[0];
    if (leading.entries.length > 0) {
      this.push(this.heads, leading.bodyEnd, `${key} = ${value}\n`);
      return;
    }
    const first = this.view.model.sections[1];
    if (first?.headerSpan) this.push(this.heads, lineStartOf(this.view.text, first.headerSpan.start), `${key} = ${value}\n\n`);
    else this.push(this.heads, this.view.text.length, `${key} = ${value}\n`);
  }

  /**
   * A new `[name]` section right after `after` (its last same-named section) and the comment lines
   * that directly follow its last entry, or at the end of the config.
   */
  addSection(name: string, lines: Line[], after?: CnfSection): void {
    const at = after ? sectionTail(this.view.text, lastOf(this.view, after)) : this.view.text.length;
    this.push(this.tails, at, `\n[${name}]\n${lines.map(([k, v]) => `${k} = ${v}\n`).join('')}`);
  }

  /** A new `[name]` section just before the header line of `before`. */
  addSectionBefore(name: string, lines: Line[], before: CnfSection): void {
    if (!before.headerSpan) {
      this.addSection(name, lines);
      return;
    }
    this.push(this.tails, lineStartOf(this.view.text, before.headerSpan.start), `[${name}]\n${lines.map(([k, v]) => `${k} = ${v}\n`).join('')}\n`);
  }

  replace(span: Span, text: string): void {
    // Two problems can call for the same change (e.g. one `activate` line): make it once.
    if (this.replacements.some((r) => r.span.start === span.start && r.span.end === span.end && r.text === text)) return;
    this.replacements.push({ span, text });
  }

  get empty(): boolean {
    return this.heads.size === 0 && this.tails.size === 0 && this.replacements.length === 0;
  }

  /** The file edits; undefined when the view cannot be edited. */
  edits(): TextEdit[] | undefined {
    const text = this.view.text;
    const out: TextEdit[] = [];
    const offsets = new Set([...this.heads.keys(), ...this.tails.keys()]);
    for (const at of [...offsets].sort((a, b) => a - b)) {
      let insert = [...(this.heads.get(at) ?? []), ...(this.tails.get(at) ?? [])].join('');
      // At the end of a config without a final line break: start with one, and do not add one.
      if (at === text.length && text.length > 0 && !/[\r\n]$/.test(text)) insert = '\n' + insert.replace(/\n$/, '');
      const edit = this.view.edit({ start: at, end: at }, insert);
      if (!edit) return undefined;
      out.push(edit);
    }
    for (const r of this.replacements) {
      const edit = this.view.edit(r.span, r.text);
      if (!edit) return undefined;
      out.push(edit);
    }
    return out.sort((a, b) => a.span.start - b.span.start);
  }
}

/** The end of a section's entries plus the comment lines directly below them (no blank line between). */
function sectionTail(text: string, section: CnfSection): number {
  let at = section.bodyEnd;
  if (section.entries.length === 0) return at;
  while (at < text.length) {
    const lf = text.indexOf('\n', at);
    const end = lf < 0 ? text.length : lf + 1;
    if (!/^[ \t]*#/.test(text.slice(at, end))) break;
    at = end;
  }
  return at;
}

function lastOf(view: CnfView, section: CnfSection): CnfSection {
  if (section === view.model.sections[0]) return section;
  const same = sectionsOf(view.model, section.name);
  return same.length > 0 ? same[same.length - 1] : section;
}

function sectionNamed(view: CnfView, name: string): CnfSection | undefined {
  return view.model.sections.find((s, i) => i > 0 && s.name === name);
}

function hasKey(view: CnfView, name: string, key: string): boolean {
  return sectionsOf(view.model, name).some((s) => s.entries.some((e) => e.key === key));
}

/**
 * Makes `openssl_conf` reach the provider section `providerName`: adds `openssl_conf`, the init
 * section and its `providers` entry where they are missing. `providerSection` is where a new init
 * section goes (just before it); without it the init section is appended.
 */
export function ensureLoaded(ed: CnfEditor, a: CnfAnalysis, providerName: string, providerSection?: CnfSection): void {
  if (a.loaded) return;
  const view = ed.view;
  const initName = a.initName ?? 'openssl_init';
  if (!a.appConf) ed.addLeadingEntry('openssl_conf', initName);
  const init = sectionNamed(view, initName);
  if (!init) {
    if (providerSection) ed.addSectionBefore(initName, [['providers', providerName]], providerSection);
    else ed.addSection(initName, [['providers', providerName]]);
    return;
  }
  const providers = a.providersEntry && a.initName === initName ? a.providersEntry : undefined;
  if (!providers) ed.addEntry(init, 'providers', providerName);
  else ed.replace(providers.valueSpan, providerName);
}

/** Activates a declared provider: creates its section, sets `activate = 1` or corrects its value. */
export function ensureActivated(ed: CnfEditor, decl: ProviderDecl, extra: Line[] = []): void {
  if (decl.activated) return;
  if (decl.sections.length === 0) {
    ed.addSection(decl.sectionName, [...extra, ['activate', '1']], decl.providerSection);
    return;
  }
  if (decl.activateEntry) ed.replace(decl.activateEntry.valueSpan, '1');
  else ed.addEntry(decl.sections[decl.sections.length - 1], 'activate', '1');
}

/**
 * Keeps the default provider active once another provider is activated explicitly: declares
 * `default = default_sect` with `[default_sect] activate = 1`, or activates the declared one.
 * Returns the default provider's section name when something had to change, else undefined. FIPS
 * setups (an activated `fips` provider) are left alone.
 */
export function ensureDefault(ed: CnfEditor, a: CnfAnalysis, providerSection: CnfSection): string | undefined {
  if (a.fipsActive) return undefined;
  const declared = a.providers.find((p) => p.name === 'default');
  if (declared) {
    if (declared.activated) return undefined;
    ensureActivated(ed, declared);
    return declared.sectionName;
  }
  const view = ed.view;
  const sectName = uniqueSectionName(view, 'default_sect', (s) => !s.entries.some((e) => e.key !== 'activate'));
  ed.addEntry(providerSection, 'default', sectName);
  const existing = sectionNamed(view, sectName);
  if (!existing) ed.addSection(sectName, [['activate', '1']], providerSection);
  else if (!hasKey(view, sectName, 'activate')) ed.addEntry(existing, 'activate', '1');
  return sectName;
}

/**
 * A section name that is free, or taken by a section `reusable` accepts (e.g. an unreferenced
 * `[default_sect]` that only holds `activate`).
 */
export function uniqueSectionName(view: CnfView, base: string, reusable: (s: CnfSection) => boolean): string {
  for (let i = 0; ; i++) {
    const name = i === 0 ? base : `${base}${i + 1}`;
    const sections = sectionsOf(view.model, name).filter((s) => s !== view.model.sections[0]);
    if (sections.length === 0 || sections.every(reusable)) return name;
  }
}

/**
 * Adds an activated oqsprovider (guide layout: `oqsprovider = oqsprovider_sect`, `[oqsprovider_sect]`
 * with module and `activate = 1`), keeps the default provider active, and makes the config load.
 */
export function addOqsprovider(ed: CnfEditor, a: CnfAnalysis): void {
  const view = ed.view;
  const providerSection = a.providerSections[0];
  if (!providerSection) {
    // No provider section at all: the whole chain, as in the guide and oqs-provider USAGE.md.
    const providerName = uniqueSectionName(view, 'provider_sect', () => false);
    const oqsName = uniqueSectionName(view, 'oqsprovider_sect', () => false);
    const defaultName = uniqueSectionName(view, 'default_sect', () => false);
    ensureLoaded(ed, a, providerName);
    ed.addSection(providerName, [['default', defaultName], ['oqsprovider', oqsName]]);
    ed.addSection(defaultName, [['activate', '1']]);
    ed.addSection(oqsName, [['module', OQS_MODULE_PATH], ['activate', '1']]);
    return;
  }
  ensureLoaded(ed, a, providerSection.name, providerSection);
  ensureDefault(ed, a, providerSection);
  const oqsName = uniqueSectionName(view, 'oqsprovider_sect', (s) => s.entries.every((e) => e.key === 'activate' || e.key === 'module'));
  ed.addEntry(providerSection, 'oqsprovider', oqsName);
  const existing = sectionNamed(view, oqsName);
  if (!existing) ed.addSection(oqsName, [['module', OQS_MODULE_PATH], ['activate', '1']], providerSection);
  else {
    const activate = [...sectionsOf(view.model, oqsName)].flatMap((s) => s.entries).filter((e) => e.key === 'activate').pop();
    if (!activate) ed.addEntry(existing, 'activate', '1');
    else if (!isTrueSetting(expandValue(view.model, oqsName, activate.value))) ed.replace(activate.valueSpan, '1');
  }
}

/** True when another openssl config in the workspace `.include`s this file or its folder. */
export function includedElsewhere(index: WorkspaceIndex, path: string): boolean {
  return index.ask(['openssl', 'paths'], isIncluded, path);
}

function isIncluded(index: WorkspaceIndex, path: string): boolean {
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const dirParts = dir.split('/').filter(Boolean);
  for (const fact of index.all('openssl')) {
    if (fact.file === path) continue;
    for (const include of fact.includes) {
      const cleaned = include.replace(/^["']|["']$/g, '').replace(/\/+$/, '');
      if (!cleaned || cleaned.includes('$')) continue;
      if (index.resolvePath(cleaned, fact.file) === path) return true;
      // A directory include: the last folder names of the include match this file's folder.
      const parts = cleaned.split('/').filter(Boolean);
      if (parts.length === 0 || /\.(cnf|conf)$/i.test(parts[parts.length - 1])) continue;
      if (dirParts.length > 0 && dirParts[dirParts.length - 1] === parts[parts.length - 1]) return true;
    }
  }
  return false;
}
