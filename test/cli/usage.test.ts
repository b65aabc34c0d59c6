// Command-line surface: help, version, usage errors and their exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir, repoRoot } from '../helpers.js';
import { cli, copyToTemp, hasStackTrace } from './run.js';

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

test('--help prints the usage and exits 0', () => {
  for (const args of [['--help'], ['-h'], ['help']]) {
    const r = cli(args, repoRoot);
    assert.equal(r.status, 0, args.join(' '));
    assert.match(r.stdout, /Usage: pqc-lens <command>/);
    assert.match(r.stdout, /check \[paths\.\.\.\]/);
  }
});

test('check --help lists the check options', () => {
  const r = cli(['check', '--help'], repoRoot);
  assert.equal(r.status, 0);
  for (const flag of ['--format', '--fail-on', '--fix', '--fix-unsafe', '--knowledge', '--max-file-size']) assert.ok(r.stdout.includes(flag), flag);
});

test('--version prints the package version', () => {
  const r = cli(['--version'], repoRoot);
  assert.equal(r.status, 0);
  assert.equal(r.stdout.trim(), version);
});

test('no command: usage on stderr, exit 2', () => {
  const r = cli([], repoRoot);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Usage: pqc-lens/);
  assert.equal(r.stdout, '');
});

test('usage errors exit 2 with a message and the usage, never a stack trace', () => {
  const { dir, cleanup } = copyToTemp(join(fixturesDir, 'cli', 'clean'), 'clean');
  try {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['--bogus'], /unknown option '--bogus'/],
      [['check', '--bogus', 'clean'], /unknown option '--bogus'/],
      [['check', '--format', 'xml', 'clean'], /--format must be one of text, json, sarif/],
      [['check', '--format'], /option '--format' needs a value/],
      [['check', '--fail-on', 'fatal', 'clean'], /--fail-on must be one of error, warning, info, none/],
      [['check', '--max-file-size', 'big', 'clean'], /--max-file-size must be a number/],
      [['check', '--fix=yes', 'clean'], /does not take a value/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args, dir);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, message, args.join(' '));
      assert.match(r.stderr, /Usage: pqc-lens/, args.join(' '));
      assert.ok(!hasStackTrace(r.stderr), r.stderr);
      assert.equal(r.stdout, '');
    }
  } finally {
    cleanup();
  }
});

test('a path that does not exist is an I/O error: exit 2', () => {
  const { dir, cleanup } = copyToTemp(join(fixturesDir, 'cli', 'clean'), 'clean');
  try {
    const r = cli(['check', 'clean', 'no-such-folder'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no-such-folder: no such file or folder/);
    assert.ok(!hasStackTrace(r.stderr));
  } finally {
    cleanup();
  }
});

test('inventory: an unknown --format is a usage error: exit 2', () => {
  const r = cli(['inventory', '--format', 'xml'], repoRoot);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--format must be one of table, json, csv, cbom/);
  assert.ok(!hasStackTrace(r.stderr));
});

test('a broken knowledge table or config file is reported clearly: exit 2', async () => {
  const { writeFileSync } = await import('node:fs');
  const { dir, cleanup } = copyToTemp(join(fixturesDir, 'cli', 'clean'), 'clean');
  try {
    writeFileSync(join(dir, 'knowledge.json'), '{ "algorithms": [ ');
    let r = cli(['check', '--knowledge', 'knowledge.json', 'clean'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /knowledge table .*knowledge\.json: not valid JSON/);

    writeFileSync(join(dir, 'knowledge.json'), '{"algorithms": "none"}');
    r = cli(['check', '--knowledge', 'knowledge.json', 'clean'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /"algorithms" must be an array/);

    r = cli(['check', '--knowledge', 'missing.json', 'clean'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /missing\.json: cannot read \(not found\)/);

    writeFileSync(join(dir, '.pqc-lens.yaml'), 'rules:\n  syntax-error: loud\n');
    r = cli(['check', 'clean'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /rule "syntax-error" has severity "loud"/);
    for (const out of [r.stderr]) assert.ok(!hasStackTrace(out));
  } finally {
    cleanup();
  }
});

test('an unexpected exception becomes one line "pqc-lens: internal error: ..." and exit 2', async () => {
  const { main } = await import('../../server/src/cli/main.js');
  const { dir, cleanup } = copyToTemp(join(fixturesDir, 'cli', 'clean'), 'clean');
  try {
    let stderr = '';
    const code = await main(['check', 'clean'], {
      cwd: dir,
      stdout: () => { throw new Error('stdout went away\n    at somewhere (file.js:1:1)'); },
      stderr: (text) => { stderr += text; },
    });
    assert.equal(code, 2);
    assert.equal(stderr, 'pqc-lens: internal error: stdout went away\n');
  } finally {
    cleanup();
  }
});

test('inspect is dispatched to its own command', () => {
  const r = cli(['inspect', '--help'], repoRoot);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /pqc-lens inspect/);
  const bad = cli(['inspect', 'no-such-file.crt'], repoRoot);
  assert.equal(bad.status, 2);
  assert.ok(!hasStackTrace(bad.stderr));
});
