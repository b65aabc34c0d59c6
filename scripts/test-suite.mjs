// Test suites that stay out of `npm test` (they are gated by an environment variable, so `npm test`
// shows them as skipped):
//   node scripts/test-suite.mjs ui     headless Chromium webview tests (test/ui/), PQC_LENS_UI=1
//   node scripts/test-suite.mjs slow   20,000-file workspace and server memory (test/slow/), PQC_LENS_SLOW=1
// Builds first unless --no-build is given (CI runs them right after `npm test`, which built).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SUITES = {
  ui: { dir: 'out/test/ui/', env: { PQC_LENS_UI: '1' } },
  slow: { dir: 'out/test/slow/', env: { PQC_LENS_SLOW: '1' } },
};
const [name, ...flags] = process.argv.slice(2);
const suite = SUITES[name];
if (!suite) {
  console.error(`usage: node scripts/test-suite.mjs ${Object.keys(SUITES).join('|')} [--no-build]`);
  process.exit(2);
}
if (!flags.includes('--no-build') || !existsSync(join(root, suite.dir))) {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=1', suite.dir], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ...suite.env },
});
process.exit(result.status ?? 1);
