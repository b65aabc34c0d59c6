// The parallel `check`: the files are split by size into shares (check-share.ts), one run in this
// thread and the others in worker threads (check-worker.ts). Each share reads, parses and analyses
// its files against the facts it has, keeping facts and findings but no parse tree; once every
// file's facts are known, each share is given the others' facts and parses and analyses again only
// the files whose answers they change (on W2 about a quarter to a half). No thread holds more than
// one parse tree at a time, so memory does not grow with the trees (about nine times the YAML they
// come from) (docs/performance.md). The findings and notices are exactly those of the check in one
// thread, in the same order (test/cli/parallel-check.test.ts).
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { LensConfig } from '../core/config.js';
import type { Knowledge } from '../core/knowledge.js';
import type { FileFacts } from '../core/workspace/facts.js';
import { needsHcl, type CandidateFile, type PreparedWorkspace, type WorkspaceNotice } from '../node/workspace.js';
import type { ReportFinding } from './format/model.js';
import { CheckShare } from './check-share.js';

/**
 * Below this many bytes of files one thread is as fast (starting workers, sending facts between
 * threads and parsing some files twice cost about what the second core saves: 3.4-3.7 s either
 * way for 10 MB) and its parse trees, about nine times the text, fit in a few hundred MB.
 */
const MIN_BYTES = 32 * 1024 * 1024;
/** Each thread loads the whole engine and knowledge table: more than this only costs memory. */
const MAX_THREADS = 16;
/**
 * How much V8 lets a heap grow past what survived its last full collection, in percent. Each
 * thread's heap is mostly garbage from parsing; by default V8 lets it grow up to several times the
 * live data, which with two or more heaps in one process is most of the peak memory. Measured on
 * W2 (docs/performance.md): 380-400 MB by default, 280-300 MB at 25 %, wall time within noise.
 * The flag is read whenever V8 sets a heap's next limit, so setting it before the workers start
 * applies to every thread of this process (the CLI's own).
 */
const HEAP_GROWING_PERCENT = 25;

/** What every share is given: the settings, and every candidate path of the workspace. */
export interface WorkerSetup { knowledge: Knowledge; config: LensConfig; now: string; paths: string[] }

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
 * How many threads check: PQC_LENS_THREADS when set to a whole number (0 or 1: this thread alone;
 * at most 16), else one per core (at most 4) when there are at least two cores and the files add up
 * to MIN_BYTES.
 */
export function threadCount(files: readonly CandidateFile[], env: NodeJS.ProcessEnv = process.env): number {
  const forced = env.PQC_LENS_THREADS;
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.min(Number(forced), files.length, MAX_THREADS);
  const cores = availableParallelism();
  const bytes = files.reduce((sum, file) => sum + file.size, 0);
  return cores >= 2 && bytes >= MIN_BYTES ? Math.min(cores, 4) : 1;
}

/**
 * Runs the check of the prepared workspace in `count` (2 or more) shares: this thread takes the
 * first (and every SPIRE file), worker threads the others. Findings have workspace-relative paths.
 */
export async function checkInThreads(prepared: PreparedWorkspace, count: number, now: Date): Promise<{ findings: ReportFinding[]; notices: WorkspaceNotice[]; analysed: number }> {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  const [mine, ...theirs] = splitBySize(prepared.candidates, count);
  const setup: WorkerSetup = { knowledge: prepared.knowledge, config: prepared.config, now: now.toISOString(), paths: prepared.candidates.map((c) => c.rel) };
  const workers = theirs.map(() => new Worker(new URL('./check-worker.js', import.meta.url), { workerData: setup }));
  try {
    // The workers' answers are awaited after this thread's share; should that share throw, their
    // rejections (the workers are stopped) must not go unhandled.
    const reading = settled(Promise.all(workers.map((worker, i) => ask(worker, { type: 'read', files: theirs[i] }, 'read'))));
    const share = new CheckShare(setup);
    const read = [await share.read(mine), ...(await reading)];
    const readNotices = read.flatMap((r) => r.notices);
    // Each message is copied when posted: the facts are not kept here while the workers analyse.
    const others = (i: number): [string, FileFacts][] => read.flatMap((other, j) => (j === i ? [] : other.facts));
    const analysing = settled(Promise.all(workers.map((worker, i) => ask(worker, { type: 'analyze', facts: others(i + 1) }, 'analyzed'))));
    const own = others(0);
    read.length = 0;
    const analyzed = [share.analyze(own), ...(await analysing)];
    return {
      findings: analyzed.flatMap((a) => a.findings),
      notices: orderNotices(prepared, [...readNotices, ...analyzed.flatMap((a) => a.notices)]),
      analysed: prepared.candidates.length - readNotices.filter((n) => n.phase === 'read').length,
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** The same promise, marked as handled (it is awaited later). */
function settled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * What a byte of a SPIRE configuration costs to check against a byte of YAML (tree-sitter through
 * WebAssembly, then the HCL facts), counting also that the first share starts while the workers
 * are still loading: with 3, both threads of W2 end their first pass within 0.2 s of each other.
 */
const HCL_BYTE_COST = 3;

/**
 * Files dealt to the share with the least work so far (bytes, HCL weighted), in walk order; SPIRE
 * configurations all to the first, so that only one thread loads the HCL parser (its WebAssembly
 * memory is large).
 */
function splitBySize(files: readonly CandidateFile[], count: number): CandidateFile[][] {
  const work = new Array<number>(count).fill(0);
  const hcl = files.map((file) => needsHcl([file]));
  files.forEach((file, i) => {
    if (hcl[i]) work[0] += file.size * HCL_BYTE_COST;
  });
  const shares = Array.from({ length: count }, () => [] as CandidateFile[]);
  files.forEach((file, i) => {
    let share = 0;
    if (!hcl[i]) {
      for (let s = 1; s < count; s++) if (work[s] < work[share]) share = s;
      work[share] += file.size;
    }
    shares[share].push(file);
  });
  return shares;
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
