// `pqc-lens check --fix`: applies fixes to the analysed text in passes until none is left,
// checks every result still parses, and writes the changed files back.
import { chmodSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { applyEdits } from '../core/edits.js';
import type { Engine } from '../core/engine.js';
import type { Finding, Fix, TextEdit } from '../core/types.js';
import { ioReason, type WorkspaceFile, type WorkspaceNotice } from '../node/workspace.js';

/** Enough for fixes that enable other fixes; a rule set that keeps rewriting is stopped here. */
export const MAX_FIX_PASSES = 5;

export interface FixOptions {
  /** Also apply fixes marked unsafe. */
  unsafe: boolean;
}

export interface FixOutcome {
  /** Number of fixes applied, over all passes and files. */
  applied: number;
  /** Workspace-relative paths of files written. */
  written: string[];
  notices: WorkspaceNotice[];
  /** True when a file could not be written (the CLI exits with 2). */
  writeFailed: boolean;
}

/**
 * Chooses, for one analysis of one file, the fixes to apply together: per finding its first
 * eligible fix (a safe one first), and only fixes whose edits do not overlap edits already
 * chosen (identical edits proposed twice count once). Skipped fixes get another chance in the
 * next pass, against the new text.
 */
export function selectFixes(findings: readonly Finding[], options: FixOptions, rejected: ReadonlySet<string> = new Set()): { fixes: Fix[]; edits: TextEdit[] } {
  const candidates: Fix[] = [];
  for (const finding of findings) {
    const eligible = finding.fixes.filter((fix) => fix.edits.length > 0 && (fix.safe || options.unsafe) && !rejected.has(fixKey(fix)));
    const choice = eligible.find((fix) => fix.safe) ?? eligible[0];
    if (choice) candidates.push(choice);
  }
  candidates.sort((a, b) => firstStart(a) - firstStart(b));
  const chosen: Fix[] = [];
  const edits: TextEdit[] = [];
  for (const fix of candidates) {
    const fresh: TextEdit[] = [];
    let conflict = false;
    for (const edit of fix.edits) {
      if (edit.span.end < edit.span.start) {
        conflict = true;
        break;
      }
      if (edits.some((e) => sameEdit(e, edit)) || fresh.some((e) => sameEdit(e, edit))) continue;
      if (edits.some((e) => overlaps(e, edit)) || fresh.some((e) => overlaps(e, edit))) {
        conflict = true;
        break;
      }
      fresh.push(edit);
    }
    if (conflict) continue;
    chosen.push(fix);
    edits.push(...fresh);
  }
  edits.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { fixes: chosen, edits };
}

/**
 * Applies fixes inside the engine (in memory) until no eligible fix remains or MAX_FIX_PASSES
 * passes ran. A batch of fixes that would make a parseable file unparseable is retried fix by
 * fix; a fix that breaks the file on its own is not applied and is reported.
 * Returns the files whose text changed, with the fix count.
 */
export function applyFixesInEngine(engine: Engine, paths: readonly string[], options: FixOptions): { changed: Set<string>; applied: number; notices: WorkspaceNotice[] } {
  const changed = new Set<string>();
  const notices: WorkspaceNotice[] = [];
  const rejected = new Map<string, Set<string>>();
  let applied = 0;
  let pass = 0;
  for (; pass < MAX_FIX_PASSES; pass++) {
    let progress = false;
    for (const path of paths) {
      const file = engine.file(path);
      if (!file || file.kind === 'der' || file.kind === 'unknown') continue;
      const rejectedHere = rejected.get(path) ?? new Set<string>();
      rejected.set(path, rejectedHere);
      const { fixes, edits } = selectFixes(engine.analyze(path), options, rejectedHere);
      if (edits.length === 0) continue;
      const before = file.text;
      const parsedBefore = file.syntaxErrors.length === 0;
      const next = applyEdits(before, edits).text;
      if (next === before) continue;
      engine.setFile(path, next);
      if (!parsedBefore || parses(engine, path)) {
        applied += fixes.length;
        changed.add(path);
        progress = true;
        continue;
      }
      // The batch breaks the file: fall back to one fix at a time.
      engine.setFile(path, before);
      for (const fix of fixes) {
        const current = engine.file(path)!.text;
        const attempt = applyEdits(current, fix.edits);
        if (attempt.skipped.length > 0 || attempt.text === current) continue; // stale after an earlier fix; next pass
        engine.setFile(path, attempt.text);
        if (parses(engine, path)) {
          applied++;
          changed.add(path);
          progress = true;
        } else {
          const problem = engine.file(path)!.syntaxErrors[0]?.message ?? 'syntax error';
          engine.setFile(path, current);
          rejectedHere.add(fixKey(fix));
          notices.push({ severity: 'warning', file: path, message: `fix "${fix.title}" was not applied: the result would not parse (${problem}); please change this by hand` });
        }
      }
    }
    if (!progress) break;
  }
  if (pass === MAX_FIX_PASSES) {
    const pending = paths.filter((p) => selectFixes(engine.analyze(p), options, rejected.get(p)).edits.length > 0);
    for (const path of pending) notices.push({ severity: 'warning', file: path, message: `fixes still pending after ${MAX_FIX_PASSES} passes; run --fix again and review the result` });
  }
  const seen = new Set<string>();
  const unique = notices.filter((n) => {
    const key = `${n.file}\0${n.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { changed, applied, notices: unique };
}

/** Runs the fix passes and writes changed files back (keeping a UTF-8 BOM and the file mode). */
export function fixWorkspace(engine: Engine, files: readonly WorkspaceFile[], options: FixOptions): FixOutcome {
  const { changed, applied, notices } = applyFixesInEngine(engine, files.map((f) => f.rel), options);
  const written: string[] = [];
  let writeFailed = false;
  for (const file of files) {
    if (!changed.has(file.rel)) continue;
    const text = engine.file(file.rel)?.text;
    if (text === undefined) continue;
    const bom = file.bytes.length >= 3 && file.bytes[0] === 0xef && file.bytes[1] === 0xbb && file.bytes[2] === 0xbf;
    const bytes = Buffer.from((bom ? '\ufeff' : '') + text, 'utf8');
    if (Buffer.from(file.bytes).equals(bytes)) continue;
    try {
      writeAtomically(file.abs, bytes);
      written.push(file.rel);
    } catch (error) {
      writeFailed = true;
      notices.push({ severity: 'error', file: file.rel, message: `fixes not saved: cannot write the file (${ioReason(error)})` });
    }
  }
  return { applied, written, notices, writeFailed };
}

function writeAtomically(path: string, bytes: Buffer): void {
  // Write through symbolic links to the file they point at, via a temporary file next to it.
  let target = path;
  try {
    target = realpathSync(path);
  } catch {
    // keep the path as given
  }
  const mode = statSync(target).mode & 0o7777;
  const temp = join(dirname(target), `.${basename(target)}.pqc-lens-${process.pid}.tmp`);
  try {
    writeFileSync(temp, bytes, { mode });
    chmodSync(temp, mode);
    renameSync(temp, target);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // nothing to clean up
    }
    throw error;
  }
}

function parses(engine: Engine, path: string): boolean {
  return (engine.file(path)?.syntaxErrors.length ?? 1) === 0;
}

function fixKey(fix: Fix): string {
  return JSON.stringify([fix.title, fix.edits.map((e) => [e.span.start, e.span.end, e.newText])]);
}

function firstStart(fix: Fix): number {
  return Math.min(...fix.edits.map((e) => e.span.start));
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.span.start === b.span.start && a.span.end === b.span.end && a.newText === b.newText;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.span.start === a.span.end && b.span.start === b.span.end) return a.span.start === b.span.start; // two inserts at one point
  if (a.span.start === a.span.end) return a.span.start > b.span.start && a.span.start < b.span.end;
  if (b.span.start === b.span.end) return b.span.start > a.span.start && b.span.start < a.span.end;
  return a.span.start < b.span.end && b.span.start < a.span.end;
}
