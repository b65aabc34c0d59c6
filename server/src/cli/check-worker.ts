// One worker thread of the parallel check (parallel-check.ts). First it reads and parses the files
// it is given and answers with their facts, keeping nothing else; then, given the facts of every
// other file, it reads and parses its files again, one at a time, and answers with the findings.
import { parentPort, workerData } from 'node:worker_threads';
import { Engine } from '../core/engine.js';
import { createHcl, needsHcl, parseFailure, readCandidate, type CandidateFile } from '../node/workspace.js';
import { reportFinding } from './format/model.js';
import type { ToWorker, FromWorker, WorkerSetup, PhasedNotice } from './parallel-check.js';

const setup = workerData as WorkerSetup;
let engine: Engine | undefined;
/** This worker's files, and the notices their parse gave (shown with their analysis). */
const own: CandidateFile[] = [];
const fileNotices = new Map<string, PhasedNotice[]>();

parentPort!.on('message', (message: ToWorker) => {
  handle(message).then(
    (reply) => parentPort!.postMessage(reply),
    (error: unknown) => parentPort!.postMessage({ type: 'failed', message: error instanceof Error ? error.message.split('\n')[0] : String(error) } satisfies FromWorker),
  );
});

async function handle(message: ToWorker): Promise<FromWorker> {
  const notices: PhasedNotice[] = [];
  if (message.type === 'read') {
    const hcl = needsHcl(message.files) ? await createHcl() : {};
    if (hcl.problem) notices.push({ phase: 'hcl', severity: 'warning', message: `SPIRE configuration files are not analysed: ${hcl.problem}` });
    engine = new Engine({ knowledge: setup.knowledge, config: setup.config, hcl: hcl.parser, now: new Date(setup.now) });
    const reply: FromWorker & { type: 'read' } = { type: 'read', facts: [], notices };
    for (const candidate of message.files) {
      const read = readCandidate(candidate);
      if (!('bytes' in read)) {
        notices.push({ phase: 'read', ...read });
        continue;
      }
      try {
        engine.setFile(read.rel, read.bytes);
      } catch (error) {
        notices.push({ phase: 'parse', ...parseFailure(read.rel, error) });
        continue;
      }
      own.push(candidate);
      for (const notice of engine.notices(read.rel)) fileNotices.set(read.rel, [...(fileNotices.get(read.rel) ?? []), { phase: 'analyze', severity: notice.severity, file: read.rel, message: notice.message }]);
      const facts = engine.index.factsOf(read.rel)!;
      reply.facts.push([read.rel, facts]);
      engine.setExternalFacts(read.rel, facts); // neither tree nor bytes are kept: read again to analyse
    }
    return reply;
  }
  if (!engine) throw new Error('analyze before read');
  for (const [rel, facts] of message.facts) engine.setExternalFacts(rel, facts);
  const findings = [];
  for (const candidate of own) {
    const rel = candidate.rel;
    notices.push(...(fileNotices.get(rel) ?? []));
    const read = readCandidate(candidate);
    if (!('bytes' in read)) {
      notices.push({ phase: 'analyze', ...read });
      continue;
    }
    try {
      const analysed = engine.analyzeOnce(rel, read.bytes);
      for (const finding of analysed.findings) findings.push(reportFinding(finding, analysed.lines, rel));
    } catch (error) {
      notices.push({ phase: 'analyze', severity: 'error', file: rel, message: `not analysed: internal error (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` });
    }
  }
  return { type: 'analyzed', findings, notices };
}
