// SPIRE server/agent configuration facts. Owned by the rules that need them; the shape grows with those rules.
import type { ParsedFile } from '../parse.js';
import type { Knowledge } from '../knowledge.js';

export interface SpireFact {
  file: string;
}

export function extractSpireFacts(_file: ParsedFile, _knowledge: Knowledge): SpireFact[] {
  return [];
}
