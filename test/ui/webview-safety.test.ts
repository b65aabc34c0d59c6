// The webviews in a real browser: the certificate preview and the inventory dashboard are loaded
// in headless Chromium with hostile data (test/ui/hostile-views.ts), every button is clicked, every
// input filled with a payload, every select changed, and then:
//   - no injected script ran (payloads set window.__pwned), only the page's own nonce'd script did;
//   - no request left the page (every request is intercepted and recorded);
//   - the Content-Security-Policy reported no violation (the data never became markup at all);
//   - the payloads are visible as text.
// Needs Chromium (/usr/bin/chromium, or CHROMIUM_PATH) and runs only with PQC_LENS_UI=1:
// `npm run test:ui`. In `npm test` it is skipped, so npm test never starts a browser.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { renderPreview } from '../../client/src/preview/html.js';
import { renderDashboard } from '../../client/src/inventory/dashboard-html.js';
import { TEST_NOW } from '../harness.js';
import { hostileCertificateViews, hostileInventoryView, PAYLOADS, realHostileCertificateViews } from './hostile-views.js';

const ENABLED = process.env.PQC_LENS_UI === '1';
const SKIP = ENABLED ? false : 'headless Chromium tests run with PQC_LENS_UI=1 (npm run test:ui)';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PAGE_URL = 'https://webview.pqc-lens.invalid/index.html';

let browser: Browser | undefined;

