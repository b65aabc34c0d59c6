// The inventory as plain JSON (the `pqc-lens inventory --format json` shape, also what the server
// sends to the views) and as CSV. Lines and columns are 1-based here, as people count them.
import type { HndlRisk, RoleId } from '../knowledge.js';
import type { Severity } from '../types.js';
import type { Inventory, InventoryAsset, InventoryClass, InventoryKind, InventorySummary } from './model.js';

export interface InventoryJsonAsset {
  file: string;
  line: number;
  kind: InventoryKind;
  role: RoleId;
  roleReason: string;
  algorithm: string;
  pqcClass: InventoryClass;
  hndlRisk: HndlRisk;
  phase: number;
  notAfter: string | null;
  // More than the minimum; the fields above come first.
  id: string;
  column: number;
  endLine: number;
  name: string;
  path: string | null;
  classReason: string | null;
  phaseReason: string;
  subject: string | null;
  issuer: string | null;
  issuerId: string | null;
  fingerprintSha256: string | null;
  alsoAt: { file: string; line: number; path: string | null }[];
  findings: { ruleId: string; severity: Severity; line: number; message: string }[];
}

export interface InventoryJson {
  assets: InventoryJsonAsset[];
  summary: InventorySummary;
  generatedAt: string;
  knowledgeVersion: string;
}

/** `show` turns a workspace path into what people see (relative to the current folder). */
export function toInventoryJson(inventory: Inventory, show: (file: string) => string = (f) => f): InventoryJson {
  return {
    assets: inventory.assets.map((a) => jsonAsset(a, show)),
    summary: inventory.summary,
    generatedAt: inventory.generatedAt,
    knowledgeVersion: inventory.knowledgeVersion,
  };
}

export function jsonAsset(a: InventoryAsset, show: (file: string) => string = (f) => f): InventoryJsonAsset {
  return {
    file: show(a.file),
    line: a.range.start.line + 1,
    kind: a.kind,
    role: a.role,
    roleReason: a.roleReason,
    algorithm: a.algorithm,
    pqcClass: a.pqcClass,
    hndlRisk: a.hndlRisk,
    phase: a.phase,
    notAfter: a.notAfter ?? null,
    id: a.id,
    column: a.range.start.character + 1,
    endLine: a.range.end.line + 1,
    name: a.name,
    path: a.path ?? null,
    classReason: a.classReason ?? null,
    phaseReason: a.phaseReason,
    subject: a.subject ?? null,
    issuer: a.issuer ?? null,
    issuerId: a.issuerId ?? null,
    fingerprintSha256: a.fingerprintSha256 ?? null,
    alsoAt: a.alsoAt.map((l) => ({ file: show(l.file), line: l.range.start.line + 1, path: l.path ?? null })),
    findings: a.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, line: f.range.start.line + 1, message: f.message })),
  };
}

export const CSV_COLUMNS = ['file', 'line', 'kind', 'role', 'roleReason', 'algorithm', 'pqcClass', 'hndlRisk', 'phase', 'notAfter', 'name', 'issuer', 'findings'] as const;

/** RFC 4180 CSV with a header row; CRLF line ends. */
export function toInventoryCsv(assets: readonly InventoryJsonAsset[]): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const a of assets) {
    rows.push([
      a.file, String(a.line), a.kind, a.role, a.roleReason, a.algorithm, a.pqcClass, a.hndlRisk, String(a.phase), a.notAfter ?? '', a.name, a.issuer ?? '',
      a.findings.map((f) => f.ruleId).join(' '),
    ].map(csvCell).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}

/**
 * Quotes a cell when needed. Text a spreadsheet would run as a formula (leading = + - @, tab, CR)
 * gets a leading apostrophe (OWASP "CSV injection"): certificate subjects are attacker-chosen.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
