// The inventory dashboard in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core):
// client/src/inventory/dashboard-html.ts renders a saved inventory of the kubeadm fixture (what
// `pqc-lens inventory --format json` wrote) in VS Code's light and dark default themes; the test
// checks the phase bars, the timeline, the table rows, sorting, filtering, paging and the messages
// to the extension, and that 5,000 assets keep one page of 100 rows in the DOM. Screenshots and the
// 5,000-asset timings go to test-results/ui/. (test/ui/webview-safety.test.ts covers hostile data.)
// Runs only with PQC_LENS_UI=1: `npm run test:ui` (after a build); skipped in `npm test`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { renderDashboard } from '../../client/src/inventory/dashboard-html.js';
import type { InventoryJson } from '../../server/src/core/inventory/export.js';
import type { InventoryView } from '../../server/src/lsp/inventory-protocol.js';
import { TEST_NOW } from '../harness.js';
import { repoRoot } from '../helpers.js';

const ENABLED = process.env.PQC_LENS_UI === '1';
const SKIP = ENABLED ? false : 'headless Chromium tests run with PQC_LENS_UI=1 (npm run test:ui)';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PAGE_URL = 'https://dashboard.pqc-lens.invalid/index.html';
const RESULTS = join(repoRoot, 'test-results', 'ui');

// VS Code's default Light+ / Dark+ values of the variables the page uses (VS Code injects them
// into every webview; outside VS Code the test stands in for it).
const THEMES: Record<'light' | 'dark', string> = {
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

/** Stands in for the webview host's acquireVsCodeApi and records what the page posts. */
const HOST = `window.__messages = []; let state;
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__messages.push(m), getState: () => state, setState: (s) => { state = s; } });`;

let browser: Browser | undefined;
let saved: InventoryView;

before(async () => {
  if (!ENABLED) return;
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  mkdirSync(RESULTS, { recursive: true });
  // The saved inventory: what `pqc-lens inventory --format json` writes for the fixture cluster.
  const json = execFileSync(process.execPath, [join(repoRoot, 'bin', 'pqc-lens.js'), 'inventory', '--format', 'json', 'test/fixtures/inventory/kubeadm-cluster'], { cwd: repoRoot, encoding: 'utf8' });
  writeFileSync(join(RESULTS, 'inventory.json'), json);
  saved = toView(JSON.parse(readFileSync(join(RESULTS, 'inventory.json'), 'utf8')) as InventoryJson);
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
});

/** The CLI's JSON plus what the server adds for the editor (file URIs, ranges). */
function toView(json: InventoryJson): InventoryView {
  return {
    ...json,
    assets: json.assets.map((a) => ({
      ...a,
      uri: pathToFileURL(join(repoRoot, a.file)).toString(),
      range: { start: { line: a.line - 1, character: a.column - 1 }, end: { line: a.endLine - 1, character: 0 } },
    })),
  };
}

async function open(view: InventoryView, theme: 'light' | 'dark'): Promise<{ page: Page; problems: string[] }> {
  const page = await browser!.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: theme });
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  const html = renderDashboard(view, { nonce: 'bm9uY2UtZm9yLXRlc3Q=', cspSource: 'vscode-webview://test', now: TEST_NOW, extraCss: THEMES[theme] });
  // Served from a routed URL: nothing reaches the network, and the host stand-in runs first.
  await page.route('**/*', (route) => {
    if (route.request().url() === PAGE_URL) return route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' });
    problems.push(`request to ${route.request().url()}`);
    return route.abort();
  });
  await page.addInitScript(HOST);
  await page.goto(PAGE_URL, { waitUntil: 'load' });
  await page.evaluate(`document.body.classList.add('vscode-${theme}')`);
  return { page, problems };
}

// Predicates are functions (run through the DevTools protocol): a string predicate would need
// 'unsafe-eval', which the page's CSP refuses. They run in the page, so they use no outer names.
/* eslint-disable @typescript-eslint/no-explicit-any */
async function rowCount(page: Page, n: number): Promise<void> {
  await page.waitForFunction((count) => (globalThis as any).document.querySelectorAll('#rows tr').length === count, n);
}

async function pageInfo(page: Page, pattern: RegExp): Promise<void> {
  await page.waitForFunction(([source, flags]) => new RegExp(source, flags).test((globalThis as any).document.getElementById('page-info').textContent), [pattern.source, pattern.flags] as const);
}

/* eslint-enable @typescript-eslint/no-explicit-any */

async function attributes(page: Page, selector: string, name: string): Promise<(string | null)[]> {
  const locator = page.locator(selector);
  const out: (string | null)[] = [];
  for (let i = 0; i < (await locator.count()); i++) out.push(await locator.nth(i).getAttribute(name));
  return out;
}