before(async () => {
  if (!ENABLED) return;
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
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

/** Stands in for the VS Code webview host and records what the page does. Runs before the page's own scripts. */
const INIT_SCRIPT = `
  window.__posted = [];
  window.__violations = [];
  window.__acquired = 0;
  window.acquireVsCodeApi = () => { window.__acquired++; let state; return { postMessage: (m) => window.__posted.push(m), getState: () => state, setState: (s) => { state = s; } }; };
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
`;

interface Outcome { pwned: unknown; acquired: number; violations: string[]; requests: string[]; text: string; posted: unknown[]; errors: string[] }

async function exercise(html: string, interact: (page: Page) => Promise<void>): Promise<Outcome> {
  const context = await browser!.newContext({ javaScriptEnabled: true, serviceWorkers: 'block' });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => { if (r.url() !== PAGE_URL) requests.push(r.url()); });
  await context.route('**/*', (route) => {
    if (route.request().url() === PAGE_URL) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    requests.push(route.request().url());
    return route.abort();
  });
  await page.addInitScript(INIT_SCRIPT);
  await page.goto(PAGE_URL, { waitUntil: 'load' });
  await interact(page);
  await page.waitForTimeout(300);
  const outcome: Outcome = {
    pwned: await page.evaluate('window.__pwned'),
    acquired: (await page.evaluate('window.__acquired')) as number,
    violations: (await page.evaluate('window.__violations')) as string[],
    requests: [...new Set(requests)],
    text: (await page.evaluate('document.body.innerText')) as string,
    posted: (await page.evaluate('window.__posted')) as unknown[],
    errors,
  };
  await context.close();
  return outcome;
}

/** Clicks every button and table header, fills every input with a payload, changes every select. */
async function touchEverything(page: Page): Promise<void> {
  for (const input of await page.$$('input')) {
    for (const p of [PAYLOADS[0], PAYLOADS[1], '']) {
      await input.fill(p);
      await page.waitForTimeout(160);
    }
  }
  for (const select of await page.$$('select')) {
    const values = (await select.$$eval('option', (options) => options.map((o) => (o as unknown as { value: string }).value))) as string[];
    for (const value of [...values.slice(1, 3), '']) await select.selectOption(value);
  }
  for (const th of await page.$$('th[data-key]')) await th.click();
  for (const button of await page.$$('button')) if (await button.isEnabled()) await button.click();
  for (const row of (await page.$$('tbody tr')).slice(0, 3)) await row.click();
}

function assertInert(name: string, outcome: Outcome, expectText: string[]): void {
  assert.equal(outcome.pwned, undefined, `${name}: an injected script ran (${String(outcome.pwned)})`);
  assert.equal(outcome.acquired, 1, `${name}: the page's own script ran once`);
  assert.deepEqual(outcome.requests, [], `${name}: requests left the page`);
  assert.deepEqual(outcome.violations, [], `${name}: CSP violations (markup from the data reached the DOM)`);
  assert.deepEqual(outcome.errors, [], `${name}: page errors`);
  for (const t of expectText) assert.ok(outcome.text.includes(t), `${name}: ${JSON.stringify(t)} is shown as text`);
}

test('certificate preview in Chromium: hostile fields stay text, no script, no request, no CSP violation', { skip: SKIP, timeout: 120_000 }, async () => {
  const nonce = randomBytes(16).toString('base64');
  const synthetic = await exercise(renderPreview(hostileCertificateViews(), nonce, 'vscode-webview://x', TEST_NOW), touchEverything);
  assertInert('preview (synthetic)', synthetic, [PAYLOADS[0], PAYLOADS[1], PAYLOADS[5]]);
  assert.ok(synthetic.posted.length >= 2 && synthetic.posted.every((m) => (m as { type: string }).type === 'copy'), JSON.stringify(synthetic.posted));

  const real = await exercise(renderPreview(await realHostileCertificateViews(), nonce, 'vscode-webview://x', TEST_NOW), touchEverything);
  assertInert('preview (hostile-subject.pem)', real, ['img src=x onerror=alert(1)', '<b>bold</b>.example.test']);
});

test('inventory dashboard in Chromium: hostile assets stay text through filtering, sorting and paging', { skip: SKIP, timeout: 120_000 }, async () => {
  const nonce = randomBytes(16).toString('base64');
  const view = await hostileInventoryView();
  const outcome = await exercise(renderDashboard(view, { nonce, cspSource: 'vscode-webview://x', now: TEST_NOW, pageSize: 2 }), touchEverything);
  assertInert('dashboard', outcome, [view.assets[0].name, view.knowledgeVersion]);
  assert.ok(outcome.posted.some((m) => (m as { type: string }).type === 'open'), 'rows open their asset');
  assert.ok(outcome.posted.every((m) => ['open', 'export'].includes((m as { type: string }).type)), JSON.stringify(outcome.posted));
});

test('the harness catches what it claims to: an unescaped page runs the payload and leaks a request', { skip: SKIP, timeout: 60_000 }, async () => {
  const nonce = randomBytes(16).toString('base64');
  const broken = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}';"></head>
<body><p>${PAYLOADS[1]}</p><p>${PAYLOADS[8]}</p><script nonce="${nonce}">acquireVsCodeApi(); document.body.insertAdjacentHTML('beforeend', '<img src=x onerror="window.__pwned=1">');</script>
<script nonce="${nonce}">window.__pwned = window.__pwned || 'nonce-script-with-payload';</script></body></html>`;
  const outcome = await exercise(broken, async () => undefined);
  assert.ok(outcome.violations.length > 0, 'CSP violations are recorded');
  assert.notEqual(outcome.pwned, undefined, 'window.__pwned is observed');
  const styled = await exercise(`<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';"></head><body><div style="width:5%">bar</div><script nonce="${nonce}">acquireVsCodeApi()</script></body></html>`, async () => undefined);
  assert.ok(styled.violations.some((v) => /style-src/.test(v)), `a style attribute is a CSP violation: ${JSON.stringify(styled.violations)}`);
  const leaky = await exercise(`<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/leak.png"><script>acquireVsCodeApi()</script></body></html>`, async () => undefined);
  assert.ok(leaky.requests.some((r) => r.includes('127.0.0.1:9')), `requests are recorded: ${JSON.stringify(leaky.requests)}`);
});
