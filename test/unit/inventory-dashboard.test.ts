// The dashboard renderer as a pure function (the browser test in test/ui/ runs it in Chromium):
// strict CSP with a nonce, no remote content, escaping, phase bars in proportion, empty state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { phaseBarsSvg, renderDashboard, scriptJson, timelineSvg } from '../../client/src/inventory/dashboard-html.js';
import { buildInventory } from '../../server/src/core/inventory/build.js';
import { jsonAsset } from '../../server/src/core/inventory/export.js';
import type { InventoryView } from '../../server/src/lsp/inventory-protocol.js';
import { defaultKnowledge, engineForDir, TEST_NOW } from '../harness.js';
import { fixturesDir } from '../helpers.js';

async function fixtureView(): Promise<InventoryView> {
  const engine = await engineForDir(join(fixturesDir, 'inventory', 'kubeadm-cluster'));
  const inventory = buildInventory(engine, defaultKnowledge(), { now: TEST_NOW });
  return {
    assets: inventory.assets.map((a) => ({ ...jsonAsset(a), uri: `file:///ws/${a.file}`, range: a.range })),
    summary: inventory.summary,
    generatedAt: inventory.generatedAt,
    knowledgeVersion: inventory.knowledgeVersion,
  };
}

test('dashboard HTML: strict CSP, nonce on the one script and style, nothing remote', async () => {
  const html = renderDashboard(await fixtureView(), { nonce: 'abc123', cspSource: 'vscode-webview://x', now: TEST_NOW });
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  assert.equal(csp, "default-src 'none'; style-src 'nonce-abc123'; script-src 'nonce-abc123';");
  const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
  assert.deepEqual(scripts, [' type="application/json" id="inventory-data" nonce="abc123"', ' nonce="abc123"']);
  assert.deepEqual([...html.matchAll(/<style([^>]*)>/g)].map((m) => m[1]), [' nonce="abc123"']);
  assert.ok(!/\b(src|href)=/.test(html.replace(/<script[\s\S]*?<\/script>/g, '')), 'no src/href attributes');
  assert.ok(!/https?:\/\//.test(html.replace(/<script type="application\/json"[\s\S]*?<\/script>/, '')), 'no URLs outside the data');
  assert.ok(!/ on[a-z]+=/.test(html), 'no inline event handlers');
});

test('dashboard HTML: one bar per phase, segments in proportion to the classes', async () => {
  const view = await fixtureView();
  const svg = phaseBarsSvg(view);
  const bars = [...svg.matchAll(/<g class="phase-bar" data-phase="(\d+)"/g)].map((m) => Number(m[1]));
  assert.deepEqual(bars, [2, 3, 4]);
  const phase2 = svg.slice(svg.indexOf('data-phase="2"'), svg.indexOf('data-phase="3"'));
  const widths = Object.fromEntries([...phase2.matchAll(/data-class="([a-z-]+)" x="[\d.]+" y="\d+" width="([\d.]+)"/g)].map((m) => [m[1], Number(m[2])]));
  assert.deepEqual(Object.keys(widths), ['classical', 'hybrid']);
  assert.ok(Math.abs(widths.classical / widths.hybrid - 9 / 4) < 0.01, JSON.stringify(widths));
  assert.match(phase2, /4\/13 ready · 31% · next/);
});

test('dashboard HTML: subjects and names are escaped everywhere, the data cannot close its script element', async () => {
  const view = await fixtureView();
  view.assets[0].name = '<img src=x onerror=alert(1)>';
  view.assets[0].notAfter = '2027-03-01T00:00:00Z';
  view.assets[0].algorithm = '</script><script>alert(2)</script>';
  view.summary.nextPhase = { phase: 2, notReady: 1, roles: ['<b>x</b>' as never] };
  const html = renderDashboard(view, { nonce: 'n', cspSource: 'c', now: TEST_NOW });
  assert.ok(!html.includes('<img src=x'), 'name escaped in the timeline');
  assert.ok(!html.includes('</script><script>alert(2)'), 'data escaped inside the JSON script');
  assert.ok(!html.includes('<b>x</b>'));
  assert.equal(JSON.parse(scriptJson({ a: '</script>&\u2028' }).replace(/\\u003c/g, '<')).a, '</script>&\u2028');
  assert.ok(!scriptJson({ a: '</script>' }).includes('<'));
});

test('dashboard HTML: the expiry timeline groups certificates by month and risk, with a today line', async () => {
  const view = await fixtureView();
  const svg = timelineSvg(view, TEST_NOW);
  const circles = [...svg.matchAll(/<circle class="expiry ([a-z-]+)"/g)];
  const dated = view.assets.filter((a) => a.notAfter).length;
  assert.ok(circles.length > 3 && circles.length < dated, `${circles.length} bubbles for ${dated} certificates`);
  assert.match(svg, /class="now-label"[^>]*>today</);
  assert.match(svg, />2036</);
});

test('dashboard HTML: an empty inventory renders an empty state', () => {
  const empty: InventoryView = {
    assets: [], generatedAt: TEST_NOW.toISOString(), knowledgeVersion: 'k',
    summary: {
      total: 0, ready: 0, readiness: 0, byClass: { classical: 0, 'legacy-pq': 0, unknown: 0, hybrid: 0, pq: 0 }, byRisk: { critical: 0, high: 0, medium: 0, low: 0 },
      byKind: { certificate: 0, 'public-key': 0, issuer: 0, 'key-exchange': 0, 'certificate-request': 0 }, byRole: {}, phases: [], nextPhase: null, expired: 0, expiring: 0,
    },
  };
  const html = renderDashboard(empty, { nonce: 'n', cspSource: 'c', now: TEST_NOW });
  assert.match(html, /No assets yet\./);
  assert.match(html, /No certificate with an expiry date\./);
  assert.match(html, /No certificates, keys, issuers or key-exchange settings found yet\./);
});
