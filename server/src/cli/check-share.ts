// One share of the parallel check (parallel-check.ts), run in the main thread or in a worker
// thread (check-worker.ts). First it reads and parses its files and gives their facts, keeping
// nothing else; then, given the facts of every other file, it reads and parses its files again,
// one at a time, and gives the findings.
import { Engine } from '../core/engine.js';
import { analysisFailure, createHcl, needsHcl, parseFailure, readCandidate, type CandidateFile } from '../node/workspace.js';
import { reportFinding, type ReportFinding } from './format/model.js';
import type { FileFacts } from '../core/workspace/facts.js';
import type { PhasedNotice, WorkerSetup } from './parallel-check.js';

export class CheckShare {
  private engine: Engine | undefined;
  /** This share's files, and the notices their parse gave (shown with their analysis). */
  private readonly own: CandidateFile[] = [];
  private readonly parseNotices = new Map<string, PhasedNotice[]>();

  constructor(private readonly setup: WorkerSetup) {}

  async read(files: readonly CandidateFile[]): Promise<{ facts: [string, FileFacts][]; notices: PhasedNotice[] }> {
    const notices: PhasedNotice[] = [];
    const hcl = needsHcl(files) ? await createHcl() : {};
    if (hcl.problem) notices.push({ phase: 'hcl', severity: 'warning', message: `SPIRE configuration files are not analysed: ${hcl.problem}` });
    const engine = new Engine({ knowledge: this.setup.knowledge, config: this.setup.config, hcl: hcl.parser, now: new Date(this.setup.now) });
    this.engine = engine;
    const facts: [string, FileFacts][] = [];
    for (const candidate of files) {
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
      this.own.push(candidate);
      this.parseNotices.set(read.rel, engine.notices(read.rel).map((n) => ({ phase: 'analyze', severity: n.severity, file: read.rel, message: n.message })));
      const own = engine.index.factsOf(read.rel)!;
      facts.push([read.rel, own]);
      engine.setExternalFacts(read.rel, own); // neither tree nor bytes are kept: read again to analyse
    }
    return { facts, notices };
  }

  analyze(others: readonly [string, FileFacts][]): { findings: ReportFinding[]; notices: PhasedNotice[] } {
    const engine = this.engine;
    if (!engine) throw new Error('analyze before read');
    for (const [rel, facts] of others) engine.setExternalFacts(rel, facts);
    const findings: ReportFinding[] = [];
    const notices: PhasedNotice[] = [];
    for (const candidate of this.own) {
      const rel = candidate.rel;
      notices.push(...(this.parseNotices.get(rel) ?? []));
      const read = readCandidate(candidate);
      if (!('bytes' in read)) {
        notices.push({ phase: 'analyze', ...read });
        continue;
      }
      try {
        const analysed = engine.analyzeOnce(rel, read.bytes);
        for (const finding of analysed.findings) findings.push(reportFinding(finding, analysed.lines, rel));
      } catch (error) {
        notices.push({ phase: 'analyze', ...analysisFailure(rel, error) });
      }
    }
    return { findings, notices };
  }
}
