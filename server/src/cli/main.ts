// The `pqc-lens` command line: argument parsing, the `check` command, and dispatch to the other
// commands. Exit codes: 0 nothing at or above --fail-on, 1 findings at or above --fail-on,
// 2 usage, configuration or I/O error. Nothing a user sees is a stack trace.
import { ruleMetas } from '../core/engine.js';
import { allRules } from '../core/rules/index.js';
import { analysisFailure, displayPath, firstLine, loadPrepared, packageVersion, prepareWorkspace, WorkspaceError, type PreparedWorkspace, type WorkspaceNotice } from '../node/workspace.js';
import { fixWorkspace } from './fix.js';
import { processIo, UsageError, type CliIo } from './io.js';
import { formatJson } from './format/json.js';
import { compareFindings, reportFinding, SEVERITY_ORDER, type CheckReport, type ReportFinding } from './format/model.js';
import { checkInThreads, threadCount } from './parallel-check.js';
import { formatSarif } from './format/sarif.js';
import { formatText } from './format/text.js';

export type { CliIo } from './io.js';

const USAGE = `Usage: pqc-lens <command> [options]

Find classical-only certificates, issuers and TLS key exchange in Kubernetes PKI configuration
(Kubernetes YAML, SPIRE HCL, step-ca ca.json, openssl.cnf, PEM/DER certificates).

Commands:
  check [paths...]     Analyse files and folders (default: the current folder)
  inspect <file|->     Decode the certificates in a file and show algorithms and signatures
  inventory [paths...] List certificates and crypto settings with role, HNDL risk and phase (also CBOM)

Run "pqc-lens <command> --help" for the options of a command.

Options:
  -h, --help           Show this help
  -v, --version        Show the version
`;

const CHECK_USAGE = `Usage: pqc-lens check [options] [paths...]

Analyses the given files and folders (default: the current folder). Folders are searched for
candidate files (*.yaml, *.yml, *.json, *.conf, *.hcl, *.cnf, *.crt, *.pem, *.der, ...);
node_modules, .git, out and dist are skipped, and so is anything matching "exclude" in .pqc-lens.yaml.

Options:
  --format text|json|sarif           Output format (default: text)
  --fail-on error|warning|info|none  Exit with 1 when a finding at or above this severity
                                     remains (default: error)
  --fix                              Apply safe fixes to the files in place
  --fix-unsafe                       Also apply fixes marked unsafe (implies --fix)
  --knowledge FILE                   Use this knowledge table instead of the built-in one
  --max-file-size KB                 Skip files larger than KB KiB (default 1024; 0 = no limit)
  -h, --help                         Show this help

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above --fail-on,
2 usage, configuration or I/O error.
`;

const FORMATS = ['text', 'json', 'sarif'] as const;
const FAIL_ON = ['error', 'warning', 'info', 'none'] as const;
type Format = (typeof FORMATS)[number];
type FailOn = (typeof FAIL_ON)[number];

interface CheckOptions {
  help: boolean;
  paths: string[];
  format: Format;
  failOn: FailOn;
  fix: boolean;
  fixUnsafe: boolean;
  knowledge?: string;
  maxFileSizeKb?: number;
}

// ---------------------------------------------------------------------------------------------
// Argument parsing

interface FlagSpec {
  /** Long name without dashes. */
  name: string;
  short?: string;
  takesValue: boolean;
}

interface ParsedArgs {
  flags: Map<string, string | true>;
  positionals: string[];
}

export function parseArgs(args: readonly string[], specs: readonly FlagSpec[], usage: string): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('-') && arg !== '-') {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(0, eq) : arg;
      const spec = specs.find((s) => `--${s.name}` === name || (s.short !== undefined && `-${s.short}` === name));
      if (!spec) throw new UsageError(`unknown option '${name}'`, usage);
      if (spec.takesValue) {
        let value: string | undefined;
        if (eq >= 0) value = arg.slice(eq + 1);
        else if (i + 1 < args.length && !(args[i + 1].startsWith('-') && args[i + 1] !== '-')) value = args[++i];
        if (value === undefined || value.length === 0) throw new UsageError(`option '${name}' needs a value`, usage);
        flags.set(spec.name, value);
      } else {
        if (eq >= 0) throw new UsageError(`option '${name}' does not take a value`, usage);
        flags.set(spec.name, true);
      }
      continue;
    }
    positionals.push(arg);
  }
  return { flags, positionals };
}

