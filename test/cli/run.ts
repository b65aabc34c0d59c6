// Runs the real command line (node bin/pqc-lens.js) as a child process, in temporary folders.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers.js';

export const BIN = join(repoRoot, 'bin', 'pqc-lens.js');
export const examplesDir = join(repoRoot, 'examples');

export interface CliResult { status: number | null; stdout: string; stderr: string }

export function cli(args: string[], cwd: string): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary folder; removed by the returned cleanup function. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pqc-lens-cli-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Copies `source` (a folder) to `<temp>/<name>` and returns the temp folder. */
export function copyToTemp(source: string, name: string): { dir: string; cleanup: () => void } {
  const temp = tempDir();
  cpSync(source, join(temp.dir, name), { recursive: true });
  return temp;
}

/** Node prints stack frames as lines starting with four spaces and "at ". */
export function hasStackTrace(text: string): boolean {
  return /^\s{4}at /m.test(text);
}

export interface JsonFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixes: { title: string; safe: boolean }[];
}

export interface JsonOutput {
  findings: JsonFinding[];
  notices: { severity: string; file?: string; message: string }[];
}