for (const theme of ['light', 'dark'] as const) {
  test(`dashboard (${theme}): phase bars, timeline and table rows; sort, filter, open, export`, { skip: SKIP, timeout: 120_000 }, async () => {
    const { page, problems } = await open(saved, theme);
    try {
      // A bar per migration phase, split by class: Phase 2 has classical and hybrid assets.
      assert.deepEqual(await attributes(page, 'g.phase-bar', 'data-phase'), ['2', '3', '4']);
      assert.deepEqual(await attributes(page, 'g.phase-bar[data-phase="2"] rect.segment', 'data-class'), ['classical', 'hybrid']);
      assert.match((await page.locator('g.phase-bar[data-phase="2"] .bar-value').textContent()) ?? '', /4\/13 ready · 31% · next/);
      const bar = await page.locator('g.phase-bar[data-phase="3"] rect.segment').boundingBox();
      assert.ok(bar && bar.width > 200 && bar.height > 10, `the phase 3 bar is drawn (${JSON.stringify(bar)})`);
      assert.ok((await page.locator('svg.timeline circle.expiry').count()) >= 5);
      assert.equal(await page.locator('#readiness').textContent(), '17%');
      assert.match((await page.locator('#next-phase').textContent()) ?? '', /Phase 2 — 9 assets/);
      // The table: every asset, phase 2 first.
      const rows = page.locator('#rows tr');
      assert.equal(await rows.count(), 24);
      assert.equal(await page.locator('#page-info').textContent(), 'Rows 1–24 of 24');
      assert.equal(await rows.first().locator('td').first().textContent(), '2');
      await page.screenshot({ path: join(RESULTS, `dashboard-${theme}.png`), fullPage: true });
      // Sort by HNDL risk, critical first, then the other way round.
      await page.locator('th[data-key="hndlRisk"]').click();
      assert.equal(await rows.first().locator('td').nth(1).textContent(), 'critical');
      await page.locator('th[data-key="hndlRisk"]').click();
      assert.equal(await rows.first().locator('td').nth(1).textContent(), 'low');
      assert.equal(await page.locator('th[data-key="hndlRisk"]').getAttribute('aria-sort'), 'descending');
      // Filter by text, then by class.
      await page.locator('#filter').fill('etcd');
      await rowCount(page, 3);
      assert.equal(await page.locator('#page-info').textContent(), 'Rows 1–3 of 3 (filtered from 24)');
      await page.locator('#filter').fill('');
      await page.locator('#f-class').selectOption('hybrid');
      await rowCount(page, 4);
      // A row asks the extension to open the asset; the export buttons ask for a file.
      await rows.first().click();
      await page.locator('#export-cbom').click();
      await page.locator('#export-csv').click();
      const messages = (await page.evaluate('window.__messages')) as { type: string; id?: string; format?: string }[];
      assert.equal(messages[0].type, 'open');
      assert.ok(saved.assets.some((a) => a.id === messages[0].id && a.pqcClass === 'hybrid'), JSON.stringify(messages[0]));
      assert.deepEqual(messages.slice(1), [{ type: 'export', format: 'cbom' }, { type: 'export', format: 'csv' }]);
      await page.screenshot({ path: join(RESULTS, `dashboard-${theme}-filtered.png`) });
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
}

test('dashboard: 5,000 assets keep one page of 100 rows in the DOM; filter, sort and paging work', { skip: SKIP, timeout: 180_000 }, async () => {
  const assets: InventoryView['assets'] = [];
  for (let i = 0; assets.length < 5000; i++) {
    for (const a of saved.assets) {
      if (assets.length === 5000) break;
      assets.push({ ...a, id: `${a.id}~${i}`, file: `cluster-${i}/${a.file}`, name: `${a.name} #${i}` });
    }
  }
  const started = Date.now();
  const { page, problems } = await open({ ...saved, assets }, 'light');
  try {
    await rowCount(page, 100);
    const loadMs = Date.now() - started;
    assert.equal(await page.locator('#page-info').textContent(), 'Rows 1–100 of 5000');
    const time = async (action: () => Promise<unknown>, pattern: RegExp): Promise<number> => {
      const t = Date.now();
      await action();
      await pageInfo(page, pattern);
      return Date.now() - t;
    };
    // Filtering waits for a 120 ms pause in typing before it renders.
    const filterMs = await time(() => page.locator('#filter').fill('etcd-peer'), /of \d+ \(filtered from 5000\)$/);
    await page.locator('#filter').fill('');
    await pageInfo(page, /^Rows 1–100 of 5000$/);
    const sortMs = await time(() => page.locator('th[data-key="algorithm"]').click(), /^Rows 1–100 of 5000$/);
    assert.equal(await page.locator('th[data-key="algorithm"]').getAttribute('aria-sort'), 'ascending');
    const pageMs = await time(() => page.locator('#next').click(), /^Rows 101–200 of 5000$/);
    // One sort measured inside the page: the main thread's own cost, without the driver's round trips.
    const sortInPageMs = (await page.evaluate(`(() => { const t = performance.now(); document.querySelector('th[data-key="name"]').click(); return performance.now() - t; })()`)) as number;
    assert.equal(await page.locator('#rows tr').count(), 100);
    assert.deepEqual(problems, []);
    await page.screenshot({ path: join(RESULTS, 'dashboard-5000.png') });
    const report = { assets: 5000, loadMs, filterMs, sortMs, pageMs, sortInPageMs: Math.round(sortInPageMs * 10) / 10 };
    writeFileSync(join(RESULTS, 'dashboard-5000.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`# dashboard with 5,000 assets: ${JSON.stringify(report)}`);
  } finally {
    await page.close();
  }
});
