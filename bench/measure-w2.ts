// W2: the repository. (1) The CLI (`pqc-lens check DIR --format json --fail-on none`) against the
// floor (floor.ts: read every file and parse it, nothing else), both started the same way and
// measured from outside: wall time, CPU time, peak RSS; runs alternate and medians are reported.
// (2) The language server's initial scan of the same folder, until pqcLens/scanComplete, with a
// document opened and edited while the scan runs: its diagnostics latency is what a user feels.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateW1, type W1Workload } from './generate.js';
import { LspDriver } from './lsp-driver.js';
import { measureNode, readJson, type Measured } from './process.js';
import { distribution, median, ratio, round, type Distribution } from './stats.js';

export interface W2CliResult {
  files: number;
  megabytes: number;
  runs: number;
  cliMs: number;
  cliCpuMs?: number;
  floorMs: number;
  floorCpuMs?: number;
  ratio: number;
  cpuRatio: number;
  filesPerSec: number;
  mbPerSec: number;
  peakRssMb?: number;
  floorPeakRssMb?: number;
  findings?: number;
  cliRunsMs: number[];
  floorRunsMs: number[];
  /** The same check in one thread (PQC_LENS_THREADS=1): every parse tree held, each file parsed once. */
  singleThread: { ms: number; cpuMs?: number; ratio: number; peakRssMb?: number };
}

export interface W2ScanResult {
  files: number;
  /** From `initialized` to pqcLens/scanComplete, measured by the client. */
  scanMs: number;
  /** The server's own figure in scanComplete. */
  serverScanMs: number;
  /** From `initialized` to the last publishDiagnostics before scanComplete. */
  lastDiagnosticsMs: number;
  publishedFiles: number;
  /** didOpen of a document during the scan until its first diagnostics. */
  openDuringScanMs?: number;
  /** didChange → publishDiagnostics of that document while the scan runs. */
  editsDuringScan?: Distribution;
  serverPeakRssMb?: number;
}

const MB = 1024 * 1024;

