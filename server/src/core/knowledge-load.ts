// Validates a knowledge table given as parsed JSON (the outer layer reads the file).
// The full JSON schema (schemas/knowledge.schema.json) is checked in tests; here we check what
// rules rely on, so a user's own copy fails with a clear message instead of a crash later.
import type { Knowledge } from './knowledge.js';

const SECTIONS = ['algorithms', 'components', 'features', 'compatibility', 'kubernetesGo', 'tlsGroups', 'renames', 'keyTypes', 'roles'] as const;
const STATUSES = new Set(['released', 'guide', 'proposed']);

export function loadKnowledge(json: unknown): { knowledge?: Knowledge; problems: string[] } {
  const problems: string[] = [];
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { problems: ['knowledge table: expected a JSON object'] };
  }
  const table = json as Record<string, unknown>;
  for (const section of SECTIONS) {
    const entries = table[section];
    if (!Array.isArray(entries)) {
      problems.push(`knowledge table: "${section}" must be an array`);
      continue;
    }
    entries.forEach((entry, i) => {
      const where = `knowledge table: ${section}[${i}]`;
      if (typeof entry !== 'object' || entry === null) problems.push(`${where} must be an object`);
      else {
        const { source, status } = entry as Record<string, unknown>;
        if (typeof source !== 'string' || source.length === 0) problems.push(`${where} has no "source"`);
        if (typeof status !== 'string' || !STATUSES.has(status)) problems.push(`${where} has no valid "status" (released | guide | proposed)`);
      }
    });
  }
  if (problems.length > 0) return { problems };
  return { knowledge: { ...(table as unknown as Knowledge), version: String(table.version ?? 'unknown') }, problems };
}
