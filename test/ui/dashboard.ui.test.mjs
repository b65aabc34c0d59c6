// UI test of the inventory dashboard in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core): renders client/src/inventory/dashboard-html.ts from a saved inventory of the
// kubeadm fixture in a light and a dark theme, checks the phase bars, the table rows, sorting,
// filtering, paging and the messages to the extension, that the page's CSP lets nothing load or
// run besides its own nonce'd script, and that 5,000 assets stay one page of rows in the DOM.
// Screenshots go to test-results/ui/. Not part of `npm test` (it needs Chromium and a build):
//
//   npm run build && node --test --test-reporter=spec test/ui/
//
// Plain JavaScript on purpose: tsc compiles test/**/*.ts into out/test/, which `npm test` runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const results = join(root, 'test-results', 'ui');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const NOW = new Date('2026-06-01T00:00:00Z');
const PAGE_URL = 'http://dashboard.invalid/';

// VS Code's default Light+ / Dark+ colours for the variables the page uses (VS Code injects these
// into every webview; outside VS Code the test stands in for it).
const THEMES = {
  light: `body { --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: monospace;
    --vscode-foreground: #3b3b3b; --vscode-editor-background: #ffffff; --vscode-descriptionForeground: #717171; --vscode-panel-border: #e5e5e5;
    --vscode-charts-red: #e51400; --vscode-charts-blue: #1a85ff; --vscode-charts-green: #388a34; --vscode-charts-orange: #d18616; --vscode-charts-yellow: #bf8803; --vscode-charts-foreground: #616161;
    --vscode-button-background: #005fb8; --vscode-button-foreground: #ffffff; --vscode-button-hoverBackground: #0258a8; --vscode-button-secondaryBackground: #e5e5e5; --vscode-button-secondaryForeground: #3b3b3b;
    --vscode-input-background: #ffffff; --vscode-input-foreground: #3b3b3b; --vscode-input-border: #cecece; --vscode-list-hoverBackground: #f2f2f2; --vscode-focusBorder: #005fb8; --vscode-editorWidget-background: #f8f8f8; }`,
  dark: `body { --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: monospace;
    --vscode-foreground: #cccccc; --vscode-editor-background: #1f1f1f; --vscode-descriptionForeground: #9d9d9d; --vscode-panel-border: #2b2b2b;
    --vscode-charts-red: #f14c4c; --vscode-charts-blue: #3794ff; --vscode-charts-green: #89d185; --vscode-charts-orange: #d18616; --vscode-charts-yellow: #cca700; --vscode-charts-foreground: #cccccc;
    --vscode-button-background: #0078d4; --vscode-button-foreground: #ffffff; --vscode-button-hoverBackground: #026ec1; --vscode-button-secondaryBackground: #313131; --vscode-button-secondaryForeground: #cccccc;
    --vscode-input-background: #313131; --vscode-input-foreground: #cccccc; --vscode-input-border: #3c3c3c; --vscode-list-hoverBackground: #2a2d2e; --vscode-focusBorder: #0078d4; --vscode-editorWidget-background: #202020; }`,
};

// Stands in for the webview host's acquireVsCodeApi and records what the page posts.
const HOST = `window.__messages = []; window.__state = undefined;
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__messages.push(m), getState: () => window.__state, setState: (s) => { window.__state = s; } });`;

let browser;
let renderDashboard;
let savedView;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  assert.ok(existsSync(join(root, 'out', 'server', 'src', 'cli', 'main.js')), 'run `npm run build` first');
  mkdirSync(results, { recursive: true });
  // The renderer is TypeScript without dependencies: bundle it for this process.
  const bundled = await build({ entryPoints: [join(root, 'client', 'src', 'inventory', 'dashboard-html.ts')], bundle: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'silent' });
  const module = join(results, 'dashboard-html.mjs');
  writeFileSync(module, bundled.outputFiles[0].text);
  ({ renderDashboard } = await import(pathToFileURL(module).href));
  // The saved inventory: what `pqc-lens inventory --format json` writes for the fixture cluster.
  const json = execFileSync(process.execPath, [join(root, 'bin', 'pqc-lens.js'), 'inventory', '--format', 'json', 'test/fixtures/inventory/kubeadm-cluster'], { cwd: root, encoding: 'utf8' });
  writeFileSync(join(results, 'inventory.json'), json);
  savedView = toView(JSON.parse(readFileSync(join(results, 'inventory.json'), 'utf8')));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
});

