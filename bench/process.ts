// Runs a child process and measures it from outside: wall time, CPU time and peak resident set
// size. Uses GNU time (/usr/bin/time -v) when the machine has it; otherwise the child is started
// through rss-wrapper.js, which reports its own process.resourceUsage() when it exits.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Measured {
  wallMs: number;
  cpuMs?: number;
  peakRssBytes?: number;
  exitCode: number | null;
  stderr: string;
}

const GNU_TIME = '/usr/bin/time';

/**
 * Runs `node args...` (the given Node binary) with stdout written to `stdoutFile` (or discarded).
 * Never throws for a non-zero exit: the caller decides.
 */
export function measureNode(node: string, args: string[], options: { cwd: string; stdoutFile?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<Measured> {
  const useTime = existsSync(GNU_TIME);
  const wrapper = join(dirname(fileURLToPath(import.meta.url)), 'rss-wrapper.js');
  const [command, commandArgs] = useTime ? [GNU_TIME, ['-v', node, ...args]] : [node, [wrapper, ...args]];
  const out = options.stdoutFile ? openSync(options.stdoutFile, 'w') : 'ignore';
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, commandArgs, { cwd: options.cwd, stdio: ['ignore', out, 'pipe'], env: options.env ?? process.env });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      if (stderr.length < 1_000_000) stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      if (typeof out === 'number') closeSync(out);
      resolve({ wallMs, exitCode: code, stderr, ...(useTime ? fromGnuTime(stderr) : fromWrapper(stderr)) });
    });
  });
}

function fromGnuTime(stderr: string): { cpuMs?: number; peakRssBytes?: number } {
  const number = (label: string): number | undefined => {
    const match = new RegExp(`${label}:\\s*([\\d.]+)`).exec(stderr);
    return match ? Number(match[1]) : undefined;
  };
  const user = number('User time \\(seconds\\)');
  const system = number('System time \\(seconds\\)');
  const rssKb = number('Maximum resident set size \\(kbytes\\)');
  return {
    cpuMs: user !== undefined && system !== undefined ? (user + system) * 1000 : undefined,
    peakRssBytes: rssKb !== undefined ? rssKb * 1024 : undefined,
  };
}

function fromWrapper(stderr: string): { cpuMs?: number; peakRssBytes?: number } {
  const match = /@@rss-wrapper (\{.*\})/.exec(stderr);
  if (!match) return {};
  const usage = JSON.parse(match[1]) as { userMs: number; systemMs: number; maxRssKb: number };
  return { cpuMs: usage.userMs + usage.systemMs, peakRssBytes: usage.maxRssKb * 1024 };
}

/** Reads a JSON file written by a child, or undefined. */
export function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