export async function measureW2Cli(dir: string, options: { repoRoot: string; runs: number; files: number; bytes: number; log?: (line: string) => void }): Promise<W2CliResult> {
  const log = options.log ?? (() => undefined);
  const scratch = mkdtempSync(join(tmpdir(), 'pqc-lens-bench-w2-out-'));
  const cli: Measured[] = [];
  const single: Measured[] = [];
  const floor: Measured[] = [];
  let findings: number | undefined;
  try {
    for (let run = 0; run < options.runs; run++) {
      const floorOut = join(scratch, 'floor.json');
      const f = await measureNode(process.execPath, [join(options.repoRoot, 'out', 'bench', 'floor.js'), dir], { cwd: options.repoRoot, stdoutFile: floorOut });
      if (f.exitCode !== 0) throw new Error(`floor failed (exit ${f.exitCode}): ${f.stderr.slice(0, 2000)}`);
      floor.push(f);
      const cliOut = join(scratch, 'cli.json');
      const c = await measureNode(process.execPath, [join(options.repoRoot, 'bin', 'pqc-lens.js'), 'check', dir, '--format', 'json', '--fail-on', 'none'], { cwd: options.repoRoot, stdoutFile: cliOut });
      if (c.exitCode !== 0) throw new Error(`pqc-lens check failed (exit ${c.exitCode}): ${c.stderr.slice(0, 2000)}`);
      cli.push(c);
      findings = readJson<{ findings: unknown[] }>(cliOut)?.findings.length;
      const s = await measureNode(process.execPath, [join(options.repoRoot, 'bin', 'pqc-lens.js'), 'check', dir, '--format', 'json', '--fail-on', 'none'], { cwd: options.repoRoot, env: { ...process.env, PQC_LENS_THREADS: '1' } });
      if (s.exitCode !== 0) throw new Error(`pqc-lens check in one thread failed (exit ${s.exitCode}): ${s.stderr.slice(0, 2000)}`);
      single.push(s);
      log(`  W2 run ${run + 1}/${options.runs}: CLI ${Math.round(c.wallMs)} ms (one thread ${Math.round(s.wallMs)} ms), floor ${Math.round(f.wallMs)} ms`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const cliMs = median(cli.map((m) => m.wallMs));
  const floorMs = median(floor.map((m) => m.wallMs));
  const cpu = (list: Measured[]): number | undefined => (list.every((m) => m.cpuMs !== undefined) ? median(list.map((m) => m.cpuMs!)) : undefined);
  const rss = (list: Measured[]): number | undefined => (list.every((m) => m.peakRssBytes !== undefined) ? Math.max(...list.map((m) => m.peakRssBytes!)) / MB : undefined);
  const cliCpuMs = cpu(cli);
  const floorCpuMs = cpu(floor);
  return {
    files: options.files,
    megabytes: round(options.bytes / 1e6),
    runs: options.runs,
    cliMs: round(cliMs, 0),
    cliCpuMs: cliCpuMs === undefined ? undefined : round(cliCpuMs, 0),
    floorMs: round(floorMs, 0),
    floorCpuMs: floorCpuMs === undefined ? undefined : round(floorCpuMs, 0),
    ratio: ratio(cliMs, floorMs),
    cpuRatio: ratio(cliCpuMs, floorCpuMs),
    filesPerSec: round(options.files / (cliMs / 1000), 0),
    mbPerSec: round(options.bytes / 1e6 / (cliMs / 1000), 2),
    peakRssMb: rss(cli) === undefined ? undefined : round(rss(cli)!, 0),
    floorPeakRssMb: rss(floor) === undefined ? undefined : round(rss(floor)!, 0),
    findings,
    cliRunsMs: cli.map((m) => round(m.wallMs, 0)),
    floorRunsMs: floor.map((m) => round(m.wallMs, 0)),
    singleThread: {
      ms: round(median(single.map((m) => m.wallMs)), 0),
      cpuMs: cpu(single) === undefined ? undefined : round(cpu(single)!, 0),
      ratio: ratio(median(single.map((m) => m.wallMs)), floorMs),
      peakRssMb: rss(single) === undefined ? undefined : round(rss(single)!, 0),
    },
  };
}

/** The document edited during the scan: a small manifest of the W1 kind, never written to disk. */
export function scanProbe(seed?: string): W1Workload {
  return generateW1({ seed, documents: 50, lines: 1000, certificates: 8, edits: 400 });
}

export async function measureW2Scan(dir: string, options: { repoRoot: string; probe: W1Workload; editEveryMs?: number; log?: (line: string) => void }): Promise<W2ScanResult> {
  const server = new LspDriver({ name: 'pqc-lens', command: [process.execPath, join(options.repoRoot, 'dist', 'server.cjs'), '--stdio'], root: dir, configuration: () => ({}) });
  try {
    const complete = server.nextNotification<{ files: number; ms: number }>('pqcLens/scanComplete');
    await server.initialize();
    const started = performance.now();
    let done: { files: number; ms: number } | undefined;
    let completedAt = 0;
    void complete.then((value) => {
      done = value;
      completedAt = performance.now();
    });
    // While the scan runs: open a document, then edit it at a steady pace until the scan is over.
    await new Promise((r) => setTimeout(r, 300));
    const uri = server.uri(join(dir, 'bench-open-during-scan.yaml'));
    let openDuringScanMs: number | undefined;
    const latencies: number[] = [];
    if (!done) {
      const openAt = performance.now();
      await server.open(uri, options.probe.text, 1);
      const first = await server.diagnosticsAfter(uri, openAt, 1, 600_000);
      openDuringScanMs = first.at - openAt;
      for (let i = 0; i < options.probe.edits.length && !done; i++) {
        const edit = options.probe.edits[i];
        const at = performance.now();
        await server.change(uri, i + 2, [{ range: edit.range, text: edit.text }]);
        const published = await server.diagnosticsAfter(uri, at, i + 2, 600_000);
        // only edits answered while the scan was still running count
        if (!done || published.at <= completedAt) latencies.push(published.at - at);
        await new Promise((r) => setTimeout(r, options.editEveryMs ?? 250));
      }
    }
    const result = await complete;
    const end = completedAt || performance.now();
    const fromScan = server.publications.filter((p) => p.uri !== uri && p.at <= end);
    options.log?.(`  W2 server scan: ${result.files} files in ${Math.round(end - started)} ms, ${latencies.length} edits during the scan`);
    const rss = server.peakRss();
    return {
      files: result.files,
      scanMs: round(end - started, 0),
      serverScanMs: result.ms,
      lastDiagnosticsMs: round((fromScan.length > 0 ? fromScan[fromScan.length - 1].at : end) - started, 0),
      publishedFiles: new Set(fromScan.map((p) => p.uri)).size,
      openDuringScanMs: openDuringScanMs === undefined ? undefined : round(openDuringScanMs),
      editsDuringScan: latencies.length > 0 ? distribution(latencies) : undefined,
      serverPeakRssMb: rss === undefined ? undefined : round(rss / MB, 0),
    };
  } finally {
    await server.stop();
  }
}