const CHECK_FLAGS: FlagSpec[] = [
  { name: 'format', takesValue: true },
  { name: 'fail-on', takesValue: true },
  { name: 'fix', takesValue: false },
  { name: 'fix-unsafe', takesValue: false },
  { name: 'knowledge', takesValue: true },
  { name: 'max-file-size', takesValue: true },
  { name: 'help', short: 'h', takesValue: false },
];

export function parseCheckArgs(args: readonly string[]): CheckOptions {
  const { flags, positionals } = parseArgs(args, CHECK_FLAGS, CHECK_USAGE);
  const format = (flags.get('format') ?? 'text') as string;
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got '${format}')`, CHECK_USAGE);
  const failOn = (flags.get('fail-on') ?? 'error') as string;
  if (!(FAIL_ON as readonly string[]).includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')} (got '${failOn}')`, CHECK_USAGE);
  let maxFileSizeKb: number | undefined;
  const size = flags.get('max-file-size');
  if (typeof size === 'string') {
    maxFileSizeKb = Number(size);
    if (!/^\d+(\.\d+)?$/.test(size) || !Number.isFinite(maxFileSizeKb)) throw new UsageError(`--max-file-size must be a number of KiB (got '${size}')`, CHECK_USAGE);
  }
  const knowledge = flags.get('knowledge');
  return {
    help: flags.has('help'),
    paths: positionals.length > 0 ? positionals : ['.'],
    format: format as Format,
    failOn: failOn as FailOn,
    fix: flags.has('fix') || flags.has('fix-unsafe'),
    fixUnsafe: flags.has('fix-unsafe'),
    knowledge: typeof knowledge === 'string' ? knowledge : undefined,
    maxFileSizeKb,
  };
}

// ---------------------------------------------------------------------------------------------
// check

export async function runCheck(args: readonly string[], io: CliIo): Promise<number> {
  const options = parseCheckArgs(args);
  if (options.help) {
    io.stdout(CHECK_USAGE);
    return 0;
  }
  let prepared: PreparedWorkspace;
  try {
    prepared = prepareWorkspace(options.paths, { cwd: io.cwd, knowledgePath: options.knowledge, maxFileSizeKb: options.maxFileSizeKb });
  } catch (error) {
    if (error instanceof WorkspaceError) {
      for (const problem of error.problems) io.stderr(`pqc-lens: ${problem}\n`);
      return 2;
    }
    throw error;
  }
  const now = new Date();
  const threads = options.fix ? 1 : threadCount(prepared.candidates);
  const { findings, notices, ioFailure, analysed } = (threads > 1 && (await inThreads(prepared, threads, now, io))) || (await checkInProcess(prepared, options, now));
  if (analysed === 0) notices.push({ severity: 'info', message: `no files to analyse in ${options.paths.join(', ')}` });

  const show = (rel: string): string => displayPath(io.cwd, prepared.root, rel);
  const report: CheckReport = {
    findings: findings.map((f) => ({ ...f, file: show(f.file) })).sort(compareFindings),
    notices: notices.map((n) => (n.file !== undefined ? { severity: n.severity, file: show(n.file), message: n.message } : { severity: n.severity, message: n.message })),
    rules: ruleMetas(allRules),
    toolVersion: packageVersion(),
    cwd: io.cwd,
  };
  const output = options.format === 'json' ? formatJson(report) : options.format === 'sarif' ? formatSarif(report) : formatText(report);
  io.stdout(output);

  if (ioFailure) return 2;
  if (options.failOn === 'none') return 0;
  const threshold = SEVERITY_ORDER[options.failOn];
  return findings.some((f) => SEVERITY_ORDER[f.severity] >= threshold) ? 1 : 0;
}

