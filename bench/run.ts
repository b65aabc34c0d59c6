// `npm run bench`: builds (package.json), then runs W1 (keystroke latency against
// yaml-language-server), W2 (CLI against the parse floor, the server's workspace scan), W3
// (certificate decoding and verification, noble and native) and the extension figures, prints a
// table and writes bench/results.json. Progress goes to stderr.
//   --quick        smaller W2/W3 and fewer W1 edits (about 2 minutes instead of about 6)
//   --json         print the results as one JSON object on stdout instead of the table
//   --only=LIST    any of w1,w2,w3,sizes (comma separated)
//   --runs=N       CLI/floor runs for W2 (default 3, quick 1); medians are reported
//   --out=FILE     where to write the results (default bench/results.json)
//   --seed=TEXT    workload seed (default: the fixed one, so every run sees the same bytes)
//   --tiny         tiny workloads, for the test that keeps these scripts working
//   --no-yaml-ls, --no-vsix
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SEED, generateW1, generateW2, generateW3 } from './generate.js';
import { measureW1, type W1Result } from './measure-w1.js';
import { measureW2Cli, measureW2Scan, scanProbe, type W2CliResult, type W2ScanResult } from './measure-w2.js';
import { measureW3, type W3Result } from './measure-w3.js';
import { measureSizes, type SizesResult } from './measure-sizes.js';

export interface BenchOptions {
  quick: boolean;
  tiny: boolean;
  json: boolean;
  only: Set<string>;
  runs?: number;
  out: string;
  seed: string;
  yamlLs: boolean;
  vsix: boolean;
}

export interface Target { id: string; description: string; value: number | undefined; limit: number; unit: string; pass: boolean | undefined }

