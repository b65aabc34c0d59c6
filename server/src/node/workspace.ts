// The file-system shell around the engine, shared by the CLI and the language server: finds the
// workspace root and its .pqc-lens.yaml, loads the knowledge table, walks the given paths and
// hands every candidate file to a new Engine. Problems with single files become notices; only
// problems that make the whole run meaningless (missing path, bad config, unusable knowledge
// table) are thrown, as a WorkspaceError with one readable line per problem.
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONFIG, parseConfig, type LensConfig } from '../core/config.js';
import { isCandidateName } from '../core/detect.js';
import { Engine } from '../core/engine.js';
import type { HclTreeSitter } from '../core/formats/hcl.js';
import type { Knowledge } from '../core/knowledge.js';
import { loadKnowledge } from '../core/knowledge-load.js';
import type { Rule } from '../core/rule.js';
import type { Severity } from '../core/types.js';

export const CONFIG_FILE_NAME = '.pqc-lens.yaml';
/** Directory names never descended into. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['node_modules', '.git', 'out', 'dist']);

export interface WorkspaceNotice {
  severity: Severity;
  /** Workspace-relative posix path, when the notice is about one file or folder. */
  file?: string;
  message: string;
}

export interface WorkspaceOptions {
  /** Directory relative paths are resolved against; default process.cwd(). */
  cwd?: string;
  /** `--knowledge FILE` (relative to cwd); wins over `knowledge:` in the config file. */
  knowledgePath?: string;
  /** `--max-file-size KB`; wins over `maxFileSizeKb` in the config file. 0 disables the limit. */
  maxFileSizeKb?: number;
  /** Analysis clock for the engine. */
  now?: Date;
  /** Replaces the built-in rules (tests). */
  rules?: readonly Rule[];
  /**
   * HCL parser for SPIRE files. Undefined: created on demand with createHclParser();
   * null: run without one (SPIRE files get a notice).
   */
  hcl?: HclTreeSitter | null;
}

/** A file the walk found to analyse, not read yet. */
export interface CandidateFile {
  /** Key in the engine and in findings: path relative to the workspace root, posix separators. */
  rel: string;
  /** Absolute path as walked (may go through symbolic links). */
  abs: string;
  /** Size in bytes when walked. */
  size: number;
}

export interface WorkspaceFile extends CandidateFile {
  /** The bytes read from disk. */
  bytes: Uint8Array;
}

export interface LoadedWorkspace {
  engine: Engine;
  /** Absolute path of the workspace root: where .pqc-lens.yaml was found, else cwd. */
  root: string;
  config: LensConfig;
  configPath?: string;
  knowledgePath: string;
  files: WorkspaceFile[];
  notices: WorkspaceNotice[];
}

/** Thrown for problems that stop the run (the CLI exits with code 2). */
export class WorkspaceError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'WorkspaceError';
  }
}

// ---------------------------------------------------------------------------------------------
// Package resources

let packageRootCache: string | undefined;

/** The directory of PQC Lens's own package.json (works from out/, dist/ and the sources). */
export function packageRoot(): string {
  if (packageRootCache) return packageRootCache;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'pqc-lens') return (packageRootCache = dir);
      } catch {
        // not ours; keep looking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new WorkspaceError(['cannot locate the pqc-lens package (package.json) next to the program']);
    dir = parent;
  }
}

export function packageVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export function defaultKnowledgePath(): string {
  return join(packageRoot(), 'schemas', 'knowledge.json');
}

// ---------------------------------------------------------------------------------------------
// Configuration and knowledge

/**
 * The workspace root: the nearest folder holding .pqc-lens.yaml, searched upwards from the first
 * path (or from cwd when no path is given), then cwd itself; cwd when there is none.
 */
