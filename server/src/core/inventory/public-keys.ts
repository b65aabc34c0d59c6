// Bare public keys (PEM "PUBLIC KEY" / "RSA PUBLIC KEY"), such as kubeadm's service-account
// signing key sa.pub: in PEM files, in YAML scalars that hold PEM text, and base64 in Secret or
// ConfigMap data. Only public keys are decoded; a block or value that is a private key is never
// read past its label.
import type { Knowledge } from '../knowledge.js';
import type { ParsedFile } from '../parse.js';
import type { Span } from '../types.js';
import { decodeBase64Strict, findPemBlocks } from '../formats/pem.js';
import { walkScalars } from '../formats/yaml.js';
import { lookupAlgorithm, paramNumber, paramString } from '../x509/algorithms.js';
import { children, decodeOid, integerBitLength, isError, readAlgorithmIdentifier, readTlv } from '../x509/der.js';
import { formatPath } from '../x509/locate.js';

export interface PublicKeyDescription {
  /** "RSA 2048", "ECDSA P-256", "Ed25519", "ML-DSA-65", or the dotted OID. */
  algorithm: string;
  oid: string;
  bits?: number;
  curve?: string;
  parameterSet?: string;
  pqcClass?: 'classical' | 'pq' | 'composite' | 'legacy-pq';
  nistLevel?: number;
}

export interface PublicKeyOccurrence {
  span: Span;
  /** YAML key path for keys inside manifests. */
  path?: string;
  key?: PublicKeyDescription;
  error?: string;
}

const PUBLIC_LABELS = new Set(['PUBLIC KEY', 'RSA PUBLIC KEY']);
const RSA_KEY = '1.2.840.113549.1.1.1';
const EC_KEY = '1.2.840.10045.2.1';

export function locatePublicKeys(file: ParsedFile, knowledge: Knowledge): PublicKeyOccurrence[] {
  try {
    if (file.kind === 'pem') return fromPem(file.text, 0, undefined, knowledge, undefined);
    if (file.kind !== 'kubernetes-yaml') return [];
    const out: PublicKeyOccurrence[] = [];
    for (const document of file.yaml.documents) {
      if (!document.parsed) continue;
      for (const { path, node } of walkScalars(document.doc.contents)) {
        if (typeof node.value !== 'string' || !node.range) continue;
        const span = { start: node.range[0], end: node.range[1] };
        const keyPath = formatPath(path);
        if (node.value.includes('-----BEGIN ')) {
          const source = file.text.slice(span.start, span.end);
          const exact = source.includes('-----BEGIN ') && !source.includes('\\n');
          out.push(...fromPem(exact ? source : node.value, exact ? span.start : 0, keyPath, knowledge, exact ? undefined : span));
        } else if ((document.kind === 'Secret' && path[0] === 'data') || (document.kind === 'ConfigMap' && path[0] === 'binaryData')) {
          const compact = node.value.replace(/\s+/g, '');
          // Decode only the head first: a private key is recognised by its label and left alone.
          const head = decodeBase64Strict(compact.slice(0, 48));
          if (!head.ok || !new TextDecoder().decode(head.bytes).startsWith('-----BEGIN ')) continue;
          const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(new TextDecoder().decode(head.bytes))?.[1];
          if (!label || !PUBLIC_LABELS.has(label)) continue;
          const decoded = decodeBase64Strict(compact);
          if (!decoded.ok) continue;
          out.push(...fromPem(new TextDecoder().decode(decoded.bytes), 0, keyPath, knowledge, span));
        }
      }
    }
    return out;
  } catch (error) {
    return [{ span: { start: 0, end: 0 }, error: `public key scan failed: ${error instanceof Error ? error.message : String(error)}` }];
  }
}

function fromPem(text: string, base: number, path: string | undefined, knowledge: Knowledge, fixedSpan: Span | undefined): PublicKeyOccurrence[] {
  const out: PublicKeyOccurrence[] = [];
  for (const block of findPemBlocks(text, base)) {
    if (!PUBLIC_LABELS.has(block.label)) continue; // certificates are the locator's; private keys nobody's
    const occurrence: PublicKeyOccurrence = { span: fixedSpan ?? block.span, ...(path ? { path } : {}) };
    out.push(occurrence);
    if (block.error) {
      occurrence.error = block.error;
      continue;
    }
    const decoded = decodeBase64Strict(block.body);
    if (!decoded.ok) {
      occurrence.error = decoded.error;
      continue;
    }
    const described = block.label === 'RSA PUBLIC KEY' ? describeRsaPublicKey(decoded.bytes) : describeSpki(decoded.bytes, knowledge);
    if ('error' in described) occurrence.error = described.error;
    else occurrence.key = described;
  }
  return out;
}

/** Describes a DER SubjectPublicKeyInfo. */
export function describeSpki(der: Uint8Array, knowledge: Knowledge): PublicKeyDescription | { error: string } {
  const outer = readTlv(der, 0);
  if (isError(outer) || outer.tag !== 0x30) return { error: 'not a SubjectPublicKeyInfo' };
  const parts = children(der, outer);
  if (isError(parts) || parts.length !== 2 || parts[0].tag !== 0x30 || parts[1].tag !== 0x03) return { error: 'malformed SubjectPublicKeyInfo' };
  const alg = readAlgorithmIdentifier(der, parts[0]);
  if (!alg) return { error: 'malformed AlgorithmIdentifier' };
  const bits = der.subarray(parts[1].contentStart, parts[1].end);
  if (bits.length === 0 || bits[0] !== 0) return { error: 'subjectPublicKey BIT STRING has unused bits' };
  const key = bits.subarray(1);
  const entry = lookupAlgorithm(knowledge, alg.oid);
  const out: PublicKeyDescription = { algorithm: entry?.name ?? alg.oid, oid: alg.oid, pqcClass: entry?.pqcClass, nistLevel: entry?.nistLevel };
  if (alg.oid === RSA_KEY) {
    const rsa = describeRsaPublicKey(key);
    if ('error' in rsa) return rsa;
    return { ...rsa, oid: alg.oid };
  }
  if (alg.oid === EC_KEY && alg.params?.tag === 0x06) {
    const curveOid = decodeOid(der.subarray(alg.params.contentStart, alg.params.end)) ?? '?';
    const curve = lookupAlgorithm(knowledge, curveOid);
    out.curve = curve?.name ?? curveOid;
    out.bits = paramNumber(curve, 'bits');
    out.algorithm = `${entry?.name ?? 'ECDSA'} ${out.curve}`;
    out.pqcClass = out.pqcClass ?? 'classical';
    return out;
  }
  const set = paramString(entry, 'parameterSet');
  if (set) out.parameterSet = set;
  return out;
}

/** PKCS #1 RSAPublicKey (also the content of an rsaEncryption subjectPublicKey). */
function describeRsaPublicKey(der: Uint8Array): PublicKeyDescription | { error: string } {
  const seq = readTlv(der, 0);
  if (isError(seq) || seq.tag !== 0x30) return { error: 'malformed RSA public key' };
  const parts = children(der, seq);
  if (isError(parts) || parts.length !== 2 || parts[0].tag !== 0x02) return { error: 'malformed RSA public key' };
  const bits = integerBitLength(der.subarray(parts[0].contentStart, parts[0].end));
  return { algorithm: `RSA ${bits}`, oid: RSA_KEY, bits, pqcClass: 'classical' };
}
