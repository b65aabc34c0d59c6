// W1: keystroke latency over LSP stdio. One generated manifest is opened in PQC Lens's server
// (dist/server.cjs) and in yaml-language-server side by side; every scripted edit is sent to both
// as an incremental didChange, one server after the other, and the time until the matching
// publishDiagnostics arrives is recorded. The next edit starts only when both have answered.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { W1Workload } from './generate.js';
import { LspDriver } from './lsp-driver.js';
import { distribution, ratio, round, type Distribution } from './stats.js';

/** yaml-language-server waits this long after a change before it validates (its validationDelayMs). */
export const YAML_LS_DELAY_MS = 200;

export interface ServerW1 {
  openMs: number;
  latency: Distribution;
  byKind: Record<string, Distribution>;
  /** Diagnostics on the final text (a sanity check that the edits arrived). */
  finalDiagnostics: number;
}

export interface W1Result {
  lines: number;
  documents: number;
  certificates: number;
  edits: number;
  pqcLens: ServerW1;
  yamlLs?: ServerW1 & { computeP50Ms: number; computeP95Ms: number };
  yamlLsSkipped?: string;
  /** PQC Lens p95 / yaml-language-server p95 (end to end). */
  ratioP95: number;
}

export function yamlLanguageServerPath(repoRoot: string): string | undefined {
  const path = join(repoRoot, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
  return existsSync(path) ? path : undefined;
}

/** Settings that make yaml-language-server validate with no schema and no network access. */
export function yamlLsSettings(section: string | undefined): unknown {
  if (section === 'yaml') {
    return { validate: true, hover: false, completion: false, format: { enable: false }, schemas: {}, schemaStore: { enable: false }, kubernetesCRDStore: { enable: false }, customTags: [] };
  }
  return null;
}

export async function measureW1(workload: W1Workload, options: { repoRoot: string; yamlLs?: boolean; log?: (line: string) => void }): Promise<W1Result> {
  const log = options.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'pqc-lens-bench-w1-'));
  const file = join(dir, 'platform.yaml'); // opened only, never written: neither server's workspace scan sees it
  const pqc = new LspDriver({ name: 'pqc-lens', command: [process.execPath, join(options.repoRoot, 'dist', 'server.cjs'), '--stdio'], root: dir, configuration: () => ({}) });
  const yamlPath = options.yamlLs === false ? undefined : yamlLanguageServerPath(options.repoRoot);
  const yaml = yamlPath ? new LspDriver({ name: 'yaml-language-server', command: [process.execPath, yamlPath, '--stdio'], root: dir, configuration: yamlLsSettings }) : undefined;
  const drivers = yaml ? [pqc, yaml] : [pqc];
  try {
    const scanned = pqc.nextNotification('pqcLens/scanComplete');
    await Promise.all(drivers.map((d) => d.initialize()));
    await scanned;
    const uri = pqc.uri(file);
    const openMs: number[] = [];
    for (const driver of drivers) {
      const start = performance.now();
      await driver.open(uri, workload.text, 1);
      const published = await driver.diagnosticsAfter(uri, start, 1);
      openMs.push(published.at - start);
    }
    const latencies = drivers.map(() => [] as number[]);
    const byKind = drivers.map(() => new Map<string, number[]>());
    const finals = drivers.map(() => 0);
    for (let i = 0; i < workload.edits.length; i++) {
      const edit = workload.edits[i];
      const version = i + 2;
      for (let d = 0; d < drivers.length; d++) {
        const start = performance.now();
        await drivers[d].change(uri, version, [{ range: edit.range, text: edit.text }]);
        const published = await drivers[d].diagnosticsAfter(uri, start, version);
        const ms = published.at - start;
        latencies[d].push(ms);
        const list = byKind[d].get(edit.kind) ?? [];
        list.push(ms);
        byKind[d].set(edit.kind, list);
        finals[d] = published.params.diagnostics.length;
      }
      if ((i + 1) % 50 === 0) log(`  W1 ${i + 1}/${workload.edits.length} edits`);
    }
    const summary = (d: number): ServerW1 => ({
      openMs: round(openMs[d]),
      latency: distribution(latencies[d]),
      byKind: Object.fromEntries([...byKind[d]].map(([k, v]) => [k, distribution(v)])),
      finalDiagnostics: finals[d],
    });
    const result: W1Result = {
      lines: workload.lines, documents: workload.documents, certificates: workload.certificates, edits: workload.edits.length,
      pqcLens: summary(0),
      ratioP95: Number.NaN,
    };
    if (yaml) {
      const y = summary(1);
      result.yamlLs = { ...y, computeP50Ms: round(y.latency.p50 - YAML_LS_DELAY_MS), computeP95Ms: round(y.latency.p95 - YAML_LS_DELAY_MS) };
      result.ratioP95 = ratio(result.pqcLens.latency.p95, y.latency.p95);
    } else {
      result.yamlLsSkipped = options.yamlLs === false ? 'disabled' : 'yaml-language-server is not installed (npm install)';
    }
    return result;
  } finally {
    await Promise.all(drivers.map((d) => d.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}
