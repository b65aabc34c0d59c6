// `pqc-lens inventory [paths...] --format table|json|csv|cbom`: every certificate, public key,
// issuer configuration and TLS key-exchange setting of the given files and folders, with its role
// in the migration guide's landscape table, HNDL risk, migration phase and PQC class; a readiness
// summary; CycloneDX 1.6 CBOM. Exit codes: 0 inventory written, 2 usage, configuration or I/O error.
import { randomUUID } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { buildInventory } from '../core/inventory/build.js';
import { toCbom } from '../core/inventory/cbom.js';
import { toInventoryCsv, toInventoryJson, type InventoryJsonAsset } from '../core/inventory/export.js';
import type { InventorySummary } from '../core/inventory/model.js';
import { displayPath, loadWorkspace, packageVersion, readKnowledge, WorkspaceError, type LoadedWorkspace } from '../node/workspace.js';
import { UsageError, type CliIo } from './io.js';
import { parseArgs } from './main.js';

export const INVENTORY_USAGE = `Usage: pqc-lens inventory [options] [paths...]

Lists every certificate, public key, issuer configuration and TLS key-exchange setting in the
given files and folders (default: the current folder) with its role in the migration guide's
certificate landscape table, harvest-now-decrypt-later (HNDL) risk, migration phase and PQC class,
and a readiness summary: the share of assets that are post-quantum or hybrid, per phase.
Roles are inferred from file names and context; the JSON and CSV output say why.

Options:
  --format table|json|csv|cbom   Output format (default: table). cbom = CycloneDX 1.6 JSON
  --knowledge FILE               Use this knowledge table instead of the built-in one
  --max-file-size KB             Skip files larger than KB KiB (default 1024; 0 = no limit)
  -h, --help                     Show this help

Exit codes: 0 inventory written, 2 usage, configuration or I/O error.
`;

const FORMATS = ['table', 'json', 'csv', 'cbom'] as const;
type Format = (typeof FORMATS)[number];

const FLAGS = [
  { name: 'format', takesValue: true },
  { name: 'knowledge', takesValue: true },
  { name: 'max-file-size', takesValue: true },
  { name: 'help', short: 'h', takesValue: false },
];

