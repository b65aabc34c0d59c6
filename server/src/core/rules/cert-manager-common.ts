// Shared by the cert-manager rules (rules/cert-manager/*.ts). This file sits directly under rules/,
// so the generated registry does not take it for a rule.
import { isMap, isScalar, stringify, type Node, type Pair, type Scalar } from 'yaml';
import { component, feature, keyTypes, statusPhrase, type KeyTypeEntry, type Knowledge } from '../knowledge.js';
import type { IssuerFact } from '../workspace/facts.js';
import type { WorkspaceIndex } from '../workspace/index.js';
import type { YamlDocument } from '../formats/yaml.js';
import type { LineIndex } from '../text.js';
import type { Span } from '../types.js';
import { derivedFrom, groupBy } from './lookup-common.js';

export const CERT_MANAGER_GROUP = 'cert-manager.io';
export const STEP_ISSUER_GROUP = 'certmanager.step.sm';
export const STEP_ISSUER_API_VERSION = 'certmanager.step.sm/v1beta1';

/**
 * cert-manager's built-in issuer types. All of them sign a CSR whose key cert-manager generated
 * (privateKey.algorithm RSA | ECDSA | Ed25519), so all of them issue classical-only certificates.
 */
export const CLASSICAL_ISSUER_TYPES: readonly string[] = ['ca', 'selfSigned', 'acme', 'vault', 'venafi'];

export const KEY_ALGORITHM_SETTING = 'cert-manager.privateKey.algorithm';

/** The API group of an apiVersion ("cert-manager.io/v1" → "cert-manager.io"; "v1" → ""). */
export function groupOf(apiVersion: string | undefined): string {
  if (!apiVersion) return '';
  const slash = apiVersion.indexOf('/');
  return slash >= 0 ? apiVersion.slice(0, slash) : '';
}

export function isCertManagerKind(doc: YamlDocument, kinds: readonly string[]): boolean {
  return doc.kind !== undefined && kinds.includes(doc.kind) && groupOf(doc.apiVersion) === CERT_MANAGER_GROUP;
}

export interface CertManagerKeyTypes {
  /** Classical values (RSA, ECDSA, Ed25519). */
  classical: KeyTypeEntry[];
  /** Post-quantum values that cert-manager has released (none as of v1.21.1). */
  releasedPq: KeyTypeEntry[];
  /** Post-quantum values only proposed or described in a guide. */
  pendingPq: KeyTypeEntry[];
  /** The value cert-manager uses when privateKey.algorithm is omitted (the entry marked `default`). */
  defaultEntry?: KeyTypeEntry;
}

export function certManagerKeyTypes(knowledge: Knowledge): CertManagerKeyTypes {
  const all = keyTypes(knowledge, KEY_ALGORITHM_SETTING);
  const classical = all.filter((k) => k.pqcClass === 'classical' && k.status === 'released');
  return {
    classical,
    releasedPq: all.filter((k) => k.pqcClass !== 'classical' && k.status === 'released'),
    pendingPq: all.filter((k) => k.pqcClass !== 'classical' && k.status !== 'released'),
    defaultEntry: all.find((k) => k.default === true),
  };
}

