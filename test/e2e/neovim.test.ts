// The language server driven from a real headless Neovim (scripts/e2e/neovim.mjs): diagnostics
// read back with vim.diagnostic.get(), a hover and the code actions of a diagnostic. Skipped when
// `nvim` is not installed, unless PQC_LENS_REQUIRE_EDITORS=1 (CI sets it after
// scripts/e2e/install.sh has installed Neovim).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../helpers.js';

interface NvimDiagnostic { lnum: number; col: number; end_col: number; severity: number; source?: string; code?: string; message: string }
interface Seen {
  error: string | null;
  nvim: { major: number; minor: number; patch: number };
  diagnostics: NvimDiagnostic[];
  diagnosticsMs: number;
  hover?: { contents: { kind: string; value: string } } | null;
  codeActions: { title: string; kind?: string; edit?: { changes: Record<string, { range: unknown; newText: string }[]> } }[] | null;
}

const nvim = spawnSync(process.env.PQC_LENS_NVIM ?? 'nvim', ['--version'], { encoding: 'utf8' });
const available = nvim.status === 0;
const skip = !available && process.env.PQC_LENS_REQUIRE_EDITORS !== '1' ? 'nvim is not installed (bash scripts/e2e/install.sh)' : false;

function neovim(...args: string[]): Seen {
  const run = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'e2e', 'neovim.mjs'), ...args], { encoding: 'utf8', timeout: 90_000 });
  assert.ok(run.stdout.trim().startsWith('{'), `neovim.mjs printed no result (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as Seen;
}

test('Neovim shows the kubeadm warning at the version and offers the fixes', { skip }, () => {
  const seen = neovim('kubeadm/cluster-configuration.yaml');
  assert.equal(seen.error, null);
  const warning = seen.diagnostics.find((d) => d.code === 'kubernetes/no-pq-key-exchange');
  assert.ok(warning, JSON.stringify(seen.diagnostics.map((d) => d.code)));
  assert.equal(warning.source, 'pqc-lens');
  assert.equal(warning.severity, 2, 'vim.diagnostic.severity.WARN');
  assert.deepEqual([warning.lnum, warning.col, warning.end_col], [5, 19, 26], 'kubernetesVersion: v1.32.4 — the version value');
  assert.match(warning.message, /built with Go 1\.23/);
  const titles = (seen.codeActions ?? []).map((a) => a.title);
  assert.deepEqual(titles, ['Upgrade Kubernetes to v1.33.0', 'Disable kubernetes/no-pq-key-exchange for this line', 'Show documentation for kubernetes/no-pq-key-exchange']);
  const upgrade = seen.codeActions![0].edit!.changes;
  assert.deepEqual(Object.values(upgrade).flat().map((e) => e.newText), ['v1.33.0']);
  console.log(`# Neovim ${seen.nvim.major}.${seen.nvim.minor}.${seen.nvim.patch}: diagnostics ${Math.round(seen.diagnosticsMs)} ms after starting the server`);
});

test('Neovim: hover on a cert-manager privateKey.algorithm lists the allowed values', { skip }, () => {
  const seen = neovim('cert-manager/certificates.yaml', '48', '6');
  assert.equal(seen.error, null);
  assert.ok(seen.diagnostics.some((d) => d.code === 'cert-manager/classical-key-algorithm' && d.lnum === 48));
  assert.equal(seen.hover?.contents.kind, 'markdown');
  assert.match(seen.hover!.contents.value, /`ECDSA` — classical/);
  assert.match(seen.hover!.contents.value, /`RSA`/);
});
