// Finds certificates (and the places of private keys) in any analysed file: PEM files and
// bundles, DER files, and in Kubernetes YAML: PEM block scalars anywhere, base64 values under
// Secret `data`, `caBundle` (webhooks, APIService, CRD conversion, StepIssuer/StepClusterIssuer),
// kubeconfig `certificate-authority-data` / `client-certificate-data`, Istio `cacerts`, Linkerd
// `identityTrustAnchorsPEM`, ConfigMap data. Private keys are located, never decoded or copied.
import type { Scalar } from 'yaml';
import type { Knowledge } from '../knowledge.js';
import type { ParsedFile, YamlFile } from '../parse.js';
import type { Span } from '../types.js';
import { classifyPayload, decodeBase64Strict, findPemBlocks, type PemBlock } from '../formats/pem.js';
import { DocumentMemo, moveSpans, walkScalars, type YamlDocument } from '../formats/yaml.js';
import { decodeCertificate } from './decode.js';
import { isError, readTlv, sameBytes } from './der.js';
import type { CertificateEncoding, CertificateOccurrence, DecodeResult, PrivateKeyOccurrence } from './model.js';

export type { CertificateOccurrence, PrivateKeyOccurrence } from './model.js';

const CERT_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);
/** Keys whose base64 value is expected to be a certificate (a failure to decode is reported). */
const CERT_DATA_KEYS = new Set(['caBundle', 'certificate-authority-data', 'client-certificate-data']);
const SECRET_CERT_NAME = /(^|[._-])(crt|cert|pem|ca|ca-bundle|cer)$|^(tls\.crt|ca\.crt|ca-cert\.pem|root-cert\.pem|cert-chain\.pem)$/i;
const KEY_NAME = /(^|[._-])key$|key\.pem$|^(tls\.key|client-key-data|ssh-privatekey|private[._-]?key)$/i;

const cache = new WeakMap<ParsedFile, { knowledge: Knowledge; occurrences: CertificateOccurrence[] }>();

export function locateCertificates(file: ParsedFile, knowledge: Knowledge): CertificateOccurrence[] {
  const hit = cache.get(file);
  if (hit && hit.knowledge === knowledge) return hit.occurrences;
  let occurrences: CertificateOccurrence[];
  try {
    occurrences = locateUncached(file, knowledge);
  } catch (error) {
    occurrences = [{ span: { start: 0, end: 0 }, encoding: 'pem', index: 0, error: `certificate scan failed: ${error instanceof Error ? error.message : String(error)}` }];
  }
  cache.set(file, { knowledge, occurrences });
  return occurrences;
}

// Repositories repeat their CA bundles in many files, so decoded certificates are shared by their
// DER bytes (decoding is the costliest part of reading a file). The result is never mutated.
// Bounded; the oldest entry goes first.
const SHARED_LIMIT = 2048;
const shared = new Map<string, { knowledge: Knowledge; der: Uint8Array; result: DecodeResult }>();

function decodeShared(der: Uint8Array, knowledge: Knowledge): DecodeResult {
  const key = `${der.length}:${fnv1a(der)}`;
  const hit = shared.get(key);
  if (hit && hit.knowledge === knowledge && sameBytes(hit.der, der)) return hit.result;
  const result = decodeCertificate(der, knowledge);
  if (shared.size >= SHARED_LIMIT) shared.delete(shared.keys().next().value as string);
  shared.set(key, { knowledge, der, result });
  return result;
}

function fnv1a(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  return hash >>> 0;
}

function locateUncached(file: ParsedFile, knowledge: Knowledge): CertificateOccurrence[] {
  switch (file.kind) {
    case 'pem':
      return fromPemText(file.text, 0, undefined, knowledge, (block) => block.span, 'pem', true);
    case 'der': {
      const result = decodeShared(file.bytes, knowledge);
      const span = { start: 0, end: 0 };
      return [result.ok ? { span, encoding: 'der', index: 0, cert: result.cert } : { span, encoding: 'der', index: 0, error: result.error }];
    }
    case 'kubernetes-yaml':
      return fromYaml(file, knowledge);
    default:
      return [];
  }
}

