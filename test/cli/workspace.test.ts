// The file-system shell: glob matching, workspace root discovery, walking and knowledge loading.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectFiles, compileGlobs, defaultKnowledgePath, findWorkspaceRoot, loadWorkspace, readKnowledge, WorkspaceError } from '../../server/src/node/workspace.js';
import { repoRoot } from '../helpers.js';
import { tempDir } from './run.js';

test('globs: **, *, ?, anchoring, folder patterns', () => {
  const cases: [string, string, boolean][] = [
    ['charts/**', 'charts/app/templates/cert.yaml', true],
    ['charts/**', 'other/charts/x.yaml', false],
    ['**/templates/**', 'charts/app/templates/cert.yaml', true],
    ['**/templates/**', 'templates/cert.yaml', true],
    ['*.generated.yaml', 'deep/down/a.generated.yaml', true],
    ['*.generated.yaml', 'a.yaml', false],
    ['manifests/*.yaml', 'manifests/a.yaml', true],
    ['manifests/*.yaml', 'manifests/sub/a.yaml', false],
    ['manifests/?.yaml', 'manifests/a.yaml', true],
    ['manifests/?.yaml', 'manifests/ab.yaml', false],
    ['/top.yaml', 'top.yaml', true],
    ['/top.yaml', 'sub/top.yaml', false],
    ['vendor', 'vendor/x/y.yaml', true],
    ['vendor/', 'vendor/x/y.yaml', true],
    ['vendor/', 'vendor', false],
    ['./examples/pki/**', 'examples/pki/ca.crt', true],
    ['a+b(c).yaml', 'a+b(c).yaml', true],
    ['a.yaml', 'aXyaml', false],
    ['**/*.pem', 'x.pem', true],
    ['**', 'anything/at/all', true],
  ];
  for (const [glob, path, expected] of cases) assert.equal(compileGlobs([glob]).matches(path), expected, `${glob} vs ${path}`);
  assert.equal(compileGlobs(['vendor/']).matches('vendor', true), true);
  assert.equal(compileGlobs([]).matches('x.yaml'), false);
  assert.equal(compileGlobs(['', '# comment']).matches('x.yaml'), false);
});

test('workspace root: nearest .pqc-lens.yaml above the first path, else cwd', () => {
  const { dir, cleanup } = tempDir();
  try {
    mkdirSync(join(dir, 'repo', 'deploy', 'prod'), { recursive: true });
    mkdirSync(join(dir, 'elsewhere'));
    writeFileSync(join(dir, 'repo', '.pqc-lens.yaml'), 'exclude: []\n');
    assert.deepEqual(findWorkspaceRoot(join(dir, 'elsewhere'), join(dir, 'repo', 'deploy', 'prod')), { root: join(dir, 'repo'), configPath: join(dir, 'repo', '.pqc-lens.yaml') });
    assert.deepEqual(findWorkspaceRoot(join(dir, 'repo', 'deploy'), undefined), { root: join(dir, 'repo'), configPath: join(dir, 'repo', '.pqc-lens.yaml') });
    assert.deepEqual(findWorkspaceRoot(join(dir, 'elsewhere'), 'x.yaml'), { root: join(dir, 'elsewhere') });
  } finally {
    cleanup();
  }
});

test('collectFiles: candidates only, skipped folders, sorted, loops and duplicates handled', () => {
  const { dir, cleanup } = tempDir();
  try {
    for (const d of ['a', 'b', 'node_modules/x', '.git', 'out', 'dist']) mkdirSync(join(dir, d), { recursive: true });
    for (const f of ['a/2.yaml', 'a/1.yml', 'a/readme.md', 'b/ca.crt', 'b/ca.json', 'node_modules/x/y.yaml', '.git/config.yaml', 'out/o.yaml', 'dist/d.yaml']) writeFileSync(join(dir, f), 'a: 1\n');
    symlinkSync(join(dir, 'a'), join(dir, 'b', 'link-to-a'), 'dir');
    symlinkSync('..', join(dir, 'b', 'parent'), 'dir');
    const { files, notices, missing } = collectFiles(['.'], { cwd: dir, root: dir, exclude: compileGlobs([]), maxBytes: 1024 * 1024 });
    assert.deepEqual(missing, []);
    assert.deepEqual(files.map((f) => f.rel), ['a/1.yml', 'a/2.yaml', 'b/ca.crt', 'b/ca.json']);
    assert.ok(notices.some((n) => n.file === 'b/parent' && /loop/.test(n.message)), JSON.stringify(notices));
  } finally {
    cleanup();
  }
});

test('knowledge: the built-in table loads; problems name the file', async () => {
  const builtIn = readKnowledge(defaultKnowledgePath());
  assert.ok(builtIn.knowledge, builtIn.problems.join('\n'));
  assert.ok(defaultKnowledgePath().startsWith(repoRoot));
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'k.json'), '[]');
    const bad = readKnowledge(join(dir, 'k.json'));
    assert.equal(bad.knowledge, undefined);
    assert.match(bad.problems[0], /k\.json: knowledge table: expected a JSON object/);
    writeFileSync(join(dir, '.pqc-lens.yaml'), 'knowledge: k.json\n');
    await assert.rejects(loadWorkspace(['.'], { cwd: dir, hcl: null }), (error: unknown) => error instanceof WorkspaceError && /k\.json/.test(error.message));
  } finally {
    cleanup();
  }
});
