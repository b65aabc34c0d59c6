// W3 re-analysis under @noble/post-quantum: analyses the W3 files with the engine, then sets every
// file again (same bytes, as an editor or watcher would) and analyses again, counting ML-DSA
// verifications (noble-count-register.js must be preloaded with --import). The second pass must
// verify nothing: results come from the verifier's cache.
// Usage: node --import ./out/bench/noble-count-register.js out/bench/w3-reanalysis.js DIR
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setPqcBackend } from '../server/src/core/x509/verify.js';
import { loadWorkspace } from '../server/src/node/workspace.js';

export interface ReanalysisResult {
  files: number;
  /** False when the counting shim was not loaded (counts are then unknown). */
  counted: boolean;
  firstPass: { ms: number; mlDsaVerifies?: number };
  reanalysis: { ms: number; mlDsaVerifies?: number };
}

function verifies(): number | undefined {
  const counts = (globalThis as { __pqcLensBenchMlDsaVerifies?: Record<string, number> }).__pqcLensBenchMlDsaVerifies;
  return counts ? Object.values(counts).reduce((a, b) => a + b, 0) : undefined;
}

export async function reanalyse(dir: string): Promise<ReanalysisResult> {
  setPqcBackend('noble');
  let started = performance.now();
  const { engine, files } = await loadWorkspace([dir], { cwd: dir, hcl: null });
  for (const file of files) engine.analyze(file.rel);
  const firstMs = performance.now() - started;
  const firstCount = verifies();
  started = performance.now();
  for (const file of files) engine.setFile(file.rel, file.bytes);
  for (const file of files) engine.analyze(file.rel);
  const againMs = performance.now() - started;
  const againCount = verifies();
  return {
    files: files.length,
    counted: firstCount !== undefined,
    firstPass: { ms: Math.round(firstMs), mlDsaVerifies: firstCount },
    reanalysis: { ms: Math.round(againMs), mlDsaVerifies: againCount === undefined || firstCount === undefined ? undefined : againCount - firstCount },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: node --import ./out/bench/noble-count-register.js out/bench/w3-reanalysis.js DIR\n');
    process.exit(2);
  }
  process.stdout.write(`${JSON.stringify(await reanalyse(resolve(dir)))}\n`);
}
