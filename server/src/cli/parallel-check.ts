// The parallel `check`: the files are split by size between worker threads (check-worker.ts).
// Each worker reads and parses its files and answers with their facts, keeping no parse tree;
// once every file's facts are known, each worker is given the others' facts and analyses its own
// files, parsing each again. Every file is parsed twice, on as many cores, and no thread holds
// more than one parse tree at a time, so memory does not grow with the size of the trees (about
// nine times the YAML they come from). The findings and notices are exactly those of the
// in-process check, in the same order (test/cli/parallel-check.test.ts).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LensConfig } from '../core/config.js';
import type { Knowledge } from '../core/knowledge.js';
import type { FileFacts } from '../core/workspace/facts.js';
import { needsHcl, type CandidateFile, type PreparedWorkspace, type WorkspaceNotice } from '../node/workspace.js';
import type { ReportFinding } from './format/model.js';

/** Below this many files a single thread is faster than starting workers. */
const MIN_FILES = 200;

export interface WorkerSetup { knowledge: Knowledge; config: LensConfig; now: string }

/** Where a notice arose, so that the merged list keeps the order of the in-process check. */
export type PhasedNotice = WorkspaceNotice & { phase: 'read' | 'hcl' | 'parse' | 'analyze' };

export type ToWorker =
  | { type: 'read'; files: CandidateFile[] }
  | { type: 'analyze'; facts: [string, FileFacts][] };

export type FromWorker =
  | { type: 'read'; facts: [string, FileFacts][]; notices: PhasedNotice[] }
  | { type: 'analyzed'; findings: ReportFinding[]; notices: PhasedNotice[] }
  | { type: 'failed'; message: string };

/**
 * How many workers to use: PQC_LENS_WORKERS when set (0: none), else one per core when there are
 * at least two cores and enough files.
 */
export function workerCount(files: number, env: NodeJS.ProcessEnv = process.env): number {
  const forced = env.PQC_LENS_WORKERS;
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.min(Number(forced), files);
  const cores = availableParallelism();
  return cores >= 2 && files >= MIN_FILES ? Math.min(cores, 4) : 0;
}

/** Runs the check of the prepared workspace in `count` workers: findings with workspace-relative paths, and notices. */
export async function checkInWorkers(prepared: PreparedWorkspace, count: number, now: Date): Promise<{ findings: ReportFinding[]; notices: WorkspaceNotice[] }> {
  const shares = splitBySize(prepared.candidates, count);
  const setup: WorkerSetup = { knowledge: prepared.knowledge, config: prepared.config, now: now.toISOString() };
  const workers = shares.map(() => new Worker(new URL('./check-worker.js', import.meta.url), { workerData: setup }));
  try {
    const read = await Promise.all(workers.map((worker, i) => ask(worker, { type: 'read', files: shares[i] }, 'read')));
    const readNotices = read.flatMap((r) => r.notices);
    // Each message is copied when posted: the facts are not kept here while the workers analyse.
    const analyses = workers.map((worker, i) => ask(worker, { type: 'analyze', facts: read.flatMap((other, j) => (j === i ? [] : other.facts)) }, 'analyzed'));
    read.length = 0;
    const analyzed = await Promise.all(analyses);
    return { findings: analyzed.flatMap((a) => a.findings), notices: orderNotices(prepared, [...readNotices, ...analyzed.flatMap((a) => a.notices)]) };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/**
 * Files dealt to the worker with the fewest bytes so far, in walk order; SPIRE configurations all
 * to the first, so that only one worker loads the HCL parser (its WebAssembly memory is large).
 */
function splitBySize(files: readonly CandidateFile[], count: number): CandidateFile[][] {
  const shares = Array.from({ length: count }, () => ({ bytes: 0, files: [] as CandidateFile[] }));
  for (const file of files) {
    const lightest = needsHcl([file]) ? shares[0] : shares.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    lightest.files.push(file);
    lightest.bytes += file.size;
  }
  return shares.map((s) => s.files);
}

function ask<T extends FromWorker['type']>(worker: Worker, message: ToWorker, expected: T): Promise<FromWorker & { type: T }> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (reply: FromWorker): void => {
      cleanup();
      if (reply.type === expected) resolve(reply as FromWorker & { type: T });
      else reject(new Error(reply.type === 'failed' ? reply.message : `unexpected reply ${reply.type}`));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number): void => {
      cleanup();
      reject(new Error(`worker stopped (exit code ${code})`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(message);
  });
}

/**
 * The notices in the order of the in-process check: the walk's, files that could not be read, the
 * HCL parser once, files that failed to parse, then per file its parse notices and analysis errors.
 */
function orderNotices(prepared: PreparedWorkspace, notices: readonly PhasedNotice[]): WorkspaceNotice[] {
  const position = new Map(prepared.candidates.map((c, i) => [c.rel, i]));
  const byFile = (phase: PhasedNotice['phase']): WorkspaceNotice[] => notices
    .filter((n) => n.phase === phase)
    .map((n, i) => ({ n, i }))
    .sort((a, b) => (position.get(a.n.file ?? '') ?? 0) - (position.get(b.n.file ?? '') ?? 0) || a.i - b.i)
    .map(({ n }) => withoutPhase(n));
  const hcl = notices.find((n) => n.phase === 'hcl');
  return [...prepared.notices, ...byFile('read'), ...(hcl ? [withoutPhase(hcl)] : []), ...byFile('parse'), ...byFile('analyze')];
}

function withoutPhase(notice: PhasedNotice): WorkspaceNotice {
  const { phase: _phase, ...rest } = notice;
  return rest;
}