/** Certificates of every CERTIFICATE block in `text` (which starts at file offset `base`). */
function fromPemText(
  text: string,
  base: number,
  path: string | undefined,
  knowledge: Knowledge,
  spanOf: (block: PemBlock) => Span,
  encoding: CertificateEncoding,
  /** `text` is the file's own text from `base` on (so body offsets are file offsets). */
  inFile = false,
): CertificateOccurrence[] {
  const out: CertificateOccurrence[] = [];
  for (const block of findPemBlocks(text, base)) {
    if (!CERT_LABELS.has(block.label)) continue;
    const occurrence: CertificateOccurrence = { span: spanOf(block), encoding, index: out.length, ...(path ? { path } : {}) };
    out.push(occurrence);
    if (block.error) {
      occurrence.error = block.error;
      continue;
    }
    const decoded = decodeBase64Strict(block.body);
    if (!decoded.ok) {
      // Offsets: inside the body for PEM text; inside the decoded value otherwise.
      occurrence.error = encoding === 'pem' ? decoded.error.replace(/offset \d+/, `offset ${block.bodySpan.start + decoded.offset}`) : decoded.error;
      if (encoding === 'pem' && inFile) occurrence.errorAtFileOffset = true;
      continue;
    }
    let der = decoded.bytes;
    if (block.label === 'TRUSTED CERTIFICATE') {
      // OpenSSL "trusted certificate": the certificate followed by trust settings.
      const first = readTlv(der, 0);
      if (!isError(first)) der = der.subarray(0, first.end);
    }
    const result = decodeShared(der, knowledge);
    if (result.ok) occurrence.cert = result.cert;
    else occurrence.error = result.error;
  }
  return out;
}

export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out.length === 0 ? part : `.${part}`;
  return out;
}

/** The scalar's value span, without trailing line breaks of block scalars. */
function scalarSpan(text: string, node: Scalar): Span | undefined {
  if (!node.range) return undefined;
  let end = node.range[1];
  while (end > node.range[0] && /\s/.test(text[end - 1])) end--;
  return { start: node.range[0], end };
}

function skipTemplated(file: YamlFile, document: YamlDocument, span: Span): boolean {
  return document.templated && file.text.slice(span.start, span.end).includes('{{');
}

// An edited file keeps the documents whose text did not change (formats/yaml.ts), so their
// certificates are not searched for and decoded again on every keystroke: only their spans move.
// Documents with an error that names a file offset are computed again.
const certificatesByDocument = new DocumentMemo<CertificateOccurrence[]>(moveSpans);

function fromYaml(file: YamlFile, knowledge: Knowledge): CertificateOccurrence[] {
  const out: CertificateOccurrence[] = [];
  for (const document of file.yaml.documents) {
    if (!document.parsed) continue;
    const occurrences = certificatesByDocument.get(document, [knowledge], () => fromYamlDocument(file, document, knowledge));
    if (occurrences.some((o) => o.errorAtFileOffset)) certificatesByDocument.forget(document);
    out.push(...occurrences);
  }
  return out;
}

function fromYamlDocument(file: YamlFile, document: YamlDocument, knowledge: Knowledge): CertificateOccurrence[] {
  const out: CertificateOccurrence[] = [];
  for (const { path, node } of walkScalars(document.doc.contents)) {
    if (typeof node.value !== 'string' || node.value.trim().length === 0) continue;
    const value = node.value;
    const key = path[path.length - 1];
    const pem = value.includes('-----BEGIN');
    // Most scalars are neither: decide that before working out spans and paths.
    if (!pem && (typeof key !== 'string' || !isBase64Location(document, path, key) || KEY_NAME.test(key))) continue;
    const span = scalarSpan(file.text, node);
    if (!span || skipTemplated(file, document, span)) continue;
    const keyPath = formatPath(path);
    if (pem) {
      // PEM written into the YAML: find the blocks in the source text so spans are exact;
      // fall back to the value (escaped "\n" in a quoted string) with the scalar's span.
      const source = file.text.slice(span.start, span.end);
      const escaped = node.type === 'QUOTE_DOUBLE' && source.includes('\\');
      const inSource = !escaped && findPemBlocks(source).some((b) => CERT_LABELS.has(b.label));
      out.push(...(inSource
        ? fromPemText(source, span.start, keyPath, knowledge, (block) => block.span, 'pem', true)
        : fromPemText(value, 0, keyPath, knowledge, () => span, 'pem')));
      continue;
    }
    // Private keys (KEY_NAME) were skipped above: they are never decoded.
    out.push(...fromBase64(value, span, keyPath, key as string, knowledge));
  }
  return out;
}