/** "RSA, ECDSA or Ed25519". */
export function listValues(entries: readonly KeyTypeEntry[], conjunction: 'or' | 'and'): string {
  const values = entries.map((e) => e.value);
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} ${conjunction} ${values[values.length - 1]}`;
}

/** "released upstream through v1.21.1" (the newest cert-manager release the knowledge table knows). */
export function releasedThrough(knowledge: Knowledge): string {
  const latest = component(knowledge, 'cert-manager')?.latest;
  return latest ? `${statusPhrase('released')} through v${latest}` : statusPhrase('released');
}

/** "MLDSA65 is proposed, not released: cert-manager#8929, WIP PR #8527", or undefined when the table has no such entry. */
export function pendingPqText(types: CertManagerKeyTypes): string | undefined {
  if (types.pendingPq.length === 0) return undefined;
  return types.pendingPq.map((k) => `${k.value} is ${statusPhrase(k.status)}${k.note ? `: ${k.note}` : ''}`).join('; ');
}

/** Where hybrid (ML-DSA) issuance through step-ca/step-issuer comes from: the migration guide. */
export function hybridStatus(knowledge: Knowledge): string {
  return statusPhrase(feature(knowledge, 'step-ca/ml-dsa-keys')?.status ?? 'guide');
}

/** The first `limit` step-issuer resources a resource in `namespace` (undefined = cluster scope) can use. */
export function usableStepIssuers(index: WorkspaceIndex, scope: { clusterScoped: boolean; namespace?: string }, limit: number): IssuerFact[] {
  return index.derive('issuers', stepIssuersFor, scope.clusterScoped, scope.namespace, limit);
}

function stepIssuersFor(issuers: readonly IssuerFact[], clusterScoped: boolean, namespace: string | undefined, limit: number): IssuerFact[] {
  const { namespaced, cluster } = stepIssuersOf(issuers);
  // A namespaced StepIssuer next to the resource first, then cluster issuers.
  return (clusterScoped ? cluster : [...namespaced.get(namespace ?? 'default') ?? [], ...cluster]).slice(0, limit);
}

/** The workspace's StepIssuers by namespace and its StepClusterIssuers, each sorted by name (stable, for stable output). */
const stepIssuersOf = derivedFrom((issuers: readonly IssuerFact[]) => {
  const step = issuers.filter((i) => i.group === STEP_ISSUER_GROUP);
  const byName = (a: IssuerFact, b: IssuerFact): number => a.name.localeCompare(b.name);
  const namespaced = groupBy(step.filter((i) => i.kind === 'StepIssuer'), (i) => [i.namespace ?? 'default']);
  for (const list of namespaced.values()) list.sort(byName);
  return { namespaced, cluster: step.filter((i) => i.kind === 'StepClusterIssuer').sort(byName) };
});

/** Span of a scalar's value without its quotes. */
export function valueSpan(text: string, node: Node | undefined | null): Span | undefined {
  if (!node?.range) return undefined;
  const span = { start: node.range[0], end: node.range[1] };
  const first = text[span.start];
  if ((first === '"' || first === "'") && span.end - span.start >= 2 && text[span.end - 1] === first) return { start: span.start + 1, end: span.end - 1 };
  return span;
}

/** A scalar's new source text, keeping the original quote style when it had one. */
export function scalarText(original: Scalar | undefined, value: string): string {
  if (original?.type === 'QUOTE_DOUBLE') return JSON.stringify(value);
  if (original?.type === 'QUOTE_SINGLE' && !value.includes("'")) return `'${value}'`;
  return yamlScalar(value);
}

/** A value written as a YAML scalar: plain where that reads back as the same string, quoted otherwise. */
export function yamlScalar(value: string): string {
  // Memoised: fixes are built for every finding on every analysis (each keystroke), and the
  // values (issuer names, kinds, groups) repeat; stringify builds a whole YAML document.
  let text = scalarTexts.get(value);
  if (text === undefined) {
    text = stringify(value, { lineWidth: 0 }).replace(/\r?\n$/, '');
    if (scalarTexts.size >= SCALAR_TEXTS_LIMIT) scalarTexts.clear();
    scalarTexts.set(value, text);
  }
  return text;
}

const SCALAR_TEXTS_LIMIT = 1024;
const scalarTexts = new Map<string, string>();

/** The key scalar of a map pair, when it is one. */
export function pairKey(pair: Pair<unknown, unknown>): Scalar | undefined {
  return isScalar(pair.key) ? pair.key : undefined;
}

/**
 * The indentation step of a YAML document, read from the first nested block mapping under a
 * top-level key (e.g. `spec:` → `  ca:`). Two spaces when the document has none.
 */
export function indentUnit(doc: YamlDocument, lines: LineIndex): string {
  const root = doc.doc.contents;
  if (isMap(root)) {
    for (const item of root.items) {
      const value = item.value;
      if (isMap(value) && !value.flow && value.items.length > 0) {
        const parentKey = isScalar(item.key) ? item.key.range?.[0] : undefined;
        const childKey = value.items[0].key;
        const childStart = isScalar(childKey) ? childKey.range?.[0] : undefined;
        if (parentKey === undefined || childStart === undefined) continue;
        const width = lines.position(childStart).character - lines.position(parentKey).character;
        if (width > 0 && width <= 8) return ' '.repeat(width);
      }
    }
  }
  return '  ';
}

/** Offset of the end of the line holding `offset` (before its line break). */
export function lineEnd(text: string, offset: number): number {
  const lf = text.indexOf('\n', offset);
  if (lf < 0) return text.length;
  return lf > 0 && text[lf - 1] === '\r' ? lf - 1 : lf;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with padding (no Buffer: the core runs outside Node too). */
export function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i];
    const b = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2] : 0;
    const n = (a << 16) | (b << 8) | c;
    out += BASE64[(n >> 18) & 63] + BASE64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? BASE64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? BASE64[n & 63] : '=';
  }
  return out;
}

/** PEM text of a DER certificate: 64-character base64 lines between BEGIN/END CERTIFICATE, "\n" line ends. */
export function certificatePem(der: Uint8Array): string {
  const body = base64(der).replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}
