// The language server's workspace walk: the same files as collectFiles() in workspace.ts (folders
// in SKIPPED_DIRECTORIES and those matching an exclude glob are not entered, candidate names only,
// the size limit, symbolic links followed with loops detected, a file reached twice read once), but
// with asynchronous file-system calls, so that the server keeps answering requests and analysing
// open documents while a large workspace is read. Problems with single files become notices.
import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isCandidateName } from '../core/detect.js';
import { ioReason, SKIPPED_DIRECTORIES, toPosix, type GlobMatcher, type WorkspaceFile, type WorkspaceNotice } from './workspace.js';

export interface ReadOptions {
  exclude: GlobMatcher;
  /** Files larger than this many bytes are skipped with a notice; 0 = no limit. */
  maxBytes: number;
  /** Checked between folders: true stops the walk (a newer scan replaced this one). */
  cancelled?: () => boolean;
}

/** How many files of one folder are read at the same time. */
const PARALLEL_READS = 16;

export async function readWorkspace(root: string, options: ReadOptions): Promise<{ files: WorkspaceFile[]; notices: WorkspaceNotice[]; cancelled: boolean }> {
  const files: WorkspaceFile[] = [];
  const notices: WorkspaceNotice[] = [];
  const visitedDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const rel = (abs: string): string => toPosix(relative(root, abs)) || '.';
  let cancelled = false;

  const readOne = async (abs: string, stats: Stats): Promise<WorkspaceFile | undefined> => {
    const relPath = rel(abs);
    if (options.maxBytes > 0 && stats.size > options.maxBytes) {
      notices.push({ severity: 'info', file: relPath, message: `skipped: ${Math.round(stats.size / 1024)} KiB is over the size limit of ${Math.round(options.maxBytes / 1024)} KiB` });
      return undefined;
    }
    try {
      const buffer = await readFile(abs);
      return { rel: relPath, abs, size: buffer.byteLength, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) };
    } catch (error) {
      notices.push({ severity: 'warning', file: relPath, message: `skipped: cannot read the file (${ioReason(error)})` });
      return undefined;
    }
  };

  const walk = async (dir: string, active: readonly string[]): Promise<void> => {
    if (options.cancelled?.()) {
      cancelled = true;
      return;
    }
    let real: string;
    try {
      real = await realpath(dir);
    } catch (error) {
      notices.push({ severity: 'warning', file: rel(dir), message: `skipped folder: ${ioReason(error)}` });
      return;
    }
    if (active.includes(real)) {
      notices.push({ severity: 'warning', file: rel(dir), message: 'skipped folder: symbolic link loop (it leads back to a folder being scanned)' });
      return;
    }
    if (visitedDirs.has(real)) return;
    visitedDirs.add(real);
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      notices.push({ severity: 'warning', file: rel(dir), message: `skipped folder: cannot list it (${ioReason(error)})` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const inner = [...active, real];
    const pending: { abs: string; stats: Stats }[] = [];
    const flush = async (): Promise<void> => {
      for (let i = 0; i < pending.length; i += PARALLEL_READS) {
        for (const file of await Promise.all(pending.slice(i, i + PARALLEL_READS).map((p) => readOne(p.abs, p.stats)))) if (file) files.push(file);
      }
      pending.length = 0;
    };
    for (const entry of entries) {
      const full = join(dir, entry.name);
      const isLink = entry.isSymbolicLink();
      let stats: Stats;
      try {
        stats = isLink ? await stat(full) : await lstat(full);
      } catch (error) {
        if (!isLink || isCandidateName(entry.name)) notices.push({ severity: 'warning', file: rel(full), message: isLink ? `skipped: broken symbolic link (${ioReason(error)})` : `skipped: ${ioReason(error)}` });
        continue;
      }
      if (stats.isDirectory()) {
        if (SKIPPED_DIRECTORIES.has(entry.name) || options.exclude.matches(rel(full), true)) continue;
        await flush(); // files stay in walk order: this folder's files before the subfolder's
        await walk(full, inner);
      } else if (stats.isFile()) {
        if (!isCandidateName(full) || options.exclude.matches(rel(full))) continue;
        let realFile = full;
        try {
          realFile = await realpath(full);
        } catch {
          // keep the path as walked
        }
        if (seenFiles.has(realFile)) continue;
        seenFiles.add(realFile);
        pending.push({ abs: full, stats });
      }
    }
    await flush();
  };

  await walk(root, []);
  return { files, notices, cancelled };
}
