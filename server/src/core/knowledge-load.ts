// Validates a knowledge table given as parsed JSON (the outer layer reads the file).
// The full JSON schema (schemas/knowledge.schema.json) is checked in tests; here we check what
// rules rely on, so a user's own copy fails with a clear message instead of a crash later.
import type { Knowledge } from './knowledge.js';

const SECTIONS = ['algorithms', 'components', 'features', 'compatibility', 'kubernetesGo', 'tlsGroups', 'renames', 'keyTypes', 'roles'] as const;
const STATUSES = new Set(['released', 'guide', 'proposed']);
const RISKS = new Set(['critical', 'high', 'medium', 'low']);

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
        // Roles reach the inventory views as numbers and fixed words; a table may come from the workspace.
        if (section === 'roles') {
          const { phase, hndlRisk } = entry as Record<string, unknown>;
          if (typeof phase !== 'number' || !Number.isInteger(phase) || phase < 0 || phase > 99) problems.push(`${where} "phase" must be a whole number from 0 to 99`);
          if (typeof hndlRisk !== 'string' || !RISKS.has(hndlRisk)) problems.push(`${where} "hndlRisk" must be critical, high, medium or low`);
        }
      }
    });
  }
  if (problems.length > 0) return { problems };
  return { knowledge: { ...(table as unknown as Knowledge), version: String(table.version ?? 'unknown') }, problems };
}
