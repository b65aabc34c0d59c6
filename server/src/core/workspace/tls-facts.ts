// TLS key-exchange settings in manifests (ingress-nginx, Istio) and Ingress TLS bindings. Owned by the rules that need them; the shape grows with those rules.
import type { ParsedFile } from '../parse.js';
import type { Knowledge } from '../knowledge.js';

export interface TlsFact {
  file: string;
}

export function extractTlsFacts(_file: ParsedFile, _knowledge: Knowledge): TlsFact[] {
  return [];
}
