// Extension figures: bundle sizes (dist/extension.cjs, dist/server.cjs; the tree-sitter wasm files
// are listed apart), the VSIX size (packaged with vsce from the current build into a temp folder),
// and server start to first diagnostics (spawn → initialize → didOpen → first publishDiagnostics).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspDriver } from './lsp-driver.js';
import { median, round } from './stats.js';

export interface SizesResult {
  extensionBytes: number;
  serverBytes: number;
  wasmBytes: number;
  vsixBytes?: number;
  vsixFiles?: number;
  vsixSkipped?: string;
  /** Median of several starts: process spawn until the first diagnostics of an opened file. */
  serverStartMs: number;
  serverStartRunsMs: number[];
}

function size(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

/** Packages the VSIX like `npm run package` does after its build (vsce, no dependencies). */
export function packageVsix(repoRoot: string): { bytes?: number; files?: number; skipped?: string } {
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  if (!existsSync(vsce)) return { skipped: '@vscode/vsce is not installed' };
  const out = mkdtempSync(join(tmpdir(), 'pqc-lens-bench-vsix-'));
  try {
    const vsix = join(out, 'pqc-lens.vsix');
    const child = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], { cwd: repoRoot, encoding: 'utf8', input: 'y\n', timeout: 300_000 });
    if (child.status !== 0 || !existsSync(vsix)) return { skipped: `vsce package failed: ${(child.stderr || child.stdout).trim().split('\n').slice(-3).join(' ')}` };
    const files = /Packaged: .* \((\d+) files/.exec(child.stdout)?.[1];
    return { bytes: size(vsix), files: files ? Number(files) : undefined };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export async function serverStart(repoRoot: string, runs: number): Promise<number[]> {
  const out: number[] = [];
  const example = join(repoRoot, 'examples');
  for (let run = 0; run < runs; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'pqc-lens-bench-start-'));
    try {
      if (existsSync(example)) cpSync(example, dir, { recursive: true });
      const file = join(dir, 'cert-manager', 'certificates.yaml');
      const text = existsSync(file) ? readFileSync(file, 'utf8') : 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';
      const driver = new LspDriver({ name: 'pqc-lens', command: [process.execPath, join(repoRoot, 'dist', 'server.cjs'), '--stdio'], root: dir, configuration: () => ({}) });
      try {
        await driver.initialize();
        const uri = driver.uri(file);
        await driver.open(uri, text, 1);
        const published = await driver.diagnosticsAfter(uri, 0, 1);
        out.push(round(published.at - driver.spawnedAt));
      } finally {
        await driver.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}

export async function measureSizes(repoRoot: string, options: { vsix: boolean; startRuns: number }): Promise<SizesResult> {
  const dist = join(repoRoot, 'dist');
  const wasm = existsSync(dist) ? readdirSync(dist).filter((f) => f.endsWith('.wasm')).reduce((sum, f) => sum + size(join(dist, f)), 0) : 0;
  const vsix = options.vsix ? packageVsix(repoRoot) : { skipped: 'not requested' };
  const starts = await serverStart(repoRoot, options.startRuns);
  return {
    extensionBytes: size(join(dist, 'extension.cjs')),
    serverBytes: size(join(dist, 'server.cjs')),
    wasmBytes: wasm,
    vsixBytes: vsix.bytes,
    vsixFiles: vsix.files,
    vsixSkipped: vsix.skipped,
    serverStartMs: median(starts),
    serverStartRunsMs: starts,
  };
}
