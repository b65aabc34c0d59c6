// Inputs that must not crash the CLI: each gives a finding or a notice and a documented exit code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, hasStackTrace, tempDir, type JsonOutput } from './run.js';

function checkJson(args: string[], cwd: string): { status: number | null; output: JsonOutput; stderr: string } {
  const r = cli(['check', '--format', 'json', ...args], cwd);
  assert.ok(!hasStackTrace(r.stderr), r.stderr);
  assert.ok(!hasStackTrace(r.stdout), r.stdout);
  return { status: r.status, output: JSON.parse(r.stdout) as JsonOutput, stderr: r.stderr };
}

test('binary content, invalid UTF-8, truncated YAML, empty file, symlink loop, over-size file', () => {
  const { dir, cleanup } = tempDir();
  try {
    const ws = join(dir, 'ws');
    mkdirSync(join(ws, 'loop'), { recursive: true });
    writeFileSync(join(ws, 'x.yaml'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xfe]));
    writeFileSync(join(ws, 'latin1.yaml'), Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    writeFileSync(join(ws, 'truncated.yaml'), 'apiVersion: cert-manager.io/v1\nkind: Certificate\nspec:\n  dnsNames: [a.example.com,\n  issuerRef:\n    name: "x\n');
    writeFileSync(join(ws, 'empty.yaml'), '');
    writeFileSync(join(ws, 'empty.crt'), '');
    writeFileSync(join(ws, 'big.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n' + '  k: "' + 'a'.repeat(4096) + '"\n');
    symlinkSync('..', join(ws, 'loop', 'up'), 'dir');
    symlinkSync('missing-target.yaml', join(ws, 'dangling.yaml'));

    const { status, output } = checkJson(['--fail-on', 'none', '--max-file-size', '2', 'ws'], dir);
    assert.equal(status, 0);
    const notice = (file: string, pattern: RegExp): void => {
      assert.ok(output.notices.some((n) => n.file === file && pattern.test(n.message)), `notice for ${file} ~ ${pattern}: ${JSON.stringify(output.notices)}`);
    };
    notice('ws/x.yaml', /binary content or invalid UTF-8/);
    notice('ws/latin1.yaml', /binary content or invalid UTF-8/);
    notice('ws/big.yaml', /over the size limit of 2 KiB/);
    notice('ws/loop/up', /symbolic link loop/);
    notice('ws/dangling.yaml', /broken symbolic link/);
    const syntax = output.findings.filter((f) => f.ruleId === 'syntax-error');
    assert.deepEqual(syntax.map((f) => f.file), ['ws/truncated.yaml']);
    // Empty files are fine: nothing to report about them.
    assert.ok(!output.findings.some((f) => f.file === 'ws/empty.yaml'), JSON.stringify(output.findings));
    // Every file is reported once even though the loop makes the folder reachable many times.
    const files = output.findings.map((f) => `${f.file}:${f.line}:${f.column}:${f.ruleId}`);
    assert.equal(new Set(files).size, files.length);

    // The syntax error is an error: default --fail-on error exits 1.
    assert.equal(checkJson(['ws'], dir).status, 1);
    // Text output carries the notices too.
    const text = cli(['check', '--fail-on', 'none', '--max-file-size', '2', 'ws'], dir);
    assert.equal(text.status, 0);
    assert.match(text.stdout, /ws\/x\.yaml: note: .*binary/);
    assert.ok(!hasStackTrace(text.stdout + text.stderr));
  } finally {
    cleanup();
  }
});

test('a file named on the command line is analysed even with an unusual name; a folder without candidates is fine', () => {
  const { dir, cleanup } = tempDir();
  try {
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs', 'notes.txt'), 'nothing to see\n');
    const folder = checkJson(['docs'], dir);
    assert.equal(folder.status, 0);
    assert.deepEqual(folder.output.findings, []);
    assert.ok(folder.output.notices.some((n) => /no files to analyse/.test(n.message)));
    writeFileSync(join(dir, 'manifest.txt'), 'apiVersion: v1\nkind: ConfigMap\n');
    const named = checkJson(['manifest.txt'], dir);
    assert.equal(named.status, 0);
  } finally {
    cleanup();
  }
});

test('exclude globs in .pqc-lens.yaml and the size limit from the config apply', () => {
  const { dir, cleanup } = tempDir();
  try {
    mkdirSync(join(dir, 'charts', 'app', 'templates'), { recursive: true });
    mkdirSync(join(dir, 'manifests'));
    mkdirSync(join(dir, 'node_modules', 'pkg'), { recursive: true });
    const broken = 'kind: [\n';
    writeFileSync(join(dir, 'charts', 'app', 'templates', 'cert.yaml'), broken);
    writeFileSync(join(dir, 'manifests', 'a.yaml'), broken);
    writeFileSync(join(dir, 'manifests', 'a.generated.yaml'), broken);
    writeFileSync(join(dir, 'node_modules', 'pkg', 'b.yaml'), broken);
    writeFileSync(join(dir, '.pqc-lens.yaml'), 'exclude:\n  - charts/**\n  - "*.generated.yaml"\nmaxFileSizeKb: 64\n');
    const { output } = checkJson(['--fail-on', 'none'], dir);
    assert.deepEqual(output.findings.map((f) => f.file), ['manifests/a.yaml']);
    // From a subfolder the config is still found (nearest ancestor) and paths stay relative to cwd.
    const sub = checkJson(['--fail-on', 'none', '.'], join(dir, 'manifests'));
    assert.deepEqual(sub.output.findings.map((f) => f.file), ['a.yaml']);
  } finally {
    cleanup();
  }
});
