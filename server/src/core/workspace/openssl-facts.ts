// openssl.cnf facts (standalone files and configs embedded in ConfigMaps). Owned by the rules that need them; the shape grows with those rules.
import type { ParsedFile } from '../parse.js';
import type { Knowledge } from '../knowledge.js';

export interface OpensslFact {
  file: string;
}

export function extractOpensslFacts(_file: ParsedFile, _knowledge: Knowledge): OpensslFact[] {
  return [];
}
