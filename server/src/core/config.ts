// `.pqc-lens.yaml` at the workspace root, read by CLI and language server alike (text in, config out).
import { parse } from 'yaml';
import type { SeveritySetting } from './types.js';

export interface LensConfig {
  /** Per-rule severity overrides. */
  rules: Record<string, SeveritySetting>;
  /** Glob patterns (workspace-relative, posix) of files to skip. */
  exclude: string[];
  /** Files larger than this are skipped with a notice. */
  maxFileSizeKb: number;
  expiringDays: number;
  /** Path to a knowledge table replacing schemas/knowledge.json. */
  knowledge?: string;
}

export const DEFAULT_CONFIG: LensConfig = { rules: {}, exclude: [], maxFileSizeKb: 1024, expiringDays: 30 };

const SEVERITIES = new Set(['off', 'info', 'warning', 'error']);

export function parseConfig(text: string): { config: LensConfig; problems: string[] } {
  const problems: string[] = [];
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 10 });
  } catch (error) {
    return { config: { ...DEFAULT_CONFIG }, problems: [`.pqc-lens.yaml: not valid YAML (${(error as Error).message.split('\n')[0]})`] };
  }
  const config: LensConfig = { ...DEFAULT_CONFIG, rules: {}, exclude: [] };
  if (raw === null || raw === undefined) return { config, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { config, problems: ['.pqc-lens.yaml: expected a mapping at the top level'] };
  const input = raw as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!['rules', 'exclude', 'maxFileSizeKb', 'expiringDays', 'knowledge'].includes(key)) problems.push(`.pqc-lens.yaml: unknown key "${key}"`);
  }
  if (input.rules !== undefined) {
    if (typeof input.rules !== 'object' || input.rules === null || Array.isArray(input.rules)) problems.push('.pqc-lens.yaml: "rules" must map rule ids to off|info|warning|error');
    else {
      for (const [id, value] of Object.entries(input.rules)) {
        if (typeof value === 'string' && SEVERITIES.has(value)) config.rules[id] = value as SeveritySetting;
        else problems.push(`.pqc-lens.yaml: rule "${id}" has severity "${String(value)}" (expected off, info, warning or error)`);
      }
    }
  }
  if (input.exclude !== undefined) {
    if (Array.isArray(input.exclude) && input.exclude.every((g) => typeof g === 'string')) config.exclude = input.exclude as string[];
    else problems.push('.pqc-lens.yaml: "exclude" must be a list of glob patterns');
  }
  for (const key of ['maxFileSizeKb', 'expiringDays'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) config[key] = value;
    else problems.push(`.pqc-lens.yaml: "${key}" must be a non-negative number`);
  }
  if (input.knowledge !== undefined) {
    if (typeof input.knowledge === 'string') config.knowledge = input.knowledge;
    else problems.push('.pqc-lens.yaml: "knowledge" must be a file path');
  }
  return { config, problems };
}