function isBase64Location(document: YamlDocument, path: readonly (string | number)[], key: string): boolean {
  if (CERT_DATA_KEYS.has(key)) return true;
  if (document.kind === 'Secret' && path.length === 2 && path[0] === 'data') return true;
  if (document.kind === 'ConfigMap' && path.length === 2 && path[0] === 'binaryData') return true;
  return false;
}

function expectsCertificate(key: string): boolean {
  return CERT_DATA_KEYS.has(key) || SECRET_CERT_NAME.test(key);
}

// Secrets and webhooks repeat the same base64 values across files: what a value holds is kept by
// the value and its key (messages name the key), copied so that the cache does not keep a file's
// text alive. Bounded like `shared`, and only values the size of a certificate bundle are kept.
const PAYLOAD_LIMIT = 1024;
const PAYLOAD_MAX_CHARS = 16 * 1024;
const payloads = new Map<string, { knowledge: Knowledge; found: Omit<CertificateOccurrence, 'span' | 'path'>[] }>();

function fromBase64(value: string, span: Span, path: string, key: string, knowledge: Knowledge): CertificateOccurrence[] {
  const expected = expectsCertificate(key);
  if (value.length > PAYLOAD_MAX_CHARS) return fromBase64Uncached(value, span, path, key, expected, knowledge);
  const cacheKey = `${key}\u0000${value}`;
  let hit = payloads.get(cacheKey);
  if (!hit || hit.knowledge !== knowledge) {
    hit = { knowledge, found: payloadOf(value, key, expected, knowledge) };
    const copy = flatCopy(cacheKey);
    // (A value with unpaired surrogates does not survive the copy: it is not kept.)
    if (copy === cacheKey) {
      if (payloads.size >= PAYLOAD_LIMIT) payloads.delete(payloads.keys().next().value as string);
      payloads.set(copy, hit);
    }
  }
  return hit.found.map((found) => ({ ...found, span, path }));
}

/** A copy of `text` that shares no memory with it (a slice of a file's text would keep all of it). */
function flatCopy(text: string): string {
  return new TextDecoder().decode(new TextEncoder().encode(text));
}

/** The certificates (or the problem) in a base64 value; spans and paths are the caller's. */
function payloadOf(value: string, key: string, expected: boolean, knowledge: Knowledge): Omit<CertificateOccurrence, 'span' | 'path'>[] {
  const span = { start: 0, end: 0 };
  const path = '';
  return fromBase64Uncached(value, span, path, key, expected, knowledge).map(({ span: _span, path: _path, ...found }) => found);
}

function fromBase64Uncached(value: string, span: Span, path: string, key: string, expected: boolean, knowledge: Knowledge): CertificateOccurrence[] {
  // Look at the first bytes only: private keys stored under unexpected names are not decoded.
  const head = decodeBase64Strict(value.replace(/\s+/g, '').slice(0, 16));
  if (!head.ok && !expected) return [];
  if (head.ok && !expected && looksLikeKey(head.bytes, value)) return [];
  const decoded = decodeBase64Strict(value);
  if (!decoded.ok) return expected ? [{ span, encoding: 'base64-der', path, index: 0, error: `${decoded.error} of the ${key} value` }] : [];
  // kubebuilder scaffolding writes `caBundle: Cg==` ("\n") as a placeholder that cert-manager fills in
  if (decoded.bytes.every((b) => b === 0x0a || b === 0x0d || b === 0x20 || b === 0x09)) return [];
  const kind = classifyPayload(decoded.bytes);
  if (kind === 'pem') {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(decoded.bytes);
    } catch {
      return expected ? [{ span, encoding: 'base64-pem', path, index: 0, error: 'base64 value decodes to PEM that is not valid UTF-8' }] : [];
    }
    const found = fromPemText(text, 0, path, knowledge, () => span, 'base64-pem');
    if (found.length === 0 && expected && !findPemBlocks(text).some((b) => /PRIVATE KEY/.test(b.label))) {
      return [{ span, encoding: 'base64-pem', path, index: 0, error: 'base64 value decodes to PEM without a CERTIFICATE block' }];
    }
    return found;
  }
  if (kind === 'der') {
    const result = decodeShared(decoded.bytes, knowledge);
    if (result.ok) return [{ span, encoding: 'base64-der', path, index: 0, cert: result.cert }];
    return expected ? [{ span, encoding: 'base64-der', path, index: 0, error: result.error }] : [];
  }
  return expected ? [{ span, encoding: 'base64-der', path, index: 0, error: 'base64 value is neither PEM nor a DER certificate' }] : [];
}

