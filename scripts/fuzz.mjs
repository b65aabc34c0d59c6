// Long fuzz campaigns: `npm run fuzz -- --runs 20000 [--seed N] [--time-limit-ms 1000] [--max-seed-kb 1024] [--no-build]`.
// Runs the same properties as `npm test` (test/fuzz/*.test.ts) with more cases, a fresh seed
// (printed, so a failure can be reproduced with --seed) and the strict 1 s per-file limit.
// A failing case is shrunk by fast-check and saved to test/fixtures/fuzz-regressions/, where
// test/fuzz/regressions.test.ts replays it in every `npm test`.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const options = { runs: 2000, seed: Math.floor(Math.random() * 2 ** 31), timeLimitMs: 1000, maxSeedKb: 1024, build: true };

for (let i = 0; i < args.length; i++) {
  const [flag, inline] = args[i].split('=', 2);
  const value = () => inline ?? args[++i];
  switch (flag) {
    case '--runs': options.runs = Number(value()); break;
    case '--seed': options.seed = Number(value()); break;
    case '--time-limit-ms': options.timeLimitMs = Number(value()); break;
    case '--max-seed-kb': options.maxSeedKb = Number(value()); break;
    case '--no-build': options.build = false; break;
    case '-h':
    case '--help':
      console.log('usage: npm run fuzz -- [--runs N] [--seed N] [--time-limit-ms MS] [--max-seed-kb KB] [--no-build]');
      process.exit(0);
      break;
    default:
      console.error(`fuzz: unknown option ${args[i]}`);
      process.exit(2);
  }
}
for (const [name, v] of Object.entries(options)) {
  if (typeof v === 'number' && !(Number.isFinite(v) && v >= 0)) {
    console.error(`fuzz: --${name} must be a non-negative number`);
    process.exit(2);
  }
}

if (options.build) {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

console.log(`fuzz: ${options.runs} runs per property, seed ${options.seed}, ${options.timeLimitMs} ms per file under 1 MB, seeds up to ${options.maxSeedKb} KB`);
const started = Date.now();
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', 'out/test/fuzz/'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PQC_FUZZ_RUNS: String(options.runs),
    PQC_FUZZ_SEED: String(options.seed),
    PQC_FUZZ_TIME_LIMIT_MS: String(options.timeLimitMs),
    PQC_FUZZ_MAX_SEED_KB: String(options.maxSeedKb),
  },
});
console.log(`fuzz: finished in ${Math.round((Date.now() - started) / 1000)} s with seed ${options.seed}${result.status === 0 ? '' : ' (failures above; reproduce with --seed ' + options.seed + ')'}`);
process.exit(result.status ?? 1);
