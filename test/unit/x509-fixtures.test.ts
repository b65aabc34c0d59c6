// The committed fixtures under test/fixtures/certs and test/fixtures/rules/{certificate,secret}
// are the output of scripts/gen-cert-fixtures.mjs; re-running it must reproduce them exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fixturesDir, repoRoot } from '../helpers.js';

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full));
    }
  };
  walk(dir);
  return out;
}

test('scripts/gen-cert-fixtures.mjs reproduces the committed fixtures byte for byte', () => {
  const out = mkdtempSync(join(tmpdir(), 'pqc-lens-fixtures-'));
  try {
    execFileSync(process.execPath, [join(repoRoot, 'scripts', 'gen-cert-fixtures.mjs'), out], { cwd: repoRoot, stdio: 'pipe' });
    const generated = files(join(out, 'certs'));
    assert.deepEqual(generated, files(join(fixturesDir, 'certs')));
    assert.ok(generated.length >= 25);
    for (const name of generated) {
      assert.ok(readFileSync(join(out, 'certs', name)).equals(readFileSync(join(fixturesDir, 'certs', name))), `certs/${name} differs`);
    }
    // the rule fixture folders the script owns (one per rule id, area/name)
    for (const area of readdirSync(join(out, 'rules'))) {
      for (const rule of readdirSync(join(out, 'rules', area))) {
        const dir = join('rules', area, rule);
        const names = files(join(out, dir));
        assert.deepEqual(names, files(join(fixturesDir, dir)), dir);
        for (const name of names) assert.ok(readFileSync(join(out, dir, name)).equals(readFileSync(join(fixturesDir, dir, name))), `${dir}/${name} differs`);
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
