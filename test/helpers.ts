// Paths shared by the tests: tests run from out/test/, fixtures and corpus stay in the source tree.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json')) || dir.endsWith('/out') || existsSync(join(dir, 'tsconfig.json')) === false) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('repository root not found');
    dir = parent;
  }
  return dir;
}

export const repoRoot = findRoot(dirname(fileURLToPath(import.meta.url)));
/** Third-party vectors and configs, verbatim (see test/corpus/PROVENANCE.md). */
export const corpusDir = join(repoRoot, 'test', 'corpus');
export const fixturesDir = join(repoRoot, 'test', 'fixtures');