export interface BenchResults {
  meta: { date: string; node: string; platform: string; cpus: number; cpuModel: string; loadAverage: number[]; mode: 'full' | 'quick' | 'tiny'; seed: string; durationMs: number };
  w1?: { p50Ms: number; p95Ms: number; maxMs: number; openMs: number; yamlLsP50Ms?: number; yamlLsP95Ms?: number; yamlLsMaxMs?: number; yamlLsComputeP50Ms?: number; yamlLsComputeP95Ms?: number; yamlLsOpenMs?: number; ratioP95: number; detail: W1Result };
  w2?: W2CliResult & { scan: W2ScanResult };
  w3?: W3Result;
  sizes?: SizesResult;
  targets: Target[];
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function parseOptions(argv: readonly string[]): BenchOptions {
  const value = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const only = value('only');
  const runs = value('runs');
  return {
    quick: argv.includes('--quick'),
    tiny: argv.includes('--tiny'),
    json: argv.includes('--json'),
    only: new Set((only ?? 'w1,w2,w3,sizes').split(',').map((s) => s.trim()).filter(Boolean)),
    runs: runs ? Math.max(1, Number(runs)) : undefined,
    out: resolve(value('out') ?? join(repoRoot, 'bench', 'results.json')),
    seed: value('seed') ?? DEFAULT_SEED,
    yamlLs: !argv.includes('--no-yaml-ls'),
    vsix: !argv.includes('--no-vsix'),
  };
}

const MB = 1_000_000;

export async function runBench(options: BenchOptions, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<BenchResults> {
  const started = performance.now();
  const mode = options.tiny ? 'tiny' : options.quick ? 'quick' : 'full';
  const results: BenchResults = {
    meta: { date: new Date().toISOString(), node: process.version, platform: `${process.platform}-${process.arch}`, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', loadAverage: loadavg().map((l) => Math.round(l * 100) / 100), mode, seed: options.seed, durationMs: 0 },
    targets: [],
  };

  if (options.only.has('w1')) {
    let t = performance.now();
    const w1 = generateW1(mode === 'tiny' ? { seed: options.seed, documents: 20, lines: 300, certificates: 4, edits: 6 } : { seed: options.seed, edits: mode === 'quick' ? 40 : 200 });
    log(`W1: ${w1.lines} lines, ${w1.documents} documents, ${w1.certificates} certificates, ${w1.edits.length} edits (generated in ${Math.round(performance.now() - t)} ms)`);
    t = performance.now();
    const r = await measureW1(w1, { repoRoot, yamlLs: options.yamlLs, log });
    log(`W1 done in ${Math.round(performance.now() - t)} ms`);
    results.w1 = {
      p50Ms: r.pqcLens.latency.p50, p95Ms: r.pqcLens.latency.p95, maxMs: r.pqcLens.latency.max, openMs: r.pqcLens.openMs,
      yamlLsP50Ms: r.yamlLs?.latency.p50, yamlLsP95Ms: r.yamlLs?.latency.p95, yamlLsMaxMs: r.yamlLs?.latency.max,
      yamlLsComputeP50Ms: r.yamlLs?.computeP50Ms, yamlLsComputeP95Ms: r.yamlLs?.computeP95Ms, yamlLsOpenMs: r.yamlLs?.openMs,
      ratioP95: r.ratioP95, detail: r,
    };
  }

  if (options.only.has('w2')) {
    const dir = mkdtempSync(join(tmpdir(), 'pqc-lens-bench-w2-'));
    try {
      let t = performance.now();
      const size = mode === 'tiny' ? { files: 40, megabytes: 0.3 } : mode === 'quick' ? { files: 1000, megabytes: 10 } : { files: 5000, megabytes: 50 };
      const summary = generateW2(dir, { seed: options.seed, ...size });
      log(`W2: ${summary.files} files, ${(summary.bytes / MB).toFixed(1)} MB, ${summary.certificates} certificates (generated in ${Math.round(performance.now() - t)} ms)`);
      t = performance.now();
      const cli = await measureW2Cli(dir, { repoRoot, runs: options.runs ?? (mode === 'full' ? 3 : 1), files: summary.files, bytes: summary.bytes, log });
      const scan = await measureW2Scan(dir, { repoRoot, probe: scanProbe(options.seed), log });
      log(`W2 done in ${Math.round(performance.now() - t)} ms`);
      results.w2 = { ...cli, scan };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  if (options.only.has('w3')) {
    let t = performance.now();
    const w3 = generateW3({ seed: options.seed, count: mode === 'tiny' ? 16 : mode === 'quick' ? 200 : 1000 });
    log(`W3: ${w3.certificates.length} certificates (generated in ${Math.round(performance.now() - t)} ms)`);
    t = performance.now();
    results.w3 = await measureW3(w3, { repoRoot, log });
    log(`W3 done in ${Math.round(performance.now() - t)} ms`);
  }

  if (options.only.has('sizes')) {
    results.sizes = await measureSizes(repoRoot, { vsix: options.vsix, startRuns: mode === 'full' ? 5 : mode === 'quick' ? 3 : 1 });
    log(`sizes: server ${results.sizes.serverBytes} B, VSIX ${results.sizes.vsixBytes ?? results.sizes.vsixSkipped}`);
  }

  results.targets = targets(results);
  results.meta.durationMs = Math.round(performance.now() - started);
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  return results;
}

function target(id: string, description: string, value: number | undefined, limit: number, unit: string): Target {
  return { id, description, value, limit, unit, pass: value === undefined || Number.isNaN(value) ? undefined : value <= limit };
}

export function targets(r: BenchResults): Target[] {
  const out: Target[] = [];
  if (r.w1) {
    out.push(target('w1.p95Ms', 'W1 didChange → diagnostics p95', r.w1.p95Ms, 25, 'ms'));
    out.push(target('w1.ratioP95', 'W1 p95 / yaml-language-server p95', r.w1.ratioP95, 0.5, '×'));
  }
  if (r.w2) {
    out.push(target('w2.ratio', 'W2 CLI / floor (wall, median)', r.w2.ratio, 1.5, '×'));
    out.push(target('w2.peakRssMb', 'W2 CLI peak RSS', r.w2.peakRssMb, 300, 'MB'));
    out.push(target('w2.scan.editsDuringScan.p95', 'open-file diagnostics during the scan, p95', r.w2.scan.editsDuringScan?.p95 ?? r.w2.scan.openDuringScanMs, 200, 'ms'));
  }
  if (r.w3) {
    out.push(target('w3.nativeRatio', 'W3 verification under Node 24 / native node:crypto', r.w3.nativeRatio, 1.5, '×'));
    out.push(target('w3.reanalysis.mlDsaVerifies', 'W3 ML-DSA verifications when re-analysing (noble)', r.w3.reanalysis.reanalysis.mlDsaVerifies, 0, ''));
  }
  if (r.sizes) {
    out.push(target('sizes.serverBytes', 'server bundle (minified, wasm excluded)', r.sizes.serverBytes, 2_000_000, 'B'));
    out.push(target('sizes.vsixBytes', 'VSIX', r.sizes.vsixBytes, 3_000_000, 'B'));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The table

const fmt = (v: number | undefined, unit = ''): string => (v === undefined || Number.isNaN(v) ? '–' : `${Number.isInteger(v) ? v.toLocaleString('en-US') : v}${unit ? ` ${unit}` : ''}`);
const kb = (bytes: number | undefined): string => (bytes === undefined ? '–' : `${(bytes / 1000).toFixed(0)} kB`);

export function table(r: BenchResults): string {
  const rows: [string, string][] = [];
  const section = (title: string): void => {
    rows.push([`## ${title}`, '']);
  };
  if (r.w1) {
    const d = r.w1.detail;
    section(`W1 keystroke latency (${d.lines} lines, ${d.documents} documents, ${d.certificates} certificates, ${d.edits} edits)`);
    rows.push(['PQC Lens didChange → publishDiagnostics p50 / p95 / max', `${fmt(r.w1.p50Ms)} / ${fmt(r.w1.p95Ms)} / ${fmt(r.w1.maxMs)} ms`]);
    rows.push(['yaml-language-server p50 / p95 / max', d.yamlLs ? `${fmt(r.w1.yamlLsP50Ms)} / ${fmt(r.w1.yamlLsP95Ms)} / ${fmt(r.w1.yamlLsMaxMs)} ms` : d.yamlLsSkipped ?? '–']);
    if (d.yamlLs) rows.push(['yaml-language-server without its 200 ms delay p50 / p95', `${fmt(r.w1.yamlLsComputeP50Ms)} / ${fmt(r.w1.yamlLsComputeP95Ms)} ms`]);
    rows.push(['ratio p95 (PQC Lens / yaml-language-server)', fmt(r.w1.ratioP95, '×')]);
    rows.push(['didOpen → diagnostics, PQC Lens / yaml-language-server', `${fmt(r.w1.openMs)} / ${fmt(r.w1.yamlLsOpenMs)} ms`]);
    for (const [kind, dist] of Object.entries(d.pqcLens.byKind)) rows.push([`  PQC Lens ${kind} (${dist.n}) p50 / p95`, `${fmt(dist.p50)} / ${fmt(dist.p95)} ms`]);
  }
  if (r.w2) {
    const w = r.w2;
    section(`W2 repository (${w.files.toLocaleString('en-US')} files, ${w.megabytes} MB)`);
    rows.push([`CLI check wall (median of ${w.runs}) / CPU`, `${fmt(w.cliMs)} / ${fmt(w.cliCpuMs)} ms`]);
    rows.push(['floor (read + parse) wall / CPU', `${fmt(w.floorMs)} / ${fmt(w.floorCpuMs)} ms`]);
    rows.push(['ratio CLI / floor, wall (CPU)', `${fmt(w.ratio, '×')} (${fmt(w.cpuRatio, '×')})`]);
    rows.push(['CLI throughput', `${fmt(w.filesPerSec)} files/s, ${fmt(w.mbPerSec)} MB/s`]);
    rows.push(['CLI peak RSS (floor)', `${fmt(w.peakRssMb)} MB (${fmt(w.floorPeakRssMb)} MB)`]);
    rows.push(['same check in one thread (PQC_LENS_THREADS=1): wall / CPU, ratio, peak RSS', `${fmt(w.singleThread.ms)} / ${fmt(w.singleThread.cpuMs)} ms, ${fmt(w.singleThread.ratio, '×')}, ${fmt(w.singleThread.peakRssMb)} MB`]);
    rows.push(['findings', fmt(w.findings)]);
    rows.push(['server scan until scanComplete / last diagnostics', `${fmt(w.scan.scanMs)} / ${fmt(w.scan.lastDiagnosticsMs)} ms (${fmt(w.scan.publishedFiles)} files published)`]);
    rows.push(['open file during the scan: didOpen → diagnostics', `${fmt(w.scan.openDuringScanMs)} ms`]);
    rows.push(['open file during the scan: edits p50 / p95 / max', w.scan.editsDuringScan ? `${fmt(w.scan.editsDuringScan.p50)} / ${fmt(w.scan.editsDuringScan.p95)} / ${fmt(w.scan.editsDuringScan.max)} ms (${w.scan.editsDuringScan.n} edits)` : '–']);
    rows.push(['server peak RSS', `${fmt(w.scan.serverPeakRssMb)} MB`]);
  }
  if (r.w3) {
    const w = r.w3;
    section(`W3 certificates (${w.certificates}, ${w.chained} in chains)`);
    rows.push(['decode + classify', `${fmt(w.decodePerSec)} /s`]);
    rows.push([`verify, PQC Lens with @noble/post-quantum (${r.meta.node})`, `${fmt(w.verifyPerSecNoble)} /s`]);
    rows.push(['  ML-DSA-44 / 65 / 87 ms each (noble)', `${fmt(w.verifyMsByClassNoble.mldsa44)} / ${fmt(w.verifyMsByClassNoble.mldsa65)} / ${fmt(w.verifyMsByClassNoble.mldsa87)}`]);
    rows.push(['verify, PQC Lens under Node 24 (node:crypto)', w.node24Skipped ?? `${fmt(w.verifyPerSecNode24)} /s`]);
    rows.push(['verify, native node:crypto X509Certificate.verify', w.node24Skipped ?? `${fmt(w.verifyPerSecNative)} /s (${(w.nativeClasses ?? []).join(', ')})`]);
    rows.push(['ratio PQC Lens / native (same certificates)', fmt(w.nativeRatio, '×')]);
    rows.push(['cached re-verify', `${fmt(w.cachedVerifyPerSec)} /s`]);
    rows.push(['ML-DSA verifications: first analysis / re-analysis (noble)', `${fmt(w.reanalysis.firstPass.mlDsaVerifies)} / ${fmt(w.reanalysis.reanalysis.mlDsaVerifies)} (${fmt(w.reanalysis.firstPass.ms)} / ${fmt(w.reanalysis.reanalysis.ms)} ms)`]);
    rows.push(['CLI check of the W3 files, Node 20 / Node 24', `${fmt(w.cliNode20Ms)} / ${fmt(w.cliNode24Ms)} ms`]);
  }
  if (r.sizes) {
    const s = r.sizes;
    section('Extension');
    rows.push(['dist/extension.cjs / dist/server.cjs (minified)', `${kb(s.extensionBytes)} / ${kb(s.serverBytes)}`]);
    rows.push(['tree-sitter wasm (not counted above)', kb(s.wasmBytes)]);
    rows.push(['VSIX', s.vsixBytes !== undefined ? `${kb(s.vsixBytes)} (${s.vsixFiles ?? '?'} files)` : s.vsixSkipped ?? '–']);
    rows.push([`server start → first diagnostics (median of ${s.serverStartRunsMs.length})`, `${fmt(s.serverStartMs)} ms`]);
  }
  section('Targets');
  for (const t of r.targets) rows.push([`${t.pass === undefined ? '?   ' : t.pass ? 'pass' : 'MISS'}  ${t.description}`, `${fmt(t.value, t.unit)} (≤ ${fmt(t.limit, t.unit)})`]);
  const width = Math.max(...rows.map(([a]) => a.length));
  return `${rows.map(([a, b]) => (a.startsWith('## ') ? `\n${a.slice(3)}` : `  ${a.padEnd(width)}  ${b}`)).join('\n')}\n\n${r.meta.mode} run, ${r.meta.node}, ${r.meta.cpus} × ${r.meta.cpuModel}, load ${r.meta.loadAverage.join(' ')}, ${Math.round(r.meta.durationMs / 1000)} s\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const options = parseOptions(process.argv.slice(2));
  try {
    const results = await runBench(options);
    process.stdout.write(options.json ? `${JSON.stringify(results)}\n` : table(results));
    process.stderr.write(`results written to ${options.out}\n`);
  } catch (error) {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
