// One share of the parallel check (parallel-check.ts), run in the main thread or in a worker
// thread (check-worker.ts). First it reads, parses and analyses its files one at a time against
// the facts it has so far, keeping each file's facts and findings but not its tree, and gives the
// facts. Then, given the facts of every other file, it reads, parses and analyses again only the
// files whose analysis those facts change (the engine's dependencies, with early cutoff on the
// answers its queries got), and gives the findings.
import { Engine } from '../core/engine.js';
import type { LineIndex } from '../core/text.js';
import type { Finding } from '../core/types.js';
import { emptyFacts, type FileFacts } from '../core/workspace/facts.js';
import { analysisFailure, createHcl, needsHcl, parseFailure, readCandidate, type CandidateFile } from '../node/workspace.js';
import { reportFinding, type ReportFinding } from './format/model.js';
import type { PhasedNotice, WorkerSetup } from './parallel-check.js';

interface Analysis { findings: ReportFinding[]; failure?: PhasedNotice }

export class CheckShare {
  private engine: Engine | undefined;
  /** This share's files that parsed, and the notices their parse gave (shown with their analysis). */
  private readonly own: CandidateFile[] = [];
  private readonly parseNotices = new Map<string, PhasedNotice[]>();
  /** The analysis of each own file, dropped when facts read later change what it read. */
  private readonly analyses = new Map<string, Analysis>();

  constructor(private readonly setup: WorkerSetup) {}

  async read(files: readonly CandidateFile[]): Promise<{ facts: [string, FileFacts][]; notices: PhasedNotice[] }> {
    const notices: PhasedNotice[] = [];
    const hcl = needsHcl(files) ? await createHcl() : {};
    if (hcl.problem) notices.push({ phase: 'hcl', severity: 'warning', message: `SPIRE configuration files are not analysed: ${hcl.problem}` });
    const engine = new Engine({ knowledge: this.setup.knowledge, config: this.setup.config, hcl: hcl.parser, now: new Date(this.setup.now), reanalyseByDocument: true });
    this.engine = engine;
    // Every path of the workspace is known from the start, as in the check in one thread: a path
    // written in a config resolves the same whichever share reads the file it names.
    engine.setExternalFacts(this.setup.paths.map((path) => [path, emptyFacts()] as const));
    const facts: [string, FileFacts][] = [];
    // Which analyses the later files change is worked out once, at the end.
    const stale = engine.collectAffected(() => {
      for (const candidate of files) {
        const read = readCandidate(candidate);
        if (!('bytes' in read)) {
          notices.push({ phase: 'read', ...read });
          engine.removeFile(candidate.rel);
          continue;
        }
        try {
          engine.setFile(read.rel, read.bytes);
        } catch (error) {
          notices.push({ phase: 'parse', ...parseFailure(read.rel, error) });
          engine.removeFile(read.rel);
          continue;
        }
        this.own.push(candidate);
        this.parseNotices.set(read.rel, engine.notices(read.rel).map((n) => ({ phase: 'analyze', severity: n.severity, file: read.rel, message: n.message })));
        facts.push([read.rel, engine.index.factsOf(read.rel)!]);
        this.analyses.set(read.rel, analyse(read.rel, () => ({ findings: engine.analyze(read.rel), lines: engine.lines(read.rel) })));
        engine.releaseTree(read.rel);
      }
    });
    this.forget(stale);
    return { facts, notices };
  }

  analyze(others: readonly [string, FileFacts][]): { findings: ReportFinding[]; notices: PhasedNotice[] } {
    const engine = this.engine;
    if (!engine) throw new Error('analyze before read');
    this.forget(engine.setExternalFacts(others));
    const known = new Set([...this.own.map((c) => c.rel), ...others.map(([rel]) => rel)]);
    // Files another share could not read or parse are not in the workspace after all.
    for (const path of this.setup.paths) if (!known.has(path)) this.forget(engine.removeFile(path));
    const findings: ReportFinding[] = [];
    const notices: PhasedNotice[] = [];
    for (const candidate of this.own) {
      const rel = candidate.rel;
      notices.push(...(this.parseNotices.get(rel) ?? []));
      let analysis = this.analyses.get(rel);
      if (!analysis) {
        const read = readCandidate(candidate);
        analysis = 'bytes' in read ? analyse(rel, () => engine.analyzeOnce(rel, read.bytes)) : { findings: [], failure: { phase: 'analyze', ...read } };
      }
      findings.push(...analysis.findings);
      if (analysis.failure) notices.push(analysis.failure);
    }
    return { findings, notices };
  }

  private forget(stale: readonly string[]): void {
    for (const path of stale) this.analyses.delete(path);
  }
}

function analyse(rel: string, run: () => { findings: Finding[]; lines: LineIndex | undefined }): Analysis {
  try {
    const { findings, lines } = run();
    return { findings: findings.map((finding) => reportFinding(finding, lines, rel)) };
  } catch (error) {
    return { findings: [], failure: { phase: 'analyze', ...analysisFailure(rel, error) } };
  }
}