interface CheckOutcome { findings: ReportFinding[]; notices: WorkspaceNotice[]; ioFailure: boolean; analysed: number }

/** The parallel check; undefined (after a line on stderr) when a thread failed, to check in one thread instead. */
async function inThreads(prepared: PreparedWorkspace, threads: number, now: Date, io: CliIo): Promise<CheckOutcome | undefined> {
  try {
    return { ...(await checkInThreads(prepared, threads, now)), ioFailure: false };
  } catch (error) {
    io.stderr(`pqc-lens: the check in ${threads} threads failed (${firstLine(error)}); checking in one thread\n`);
    return undefined;
  }
}

/** The check in this thread (always with --fix, which edits the parsed files): findings with workspace-relative paths. */
async function checkInProcess(prepared: PreparedWorkspace, options: CheckOptions, now: Date): Promise<CheckOutcome> {
  const { engine, files, notices } = await loadPrepared(prepared, { now });
  let ioFailure = false;
  if (options.fix) {
    const outcome = fixWorkspace(engine, files, { unsafe: options.fixUnsafe });
    notices.push(...outcome.notices);
    if (outcome.applied > 0) {
      notices.push({ severity: 'info', message: `applied ${outcome.applied} ${outcome.applied === 1 ? 'fix' : 'fixes'}; ${outcome.written.length} ${outcome.written.length === 1 ? 'file' : 'files'} changed` });
    }
    ioFailure = outcome.writeFailed;
  }
  const findings: ReportFinding[] = [];
  for (const file of files) {
    for (const notice of engine.notices(file.rel)) notices.push({ severity: notice.severity, file: file.rel, message: notice.message });
    try {
      for (const finding of engine.analyze(file.rel)) findings.push(reportFinding(finding, engine.lines(file.rel), file.rel));
    } catch (error) {
      notices.push(analysisFailure(file.rel, error));
    }
  }
  return { findings, notices, ioFailure, analysed: files.length };
}

// ---------------------------------------------------------------------------------------------
// Dispatch

async function runInspectCommand(args: readonly string[], io: CliIo): Promise<number> {
  let module: typeof import('./inspect.js');
  try {
    module = await import('./inspect.js');
  } catch (error) {
    io.stderr(`pqc-lens: inspect is not available in this build (${error instanceof Error ? error.message.split('\n')[0] : String(error)})\n`);
    return 2;
  }
  return module.runInspect([...args], io);
}

/** Runs the command line `args` (without "node" and the script path) and returns the exit code. */
export async function main(args: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    const [command, ...rest] = args;
    switch (command) {
      case undefined:
        io.stderr(USAGE);
        return 2;
      case '-h':
      case '--help':
      case 'help':
        io.stdout(USAGE);
        return 0;
      case '-v':
      case '--version':
        io.stdout(`${packageVersion()}\n`);
        return 0;
      case 'check':
        return await runCheck(rest, io);
      case 'inspect':
        return await runInspectCommand(rest, io);
      case 'inventory':
        return await (await import('./inventory.js')).runInventory(rest, io);
      default:
        throw new UsageError(command.startsWith('-') ? `unknown option '${command}' (expected a command first)` : `unknown command '${command}'`, USAGE);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`pqc-lens: ${error.message}\n\n${error.usage ?? USAGE}`);
      return 2;
    }
    io.stderr(`pqc-lens: internal error: ${internalMessage(error)}\n`);
    return 2;
  }
}

function internalMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] || 'unknown error';
}

/**
 * Entry point of bin/pqc-lens.js: runs `main` on process.argv and sets the exit code, turning
 * anything unexpected (including broken pipes and errors thrown outside `main`) into one line.
 */
export async function run(): Promise<void> {
  const fail = (error: unknown): void => {
    process.stderr.write(`pqc-lens: internal error: ${internalMessage(error)}\n`);
    process.exit(2);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    // The reader went away (`pqc-lens check | head`): drop the rest, keep the exit code.
    if (error.code !== 'EPIPE') fail(error);
  });
  process.exitCode = await main(process.argv.slice(2));
}

