// File kind detection from name and content: extensions alone mislead (a SPIRE config is a
// `.conf`, a step-ca config is any `.json`, PEM files come as .crt/.cer/.pem/.txt).
import type { FileKind } from './types.js';

const YAML_EXT = /\.(ya?ml)$/i;
const PEM_EXT = /\.(pem|crt|cer|cert|ca-bundle|pub)$/i;
const DER_EXT = /\.(der|cer|crt)$/i;
const CNF_EXT = /(\.cnf|openssl\.conf|openssl[^/]*\.cfg)$/i;
const HCL_EXT = /\.(conf|hcl)$/i;

function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(i + 1);
}

/** Detects the kind of a text file. `text` is the decoded content (first bytes suffice). */
export function detectTextKind(path: string, text: string): FileKind {
  const name = baseName(path);
  const head = text.slice(0, 64 * 1024);
  // Name tests first: scanning 64 KiB for a PEM marker on every keystroke in a .yaml file costs.
  if ((PEM_EXT.test(name) || !YAML_EXT.test(name)) && /-----BEGIN [A-Z0-9 ]+-----/.test(head) && !looksLikeYaml(head, name)) return 'pem';
  if (YAML_EXT.test(name)) return 'kubernetes-yaml';
  if (/\.json$/i.test(name)) return looksLikeStepCa(head) ? 'step-ca-json' : 'unknown';
  if (CNF_EXT.test(name) || (/\.(conf|cfg)$/i.test(name) && looksLikeOpenssl(head))) return 'openssl-cnf';
  if (HCL_EXT.test(name) && /^\s*(server|agent|plugins)\s*\{/m.test(head)) return 'spire-hcl';
  if (/^(kubeconfig|config)$/i.test(name) && /^\s*apiVersion:/m.test(head)) return 'kubernetes-yaml';
  return 'unknown';
}

/** A binary file: DER when the name says certificate or the bytes start an ASN.1 SEQUENCE. */
export function detectBinaryKind(path: string, bytes: Uint8Array): FileKind {
  if (DER_EXT.test(baseName(path))) return 'der';
  return bytes.length > 4 && bytes[0] === 0x30 && (bytes[1] === 0x82 || bytes[1] === 0x83) ? 'der' : 'unknown';
}

function looksLikeStepCa(text: string): boolean {
  return /"authority"\s*:/.test(text) && /"(root|crt)"\s*:/.test(text);
}

function looksLikeOpenssl(text: string): boolean {
  return /^\s*\[\s*[A-Za-z0-9_.]+\s*\]\s*$/m.test(text) && /^\s*[A-Za-z0-9_.]+\s*=/m.test(text);
}

function looksLikeYaml(text: string, name: string): boolean {
  return YAML_EXT.test(name) && /^\s*[A-Za-z_][\w.-]*:\s/m.test(text);
}

export function isCandidateName(path: string): boolean {
  const name = baseName(path);
  return YAML_EXT.test(name) || PEM_EXT.test(name) || DER_EXT.test(name) || /\.(json|conf|cnf|hcl|cfg|key)$/i.test(name) || /^(kubeconfig)$/i.test(name);
}
