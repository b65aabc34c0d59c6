// A worker thread of the parallel check: runs one CheckShare on the messages of parallel-check.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { firstLine } from '../node/workspace.js';
import { CheckShare } from './check-share.js';
import type { FromWorker, ToWorker, WorkerSetup } from './parallel-check.js';

const share = new CheckShare(workerData as WorkerSetup);

parentPort!.on('message', (message: ToWorker) => {
  const reply = message.type === 'read'
    ? share.read(message.files).then((r): FromWorker => ({ type: 'read', ...r }))
    : Promise.resolve().then((): FromWorker => ({ type: 'analyzed', ...share.analyze(message.facts) }));
  reply.then(
    (r) => parentPort!.postMessage(r),
    (error: unknown) => parentPort!.postMessage({ type: 'failed', message: firstLine(error) } satisfies FromWorker),
  );
});