/** The CLI's JSON plus what the server adds for the editor (URIs, ranges). */
function toView(saved) {
  return {
    ...saved,
    assets: saved.assets.map((a) => ({ ...a, uri: pathToFileURL(join(root, a.file)).toString(), range: { start: { line: a.line - 1, character: a.column - 1 }, end: { line: a.endLine - 1, character: 0 } } })),
  };
}

async function open(view, theme, extra = {}) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: theme });
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('request', (r) => { if (r.url() !== PAGE_URL && !/^(about|data):/.test(r.url())) problems.push(`request to ${r.url()}`); });
  await page.addInitScript(HOST);
  const html = renderDashboard(view, { nonce: 'bm9uY2UtZm9yLXRlc3Q=', cspSource: 'vscode-webview://test', now: NOW, extraCss: THEMES[theme], ...extra });
  // Served from a routed URL (nothing goes to the network) so the host stand-in runs before the page.
  await page.route('**/*', (route) => (route.request().url() === PAGE_URL ? route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }) : route.abort()));
  await page.goto(PAGE_URL, { waitUntil: 'load' });
  await page.evaluate((cls) => document.body.classList.add(cls), `vscode-${theme}`);
  return { page, problems };
}

for (const theme of ['light', 'dark']) {
  test(`dashboard (${theme}): phase bars, timeline, table rows; sort, filter, open, export`, async () => {
    const { page, problems } = await open(savedView, theme);
    try {
      // A bar per migration phase, split by class: Phase 2 has hybrid and classical assets.
      const bars = page.locator('g.phase-bar');
      assert.deepEqual(await bars.evaluateAll((gs) => gs.map((g) => g.dataset.phase)), ['2', '3', '4']);
      assert.deepEqual(await page.locator('g.phase-bar[data-phase="2"] rect.segment').evaluateAll((rs) => rs.map((r) => r.dataset.class)), ['classical', 'hybrid']);
      assert.match(await page.locator('g.phase-bar[data-phase="2"] .bar-value').textContent(), /4\/13 ready · 31% · next/);
      const segment = await page.locator('g.phase-bar[data-phase="3"] rect.segment').boundingBox();
      assert.ok(segment && segment.width > 200, `phase 3 bar drawn (${JSON.stringify(segment)})`);
      assert.ok(await page.locator('svg.timeline circle.expiry').count() >= 5);
      assert.equal(await page.locator('#readiness').textContent(), '17%');
      assert.match(await page.locator('#next-phase').textContent(), /Phase 2 — 9 assets/);
      // The table: every asset, sorted by phase.
      const rows = page.locator('#rows tr');
      assert.equal(await rows.count(), 24);
      assert.equal(await page.locator('#page-info').textContent(), 'Rows 1–24 of 24');
      assert.equal(await rows.first().locator('td').first().textContent(), '2');
      await page.screenshot({ path: join(results, `dashboard-${theme}.png`), fullPage: true });
      // Sort by risk (critical first), then descending.
      await page.locator('th[data-key="hndlRisk"]').click();
      assert.equal(await rows.first().locator('td').nth(1).textContent(), 'critical');
      await page.locator('th[data-key="hndlRisk"]').click();
      assert.equal(await rows.first().locator('td').nth(1).textContent(), 'low');
      assert.equal(await page.locator('th[data-key="hndlRisk"]').getAttribute('aria-sort'), 'descending');
      // Filter by text and by class.
      await page.locator('#filter').fill('etcd');
      await page.waitForFunction(() => document.querySelectorAll('#rows tr').length === 3);
      assert.equal(await page.locator('#page-info').textContent(), 'Rows 1–3 of 3 (filtered from 24)');
      await page.locator('#filter').fill('');
      await page.locator('#f-class').selectOption('hybrid');
      await page.waitForFunction(() => document.querySelectorAll('#rows tr').length === 4);
      // A row click asks the extension to open the asset; the export buttons ask for a file.
      await rows.first().click();
      await page.locator('#export-cbom').click();
      await page.locator('#export-csv').click();
      const messages = await page.evaluate(() => window.__messages);
      assert.equal(messages[0].type, 'open');
      assert.ok(savedView.assets.some((a) => a.id === messages[0].id && a.pqcClass === 'hybrid'));
      assert.deepEqual(messages.slice(1), [{ type: 'export', format: 'cbom' }, { type: 'export', format: 'csv' }]);
      await page.screenshot({ path: join(results, `dashboard-${theme}-filtered.png`), fullPage: false });
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
}

test('dashboard: the CSP blocks anything but the page\'s own nonce\'d script and style', async () => {
  const hostile = structuredClone(savedView);
  hostile.assets[0].name = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  hostile.assets[0].algorithm = '</script><script>window.__pwned=3</script>';
  const { page, problems } = await open(hostile, 'dark');
  try {
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    const names = await page.locator('#rows td:nth-child(4)').allTextContents();
    assert.ok(names.some((n) => n.includes('<img src=x')), 'the hostile name is shown as text');
    // A script without the nonce does not run.
    await page.evaluate(() => { const s = document.createElement('script'); s.textContent = 'window.__pwned = 4'; document.body.append(s); });
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.ok(problems.some((p) => /Content Security Policy/.test(p)), problems.join('\n'));
    assert.ok(!problems.some((p) => /^request to /.test(p)), problems.join('\n'));
  } finally {
    await page.close();
  }
});

test('dashboard: 5,000 assets render one page of 100 rows; filter, sort and paging stay quick', async () => {
  const assets = [];
  for (let i = 0; assets.length < 5000; i++) {
    for (const a of savedView.assets) {
      if (assets.length === 5000) break;
      assets.push({ ...a, id: `${a.id}~${i}`, file: `cluster-${i}/${a.file}`, name: `${a.name} #${i}` });
    }
  }
  const view = { ...savedView, assets };
  const started = Date.now();
  const { page, problems } = await open(view, 'light');
  try {
    await page.waitForFunction(() => document.querySelectorAll('#rows tr').length === 100);
    const loadMs = Date.now() - started;
    assert.equal(await page.locator('#page-info').textContent(), 'Rows 1–100 of 5000');
    const time = async (action, until) => {
      const t = Date.now();
      await action();
      await page.waitForFunction(until);
      return Date.now() - t;
    };
    const filterMs = await time(() => page.locator('#filter').fill('etcd-peer'), () => /of \d+ \(filtered/.test(document.getElementById('page-info').textContent));
    await page.locator('#filter').fill('');
    await page.waitForFunction(() => /of 5000$/.test(document.getElementById('page-info').textContent));
    const sortMs = await time(() => page.locator('th[data-key="algorithm"]').click(), () => document.querySelector('th[data-key="algorithm"]').getAttribute('aria-sort') === 'ascending');
    const pageMs = await time(() => page.locator('#next').click(), () => document.getElementById('page-info').textContent.startsWith('Rows 101–200'));
    // Long tasks the main thread had while rendering and sorting (PerformanceObserver is not available retroactively; measure one more sort).
    const sortInPageMs = await page.evaluate(() => { const t = performance.now(); document.querySelector('th[data-key="name"]').click(); return performance.now() - t; });
    assert.equal(await page.locator('#rows tr').count(), 100);
    assert.deepEqual(problems, []);
    await page.screenshot({ path: join(results, 'dashboard-5000.png'), fullPage: false });
    const report = { assets: 5000, loadMs, filterMs, sortMs, pageMs, sortInPageMs: Math.round(sortInPageMs) };
    writeFileSync(join(results, 'dashboard-5000.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`# 5,000 assets: ${JSON.stringify(report)}`);
  } finally {
    await page.close();
  }
});