export function findWorkspaceRoot(cwd: string, firstPath?: string): { root: string; configPath?: string } {
  const starts: string[] = [];
  if (firstPath !== undefined) {
    const abs = resolve(cwd, firstPath);
    starts.push(isDirectory(abs) ? abs : dirname(abs));
  }
  starts.push(cwd);
  for (const start of starts) {
    let dir = start;
    for (;;) {
      const candidate = join(dir, CONFIG_FILE_NAME);
      if (existsSync(candidate)) return { root: dir, configPath: candidate };
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return { root: cwd };
}

/** `display` is how problems name the file (default: the path as given). */
export function readConfig(configPath: string | undefined, display: string = configPath ?? CONFIG_FILE_NAME): { config: LensConfig; problems: string[] } {
  if (!configPath) return { config: { ...DEFAULT_CONFIG, rules: {}, exclude: [] }, problems: [] };
  let text: string;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch (error) {
    return { config: { ...DEFAULT_CONFIG, rules: {}, exclude: [] }, problems: [`${display}: cannot read (${ioReason(error)})`] };
  }
  const { config, problems } = parseConfig(text);
  // parseConfig names the file ".pqc-lens.yaml"; say which one.
  return { config, problems: problems.map((p) => p.replace(/^\.pqc-lens\.yaml/, display)) };
}

/** Reads and validates a knowledge table; problems are complete sentences naming the file. */
export function readKnowledge(path: string, display: string = path): { knowledge?: Knowledge; problems: string[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { problems: [`knowledge table ${display}: cannot read (${ioReason(error)})`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problems: [`knowledge table ${display}: not valid JSON (${firstLine(error)})`] };
  }
  const { knowledge, problems } = loadKnowledge(json);
  if (!knowledge) return { problems: problems.length > 0 ? problems.map((p) => `${display}: ${p}`) : [`knowledge table ${display}: not usable`] };
  return { knowledge, problems: problems.map((p) => `${display}: ${p}`) };
}

// ---------------------------------------------------------------------------------------------
// Globs: `**` any number of folders, `*` and `?` within one path segment. A pattern without a
// slash matches a file or folder name at any depth; a leading slash anchors it to the root; a
// trailing slash matches folders only. Matching a folder excludes everything below it.

export interface GlobMatcher {
  /** `path` is workspace-relative with posix separators. */
  matches(path: string, isDirectory?: boolean): boolean;
}

export function compileGlobs(patterns: readonly string[]): GlobMatcher {
  const compiled = patterns.map(compileGlob).filter((g): g is CompiledGlob => g !== undefined);
  return {
    matches(path, isDir = false) {
      const segments = path.split('/').filter((s) => s.length > 0 && s !== '.');
      // Test the path itself and every ancestor folder.
      for (let n = segments.length; n >= 1; n--) {
        const candidate = segments.slice(0, n).join('/');
        const candidateIsDir = n < segments.length || isDir;
        if (compiled.some((g) => (!g.dirOnly || candidateIsDir) && g.regex.test(candidate))) return true;
      }
      return false;
    },
  };
}

interface CompiledGlob { regex: RegExp; dirOnly: boolean }

function compileGlob(pattern: string): CompiledGlob | undefined {
  let glob = pattern.trim().replace(/\\/g, '/');
  if (glob.length === 0 || glob.startsWith('#')) return undefined;
  while (glob.startsWith('./')) glob = glob.slice(2);
  const anchored = glob.startsWith('/');
  if (anchored) glob = glob.slice(1);
  const dirOnly = glob.endsWith('/');
  glob = glob.replace(/\/+$/, '');
  if (glob.length === 0) return undefined;
  let body = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const atSegmentStart = i === 0 || glob[i - 1] === '/';
      i++;
      if (atSegmentStart && glob[i + 1] === '/') {
        body += '(?:[^/]*/)*'; // "**/": zero or more folders
        i++;
      } else if (atSegmentStart && i === glob.length - 1) {
        body += '.*'; // trailing "**": everything below
      } else {
        body += '[^/]*'; // "**" inside a segment behaves like "*"
      }
    } else if (c === '*') body += '[^/]*';
    else if (c === '?') body += '[^/]';
    else body += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const anyDepth = !anchored && !glob.includes('/');
  return { regex: new RegExp(`^${anyDepth ? '(?:[^/]*/)*' : ''}${body}$`), dirOnly };
}

// ---------------------------------------------------------------------------------------------
// Walking

interface CollectOptions {
  cwd: string;
  root: string;
  exclude: GlobMatcher;
  maxBytes: number;
}

export function collectFiles(paths: readonly string[], options: CollectOptions): { files: WorkspaceFile[]; notices: WorkspaceNotice[]; missing: string[] } {
  const { candidates, notices, missing } = findCandidates(paths, options);
  const read = readCandidates(candidates);
  return { files: read.files, notices: [...notices, ...read.notices], missing };
}

/** Reads the candidate files; notices for those that cannot be read. */
export function readCandidates(candidates: readonly CandidateFile[]): { files: WorkspaceFile[]; notices: WorkspaceNotice[] } {
  const files: WorkspaceFile[] = [];
  const notices: WorkspaceNotice[] = [];
  for (const candidate of candidates) {
    const read = readCandidate(candidate);
    if ('bytes' in read) files.push(read);
    else notices.push(read);
  }
  return { files, notices };
}

/** Reads a candidate file; a notice when it cannot be read. */
export function readCandidate(candidate: CandidateFile): WorkspaceFile | WorkspaceNotice {
  try {
    const buffer = readFileSync(candidate.abs);
    return { ...candidate, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) };
  } catch (error) {
    return { severity: 'warning', file: candidate.rel, message: `skipped: cannot read the file (${ioReason(error)})` };
  }
}

/** Walks `paths` for candidate files (names, excludes, size limit, links), reading none of them. */
export function findCandidates(paths: readonly string[], options: CollectOptions): { candidates: CandidateFile[]; notices: WorkspaceNotice[]; missing: string[] } {
  const candidates: CandidateFile[] = [];
  const notices: WorkspaceNotice[] = [];
  const missing: string[] = [];
  const visitedDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const rel = (abs: string): string => toPosix(relative(options.root, abs)) || '.';
  // Symbolic links are followed only while they stay inside the workspace root or the folder being
  // walked: a link to / or to the home folder must not turn a scan of a repository into a scan of
  // the machine (slow, and it would read files such as ~/.kube/config the user never pointed at).
  const realRoot = realpathOr(options.root);
  let bounds: string[] = [realRoot];
  const inBounds = (real: string): boolean => bounds.some((b) => real === b || real.startsWith(b.endsWith(sep) ? b : b + sep));

  /** `knownReal`: the file's real path when its folder's is known and it is no link. */
  const addFile = (abs: string, stats: Stats, explicit: boolean, knownReal?: string): void => {
    const relPath = rel(abs);
    if (!explicit && !isCandidateName(abs)) return;
    if (options.exclude.matches(relPath)) {
      if (explicit) notices.push({ severity: 'info', file: relPath, message: 'skipped: matches an exclude pattern in .pqc-lens.yaml' });
      return;
    }
    let real: string;
    try {
      real = knownReal ?? realpathSync(abs);
    } catch {
      real = abs;
    }
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    if (options.maxBytes > 0 && stats.size > options.maxBytes) {
      notices.push({
        severity: 'info',
        file: relPath,
        message: `skipped: ${formatKib(stats.size)} is over the size limit of ${formatKib(options.maxBytes)} (set maxFileSizeKb in .pqc-lens.yaml or --max-file-size)`,
      });
      return;
    }
    candidates.push({ rel: relPath, abs, size: stats.size });
  };

  /** `knownReal`: the folder's real path when its parent's is known and it is no link (no system call then). */
  const walk = (dir: string, active: string[], knownReal?: string): void => {
    let real: string;
    try {
      real = knownReal ?? realpathSync(dir);
    } catch (error) {
      notices.push({ severity: 'warning', file: rel(dir), message: `skipped folder: ${ioReason(error)}` });
      return;
    }
    if (active.includes(real)) {
      notices.push({ severity: 'warning', file: rel(dir), message: 'skipped folder: symbolic link loop (it leads back to a folder being scanned)' });
      return;
    }
    if (visitedDirs.has(real)) return; // reached twice through links: already scanned
    visitedDirs.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      notices.push({ severity: 'warning', file: rel(dir), message: `skipped folder: cannot list it (${ioReason(error)})` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const inner = [...active, real];
    for (const entry of entries) {
      const full = join(dir, entry.name);
      // Folders and files that are no links need no system call to be told apart, and only
      // candidates need their size (a repository's other files are most of its entries).
      if (entry.isDirectory()) {
        if (SKIPPED_DIRECTORIES.has(entry.name) || options.exclude.matches(rel(full), true)) continue;
        walk(full, inner, join(real, entry.name));
        continue;
      }
      if (entry.isFile() && !isCandidateName(entry.name)) continue;
      let stats: Stats;
      let isLink = false;
      try {
        isLink = entry.isSymbolicLink();
        stats = isLink ? statSync(full) : lstatSync(full);
      } catch (error) {
        if (isLink) {
          if (isCandidateName(entry.name)) notices.push({ severity: 'warning', file: rel(full), message: `skipped: broken symbolic link (${ioReason(error)})` });
        } else {
          notices.push({ severity: 'warning', file: rel(full), message: `skipped: ${ioReason(error)}` });
        }
        continue;
      }
      if (isLink && (stats.isDirectory() || isCandidateName(entry.name))) {
        const target = realpathOr(full);
        if (!inBounds(target)) {
          notices.push({ severity: 'info', file: rel(full), message: `skipped: symbolic link to ${toPosix(target)}, outside the folder being analysed` });
          continue;
        }
      }
      if (stats.isDirectory()) {
        if (SKIPPED_DIRECTORIES.has(entry.name)) continue;
        if (options.exclude.matches(rel(full), true)) continue;
        walk(full, inner);
      } else if (stats.isFile()) {
        addFile(full, stats, false, isLink ? undefined : join(real, entry.name));
      }
    }
  };

  for (const input of paths) {
    const abs = resolve(options.cwd, input);
    let stats: Stats;
    try {
      stats = statSync(abs);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') missing.push(`${input}: no such file or folder`);
      else if (code === 'ELOOP') missing.push(`${input}: symbolic link loop`);
      else missing.push(`${input}: ${ioReason(error)}`);
      continue;
    }
    if (stats.isDirectory()) {
      bounds = [realRoot, realpathOr(abs)];
      walk(abs, []);
    } else if (stats.isFile()) addFile(abs, stats, true);
    else missing.push(`${input}: not a regular file or folder`);
  }
  return { candidates, notices, missing };
}

// ---------------------------------------------------------------------------------------------
// Putting it together

/** Everything a run needs before files are read: settings, knowledge and the files to analyse. */
export interface PreparedWorkspace {
  cwd: string;
  root: string;
  config: LensConfig;
  configPath?: string;
  knowledge: Knowledge;
  knowledgePath: string;
  candidates: CandidateFile[];
  notices: WorkspaceNotice[];
}

export function prepareWorkspace(paths: readonly string[], options: WorkspaceOptions = {}): PreparedWorkspace {
  const cwd = resolve(options.cwd ?? process.cwd());
  const inputs = paths.length > 0 ? paths : ['.'];
  const { root, configPath } = findWorkspaceRoot(cwd, inputs[0]);
  const show = (abs: string): string => displayPath(cwd, cwd, abs);
  const { config, problems: configProblems } = readConfig(configPath, configPath && show(configPath));
  if (options.maxFileSizeKb !== undefined) config.maxFileSizeKb = options.maxFileSizeKb;

  const knowledgePath = options.knowledgePath !== undefined
    ? resolve(cwd, options.knowledgePath)
    : config.knowledge !== undefined
      ? resolve(root, config.knowledge)
      : defaultKnowledgePath();
  const { knowledge, problems: knowledgeProblems } = readKnowledge(knowledgePath, show(knowledgePath));
  const fatal = [...configProblems, ...(knowledge ? [] : knowledgeProblems)];
  if (fatal.length > 0 || !knowledge) throw new WorkspaceError(fatal);

  const { candidates, notices, missing } = findCandidates(inputs, {
    cwd,
    root,
    exclude: compileGlobs(config.exclude),
    maxBytes: Math.round(config.maxFileSizeKb * 1024),
  });
  if (missing.length > 0) throw new WorkspaceError(missing);
  // Knowledge problems that did not prevent loading (none today) are still worth showing.
  for (const problem of knowledgeProblems) notices.push({ severity: 'warning', message: problem });
  return { cwd, root, config, configPath, knowledge, knowledgePath, candidates, notices };
}

/** True when some candidate is a SPIRE configuration (the HCL parser is loaded only then). */
export function needsHcl(files: readonly CandidateFile[]): boolean {
  return files.some((f) => /\.(conf|hcl)$/i.test(f.rel));
}

export async function loadWorkspace(paths: readonly string[], options: WorkspaceOptions = {}): Promise<LoadedWorkspace> {
  return loadPrepared(prepareWorkspace(paths, options), options);
}

/** Reads and parses the prepared workspace's files into a new Engine. */
export async function loadPrepared(prepared: PreparedWorkspace, options: Pick<WorkspaceOptions, 'hcl' | 'now' | 'rules'> = {}): Promise<LoadedWorkspace> {
  const { root, config, configPath, knowledge, knowledgePath } = prepared;
  const { files, notices: unreadable } = readCandidates(prepared.candidates);
  const notices = [...prepared.notices, ...unreadable];

  let hcl: HclTreeSitter | undefined;
  if (options.hcl === undefined) {
    if (needsHcl(files)) {
      const created = await createHcl();
      hcl = created.parser;
      if (created.problem) notices.push({ severity: 'warning', message: `SPIRE configuration files are not analysed: ${created.problem}` });
    }
  } else if (options.hcl !== null) {
    hcl = options.hcl;
  }

  const engine = new Engine({ knowledge, config, hcl, now: options.now ?? new Date(), rules: options.rules });
  for (const file of files) {
    try {
      engine.setFile(file.rel, file.bytes);
    } catch (error) {
      notices.push(parseFailure(file.rel, error));
    }
  }
  return { engine, root, config, configPath, knowledgePath, files, notices };
}

/** The core promises not to throw; if it does, one file must not stop the run. */
export function parseFailure(rel: string, error: unknown): WorkspaceNotice {
  return { severity: 'error', file: rel, message: `not analysed: internal error while parsing (${firstLine(error)})` };
}

export function analysisFailure(rel: string, error: unknown): WorkspaceNotice {
  return { severity: 'error', file: rel, message: `not analysed: internal error (${firstLine(error)})` };
}

/** The HCL parser, or why it could not be loaded. */
export async function createHcl(): Promise<{ parser?: HclTreeSitter; problem?: string }> {
  try {
    const module = await import('./hcl.js');
    return { parser: await module.createHclParser() };
  } catch (error) {
    return { problem: `the HCL parser could not be loaded (${firstLine(error)})` };
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** A path for people: relative to `cwd` when inside it, posix separators. */
export function displayPath(cwd: string, root: string, rel: string): string {
  const abs = isAbsolute(rel) ? rel : resolve(root, rel);
  const out = toPosix(relative(cwd, abs));
  return out.length > 0 ? out : '.';
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function formatKib(bytes: number): string {
  const kib = bytes / 1024;
  return `${kib >= 10 ? Math.round(kib) : Math.round(kib * 10) / 10} KiB`;
}

export function ioReason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT': return 'not found';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'ELOOP': return 'symbolic link loop';
    case 'EISDIR': return 'is a folder';
    case 'ENOTDIR': return 'not a folder';
    case 'EMFILE':
    case 'ENFILE': return 'too many open files';
    default: return firstLine(error);
  }
}

export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0];
}
