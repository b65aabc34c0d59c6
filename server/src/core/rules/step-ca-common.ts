// Shared by the step-ca rules (rules/step-ca/*.ts): key types of ca.json's top-level kty/crv (the
// migration guide's fields; upstream ca.json has none, the key type comes from the key itself) and
// the certificates its paths resolve to. This file sits directly under rules/, so the generated
// registry does not take it for a rule.
import { keyTypes, rename, statusPhrase, type KeyTypeEntry, type Knowledge } from '../knowledge.js';
import { jsonNodeAt, jsonPropertySpan, type JsonNode } from '../formats/json.js';
import type { StepCaFile } from '../parse.js';
import type { Span, TextEdit } from '../types.js';
import type { WorkspaceIndex } from '../workspace/index.js';
import type { DecodedCertificate } from '../x509/model.js';

export const CRV_SETTING = 'step-ca.crv';
export const KTY_SETTING = 'step-ca.kty';
/** The guide's JWK key type for ML-DSA ("kty": "OKP", "crv": "ML-DSA-65"). */
export const GUIDE_PQ_KTY = 'OKP';

export const STEP_CA_SOURCES = {
  config: 'smallstep/certificates authority/config/config.go (ca.json keys: root, crt, key, kms …; no kty/crv)',
  issue: 'smallstep/certificates#2717 (ML-DSA and hybrid certificates "Not available")',
  guide: 'seeds/000_913be8e6bf26f545.txt (step-ca ca.json with "kty": "OKP", "crv": "ML-DSA-65")',
} as const;

/** Span of a JSON value; for strings, the text between the quotes. */
export function valueSpan(node: JsonNode): Span {
  if (node.type === 'string' && node.length >= 2) return { start: node.offset + 1, end: node.offset + node.length - 1 };
  return { start: node.offset, end: node.offset + node.length };
}

export function stringOf(node: JsonNode | undefined): string | undefined {
  return node?.type === 'string' && typeof node.value === 'string' ? node.value : undefined;
}

/** The knowledge entry a written value means: exact, else the same value in another case. */
export function knownValue(entries: readonly KeyTypeEntry[], value: string): KeyTypeEntry | undefined {
  return entries.find((k) => k.value === value) ?? entries.find((k) => k.value.toLowerCase() === value.toLowerCase());
}

/** A pre-standard name (Dilithium3, mldsa65 ...) mapped to a known value (ML-DSA-65). */
export function renamedValue(knowledge: Knowledge, entries: readonly KeyTypeEntry[], value: string): KeyTypeEntry | undefined {
  const to = rename(knowledge, value)?.to;
  return to ? entries.find((k) => k.value === to) : undefined;
}

/** The post-quantum crv the guide uses (ML-DSA-65), or the first post-quantum one the table has. */
export function guidePqCrv(knowledge: Knowledge): KeyTypeEntry | undefined {
  const pq = keyTypes(knowledge, CRV_SETTING).filter((k) => k.pqcClass === 'pq');
  return pq.find((k) => k.value === 'ML-DSA-65') ?? pq[0];
}

/** "described in the migration guide, not in a released upstream version — step-ca v0.30.2 does not …". */
export function pqStatus(entry: KeyTypeEntry): string {
  const note = entry.note ? ` — ${entry.note.replace(/\.$/, '')}` : '';
  return entry.status === 'released' ? 'released upstream' : `${statusPhrase(entry.status)}${note}`;
}

/** The decoded certificates of the workspace file a ca.json path resolves to. */
export function certificatesAt(index: WorkspaceIndex, reference: string, fromFile: string): { path?: string; certs: DecodedCertificate[] } {
  const path = index.resolvePath(reference, fromFile);
  if (!path) return { certs: [] };
  const certs = index.ofFile('certificates', path).filter((c) => c.occurrence.cert).map((c) => c.occurrence.cert!);
  return { path, certs };
}

/** The subject's common name, else the whole subject. */
export function commonName(cert: DecodedCertificate): string {
  return /(?:^|,)CN=((?:\\,|[^,])+)/.exec(cert.subject)?.[1] ?? cert.subject;
}

export function describeCertificate(cert: DecodedCertificate): string {
  const name = commonName(cert);
  return `${name ? `${name}: ` : ''}${cert.publicKey.algorithm} key, signed with ${cert.signature.algorithm}`;
}

/**
 * Edits that make the top-level `"kty": kty, "crv": crv`: replaces the values that exist and adds a
 * missing one right after the other, in the object's layout (own line and indentation, or inline).
 */
export function setKeyTypeEdits(file: StepCaFile, kty: string, crv: string): TextEdit[] {
  const root = file.json.root;
  if (root?.type !== 'object') return [];
  const edits: TextEdit[] = [];
  const ktyNode = jsonNodeAt(root, ['kty']);
  const crvNode = jsonNodeAt(root, ['crv']);
  if (ktyNode && stringOf(ktyNode) !== kty) edits.push({ span: { start: ktyNode.offset, end: ktyNode.offset + ktyNode.length }, newText: JSON.stringify(kty) });
  if (crvNode && stringOf(crvNode) !== crv) edits.push({ span: { start: crvNode.offset, end: crvNode.offset + crvNode.length }, newText: JSON.stringify(crv) });
  const missing: [string, string][] = [];
  if (!ktyNode) missing.push(['kty', kty]);
  if (!crvNode) missing.push(['crv', crv]);
  if (missing.length === 0) return edits;
  const anchor = jsonPropertySpan(root, [ktyNode ? 'kty' : crvNode ? 'crv' : 'key'])
    ?? jsonPropertySpan(root, ['crt']) ?? jsonPropertySpan(root, ['root']);
  if (!anchor) return [];
  const text = file.text;
  const multiline = /[\r\n]/.test(text.slice(root.offset, anchor.start));
  const separator = multiline ? `,${file.lines.eol}${file.lines.indentAt(anchor.start)}` : ', ';
  edits.push({ span: { start: anchor.end, end: anchor.end }, newText: missing.map(([k, v]) => `${separator}${JSON.stringify(k)}: ${JSON.stringify(v)}`).join('') });
  return edits;
}