export async function runInventory(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseArgs(args, FLAGS, INVENTORY_USAGE);
  if (flags.has('help')) {
    io.stdout(INVENTORY_USAGE);
    return 0;
  }
  const format = (flags.get('format') ?? 'table') as string;
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got '${format}')`, INVENTORY_USAGE);
  const size = flags.get('max-file-size');
  let maxFileSizeKb: number | undefined;
  if (typeof size === 'string') {
    maxFileSizeKb = Number(size);
    if (!/^\d+(\.\d+)?$/.test(size)) throw new UsageError(`--max-file-size must be a number of KiB (got '${size}')`, INVENTORY_USAGE);
  }
  const knowledgeFlag = flags.get('knowledge');
  const paths = positionals.length > 0 ? positionals : ['.'];

  let workspace: LoadedWorkspace;
  try {
    workspace = await loadWorkspace(paths, { cwd: io.cwd, knowledgePath: typeof knowledgeFlag === 'string' ? knowledgeFlag : undefined, maxFileSizeKb });
  } catch (error) {
    if (error instanceof WorkspaceError) {
      for (const problem of error.problems) io.stderr(`pqc-lens: ${problem}\n`);
      return 2;
    }
    throw error;
  }
  // loadWorkspace validated this table already; read it again for the roles section.
  const { knowledge, problems } = readKnowledge(workspace.knowledgePath);
  if (!knowledge) {
    for (const problem of problems) io.stderr(`pqc-lens: ${problem}\n`);
    return 2;
  }
  const now = new Date();
  const inventory = buildInventory(workspace.engine, knowledge, { now, expiringDays: workspace.config.expiringDays });
  const show = (file: string): string => displayPath(io.cwd, workspace.root, file);
  const notices = [...workspace.notices];
  for (const file of workspace.files) for (const n of workspace.engine.notices(file.rel)) notices.push({ severity: n.severity, file: file.rel, message: n.message });
  if (workspace.files.length === 0) notices.push({ severity: 'info', message: `no files to analyse in ${paths.join(', ')}` });

  const json = toInventoryJson(inventory, show);
  switch (format as Format) {
    case 'json':
      io.stdout(`${JSON.stringify({ ...json, notices: notices.map((n) => ({ severity: n.severity, ...(n.file ? { file: show(n.file) } : {}), message: n.message })) }, null, 2)}\n`);
      break;
    case 'csv':
      io.stdout(toInventoryCsv(json.assets));
      break;
    case 'cbom': {
      const name = basename(paths.length === 1 ? resolve(io.cwd, paths[0]) : workspace.root);
      io.stdout(`${JSON.stringify(toCbom(inventory, { serialNumber: randomUUID(), toolVersion: packageVersion(), show, name }), null, 2)}\n`);
      break;
    }
    default:
      io.stdout(formatTable(json.assets, json.summary));
  }
  for (const notice of notices) io.stderr(`${notice.file ? `${show(notice.file)}: ` : ''}${notice.severity === 'info' ? 'note' : notice.severity}: ${notice.message}\n`);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Table

const RISK_ORDER: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

export function sortForTable(assets: readonly InventoryJsonAsset[]): InventoryJsonAsset[] {
  return [...assets].sort((a, b) => a.phase - b.phase || RISK_ORDER[a.hndlRisk] - RISK_ORDER[b.hndlRisk] || a.role.localeCompare(b.role) || a.file.localeCompare(b.file) || a.line - b.line);
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

const KIND_WORDS: Record<string, string> = { certificate: 'cert', 'public-key': 'key', issuer: 'issuer', 'key-exchange': 'kex', 'certificate-request': 'request' };

const CLASS_WORDS: Record<string, string> = { classical: 'classical', hybrid: 'hybrid', pq: 'post-quantum', 'legacy-pq': 'pre-standard PQ', unknown: 'unknown' };

export function formatTable(assets: readonly InventoryJsonAsset[], summary: InventorySummary): string {
  const rows = sortForTable(assets).map((a) => [
    String(a.phase), a.hndlRisk, a.role, KIND_WORDS[a.kind], a.pqcClass, cut(a.algorithm, 44), a.notAfter ? a.notAfter.slice(0, 10) : '-', `${a.file}:${a.line}`,
  ]);
  const header = ['PHASE', 'RISK', 'ROLE', 'KIND', 'CLASS', 'ALGORITHM', 'NOT AFTER', 'LOCATION'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  const out: string[] = [];
  if (rows.length > 0) out.push(line(header), ...rows.map(line), '');
  out.push(...formatSummary(summary));
  return `${out.join('\n')}\n`;
}

export function formatSummary(summary: InventorySummary): string[] {
  const out: string[] = [];
  if (summary.total === 0) return ['No certificates, keys, issuers or key-exchange settings found.'];
  out.push(`${summary.total} ${summary.total === 1 ? 'asset' : 'assets'}, readiness ${percent(summary.readiness)} (${summary.ready} post-quantum or hybrid)`);
  const list = (record: Record<string, number>, words: Record<string, string> = {}): string =>
    Object.entries(record).filter(([, n]) => n > 0).map(([k, n]) => `${words[k] ?? k} ${n}`).join(' · ');
  out.push(`  by class: ${list(summary.byClass, CLASS_WORDS)}`);
  out.push(`  by risk:  ${list(summary.byRisk)}`);
  out.push(`  by phase: ${summary.phases.map((p) => `Phase ${p.phase} ${p.ready}/${p.total} ready (${percent(p.readiness)})`).join(' · ')}`);
  if (summary.expired > 0 || summary.expiring > 0) out.push(`  expiry:   ${summary.expired} expired, ${summary.expiring} expiring soon`);
  out.push(summary.nextPhase
    ? `Next phase to work on: Phase ${summary.nextPhase.phase} (${summary.nextPhase.notReady} not yet post-quantum or hybrid: ${summary.nextPhase.roles.join(', ')})`
    : 'Every asset is post-quantum or hybrid.');
  out.push('Phases and HNDL risk follow the migration guide\'s certificate landscape table; key-exchange settings belong to its Phase 2.');
  return out;
}
