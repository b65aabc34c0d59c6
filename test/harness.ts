// Builds engines over in-memory files or fixture folders for rule tests.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Engine } from '../server/src/core/engine.js';
import { loadKnowledge } from '../server/src/core/knowledge-load.js';
import type { Knowledge } from '../server/src/core/knowledge.js';
import type { LensConfig } from '../server/src/core/config.js';
import { DEFAULT_CONFIG } from '../server/src/core/config.js';
import { applyEdits } from '../server/src/core/edits.js';
import type { Finding, Fix } from '../server/src/core/types.js';
import { createHclParser } from '../server/src/node/hcl.js';
import { repoRoot } from './helpers.js';

/** The clock every rule test runs at, so expiry findings do not depend on the day CI runs. */
export const TEST_NOW = new Date('2026-06-01T00:00:00Z');

let knowledgeCache: Knowledge | undefined;
export function defaultKnowledge(): Knowledge {
  if (!knowledgeCache) {
    const { knowledge, problems } = loadKnowledge(JSON.parse(readFileSync(join(repoRoot, 'schemas', 'knowledge.json'), 'utf8')));
    if (!knowledge) throw new Error(problems.join('\n'));
    knowledgeCache = knowledge;
  }
  return knowledgeCache;
}

export async function engineFor(files: Record<string, string | Uint8Array>, config: Partial<LensConfig> = {}): Promise<Engine> {
  const engine = new Engine({ knowledge: defaultKnowledge(), config: { ...DEFAULT_CONFIG, ...config }, hcl: await createHclParser(), now: TEST_NOW });
  for (const [path, content] of Object.entries(files)) engine.setFile(path, content);
  return engine;
}

/** Reads every file under `dir` (paths relative to it, posix separators). */
export function readTree(dir: string): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(dir, full).split(sep).join('/')] = readFileSync(full);
    }
  };
  walk(dir);
  return out;
}

export async function engineForDir(dir: string, config: Partial<LensConfig> = {}): Promise<Engine> {
  return engineFor(readTree(dir), config);
}

export function findingsOf(engine: Engine, ruleId?: string): Finding[] {
  return engine.paths().flatMap((p) => engine.analyze(p)).filter((f) => ruleId === undefined || f.ruleId === ruleId);
}

/** Applies a fix to its file in the engine and returns the new text. */
export function applyFix(engine: Engine, finding: Finding, fix: Fix): string {
  const before = engine.file(finding.file)!.text;
  const { text } = applyEdits(before, fix.edits);
  engine.setFile(finding.file, text);
  return text;
}