/** A PKCS#8 / PKCS#1 / SEC1 key in DER starts SEQUENCE { INTEGER ...; PEM says PRIVATE KEY in its first line. */
function looksLikeKey(head: Uint8Array, value: string): boolean {
  if (head[0] === 0x30) {
    const afterHeader = head[1] < 0x80 ? 2 : 2 + (head[1] & 0x7f);
    return head[afterHeader] === 0x02;
  }
  return pemLabelOfBase64(value)?.includes('PRIVATE KEY') === true;
}

/** The label of a base64-encoded PEM text, decoding only its first line. */
function pemLabelOfBase64(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  const head = decodeBase64Strict(compact.slice(0, 96));
  if (!head.ok) return undefined;
  const text = new TextDecoder().decode(head.bytes);
  return /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1];
}

// ---------------------------------------------------------------------------------------------
// Private keys: location and a label only.

export function locatePrivateKeys(file: ParsedFile): PrivateKeyOccurrence[] {
  const out: PrivateKeyOccurrence[] = [];
  if (file.kind === 'der' || file.text.length === 0) return out;
  const part = file.kind === 'kubernetes-yaml' ? file.part : undefined;
  for (const block of findPemBlocks(part ? file.text.slice(part.start, part.end) : file.text, part?.start)) {
    if (block.label.includes('PRIVATE KEY')) out.push({ span: block.span, label: block.label });
  }
  if (file.kind !== 'kubernetes-yaml') return out;
  const inPem = out.length;
  for (const document of file.yaml.documents) {
    if (!document.parsed) continue;
    for (const key of privateKeysByDocument.get(document, [], () => privateKeysInValues(file, document))) {
      if (!out.some((k, i) => i < inPem && k.span.start >= key.span.start && k.span.end <= key.span.end)) out.push(key); // PEM already found
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

const privateKeysByDocument = new DocumentMemo<PrivateKeyOccurrence[]>(moveSpans);

/** Private keys in the values of Secret data/stringData and kubeconfig client-key-data. */
function privateKeysInValues(file: YamlFile, document: YamlDocument): PrivateKeyOccurrence[] {
  const out: PrivateKeyOccurrence[] = [];
  for (const { path, node } of walkScalars(document.doc.contents)) {
    const key = path[path.length - 1];
    if (typeof key !== 'string' || typeof node.value !== 'string' || node.value.trim().length === 0) continue;
    const isData = (document.kind === 'Secret' && path.length === 2 && (path[0] === 'data' || path[0] === 'stringData')) || key === 'client-key-data';
    if (!isData) continue;
    const span = scalarSpan(file.text, node);
    if (!span || skipTemplated(file, document, span)) continue;
    const inline = path[0] === 'stringData' ? /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----/.exec(node.value)?.[1] : pemLabelOfBase64(node.value);
    if (KEY_NAME.test(key) || inline?.includes('PRIVATE KEY')) {
      const where = path[0] === 'stringData' ? 'in Secret stringData' : key === 'client-key-data' ? 'base64 in kubeconfig' : 'base64 in Secret data';
      out.push({ span, label: `${inline ?? 'private key'} (${where})`, keyPath: formatPath(path) });
    }
  }
  return out;
}
