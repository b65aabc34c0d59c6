// Webview and hover safety without a browser (the Chromium run is test/ui/webview-safety.test.ts):
// hostile certificate fields, file names, findings and inventory entries render as text. Checks the
// HTML the preview and the dashboard produce (CSP default-src 'none' with nonce'd scripts only, no
// markup or event handler from the data), the hover Markdown (escaped, no link but our own
// command), and that the extension trusts hover Markdown for that one command only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPreview } from '../../client/src/preview/html.js';
import { renderDashboard } from '../../client/src/inventory/dashboard-html.js';
import { renderMarkdown, summarizeCertificate } from '../../server/src/core/x509/summary.js';
import { settingMarkdown } from '../../server/src/lsp/settingKeys.js';
import { hover } from '../../server/src/lsp/hover.js';
import { loadKnowledge } from '../../server/src/core/knowledge-load.js';
import { defaultKnowledge, engineFor, TEST_NOW } from '../harness.js';
import { fixturesDir, repoRoot } from '../helpers.js';
import { fixtureCert } from './x509-support.js';
import { hostileCertificateViews, hostileInventoryView, payload, PAYLOADS, realHostileCertificateViews } from '../ui/hostile-views.js';

const NONCE = 'dGVzdC1ub25jZS0xMjM0NQ==';

/** Static checks of a webview page; returns the markup outside our own script and style elements. */
function assertSafePage(name: string, html: string): void {
  const csp = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g)];
  assert.equal(csp.length, 1, `${name}: one CSP meta element`);
  const policy = new Map(csp[0][1].split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0], d.split(/\s+/).slice(1)] as const));
  assert.deepEqual(policy.get('default-src'), ["'none'"], `${name}: default-src 'none'`);
  assert.deepEqual(policy.get('script-src'), [`'nonce-${NONCE}'`], `${name}: scripts by nonce only`);
  for (const [directive, sources] of policy) {
    assert.ok(!sources.some((s) => /unsafe-(inline|eval|hashes)|^\*$|^https?:|^data:$/.test(s) && directive !== 'img-src'), `${name}: ${directive} ${sources.join(' ')}`);
  }
  const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)];
  assert.ok(scripts.length >= 1, `${name}: has its script`);
  for (const s of scripts) assert.match(s[1], new RegExp(`nonce="${NONCE.replace(/[+/=]/g, '\\$&')}"`), `${name}: a script without the nonce: ${s[0]}`);
  for (const block of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) {
    assert.doesNotMatch(block[1], /<\/script|<!--/i, `${name}: data breaks out of a script element`);
  }
  const markup = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '').replace(/<style\b[^>]*>[\s\S]*?<\/style>/gi, '');
  assert.ok(!/<[a-z][^>]*\son[a-z]+\s*=/i.test(markup), `${name}: an inline event handler`);
  assert.ok(!/=\s*["']?\s*javascript:/i.test(markup), `${name}: a javascript: URL in an attribute`);
  assert.ok(!/<[a-z][^>]*\sstyle\s*=/i.test(markup), `${name}: an inline style attribute (blocked by the CSP, so it would not apply)`);
  for (const p of PAYLOADS) if (/[<>"]/.test(p)) assert.ok(!markup.includes(p), `${name}: payload rendered as markup: ${p}`);
  for (const tag of ['img', 'iframe', 'object', 'base', 'link', 'form', 'a', 'meta http-equiv="refresh"']) {
    assert.ok(!new RegExp(`<${tag}[\\s>/]`, 'i').test(markup), `${name}: a <${tag}> element`);
  }
}

test('certificate preview: hostile fields of synthetic and real certificates render as text under a strict CSP', async () => {
  const synthetic = renderPreview(hostileCertificateViews(), NONCE, 'vscode-webview://x', TEST_NOW);
  assertSafePage('preview (synthetic)', synthetic);
  assert.ok(synthetic.includes('&#60;script&#62;window.__pwned'), 'the payload is shown as text');
  const real = await realHostileCertificateViews();
  assert.ok(real.length >= 1 && real.some((v) => /onerror/.test(v.subject)));
  assertSafePage('preview (hostile-subject.pem)', renderPreview(real, NONCE, 'vscode-webview://x', TEST_NOW));
  assertSafePage('preview (empty)', renderPreview([], NONCE, 'vscode-webview://x', TEST_NOW));
});

test('inventory dashboard: hostile asset names, files, reasons and findings render as text under a strict CSP', async () => {
  const view = await hostileInventoryView();
  assert.ok(view.assets.length >= 3, `${view.assets.length} assets`);
  assertSafePage('dashboard', renderDashboard(view, { nonce: NONCE, cspSource: 'vscode-webview://x', now: TEST_NOW }));
});

/** The Markdown with our own preview link taken out, and checks that nothing else can become a link, an image or HTML. */
function assertInertMarkdown(name: string, markdown: string): void {
  const links = [...markdown.matchAll(/\[Open in preview\]\(command:pqcLens\.previewCertificate\?([^)\s]*)\)/g)];
  assert.ok(links.length <= 1, `${name}: more than one command link`);
  for (const link of links) assert.doesNotMatch(decodeURIComponent(link[1]), /[\])]/, `${name}: the link's arguments could close it early`);
  const rest = markdown.replace(/\[Open in preview\]\(command:pqcLens\.previewCertificate\?[^)\s]*\)/g, '');
  // Every [ ] ( ) < > in untrusted text is escaped (a backslash before it) or an entity.
  assert.doesNotMatch(rest, /(^|[^\\])[[\]<>]/m, `${name}: unescaped bracket or angle bracket in ${JSON.stringify(rest.slice(0, 400))}`);
  assert.doesNotMatch(rest, /(^|[^\\])\]\(/, `${name}: a link target`);
  assert.doesNotMatch(rest, /https?:\/\//, `${name}: an autolinkable URL`);
}

test('certificate hover Markdown escapes hostile fields; its only link is our preview command', async () => {
  const base = fixtureCert('hostile-subject.pem');
  const fields = (n: number) => ({
    ...base,
    subject: `CN=${payload(n)},OU=${payload(n + 1)}`,
    issuer: payload(n + 2),
    serial: payload(n + 3),
    sans: [{ type: 'dns' as const, value: payload(n + 4) }, { type: 'uri' as const, value: payload(n + 5) }],
    keyUsage: base.keyUsage,
  });
  for (let n = 0; n < PAYLOADS.length; n += 6) {
    const cert = fields(n);
    const markdown = renderMarkdown(summarizeCertificate(cert, { now: TEST_NOW, pool: [cert] }));
    assertInertMarkdown(`renderMarkdown #${n}`, markdown);
  }
  // Through the hover handler, on a real certificate with a hostile subject in a file with a hostile name.
  const path = `trust/${PAYLOADS[5]}.pem`;
  const engine = await engineFor({ [path]: readFileSync(join(fixturesDir, 'certs', 'hostile-subject.pem'), 'utf8') });
  const file = engine.file(path)!;
  const result = hover({ textDocument: { uri: 'file:///ws/x.pem' }, position: { line: 2, character: 4 } }, file, engine, defaultKnowledge(), (p) => `file:///ws/${encodeURIComponent(p)}`, TEST_NOW);
  const value = (result?.contents as { value: string } | undefined)?.value ?? '';
  assert.match(value, /onerror/, 'the hover shows the subject');
  assertInertMarkdown('hover', value);

  // Rendered by a Markdown engine at its most permissive (raw HTML and autolinks on), nothing but our link appears.
  let markdownIt: ((options: object) => { render(src: string): string }) | undefined;
  try {
    markdownIt = (await import('markdown-it' as string)).default as typeof markdownIt;
  } catch {
    markdownIt = undefined; // markdown-it comes with @vscode/vsce; the escaping checks above stand without it
  }
  if (markdownIt) {
    const html = markdownIt({ html: true, linkify: true }).render(value);
    const anchors = [...html.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(anchors.map((h) => h.split('?')[0]), ['command:pqcLens.previewCertificate'], html);
    assert.doesNotMatch(html, /<(img|script|svg|iframe|object|form|base|link)[\s>/]/i, html);
  }
});

test('setting hover Markdown escapes a hostile knowledge table (a workspace can point at its own)', () => {
  const markdown = settingMarkdown({
    key: payload(0),
    title: payload(1),
    values: PAYLOADS.map((p, i) => ({ value: `${p}\`${i}`, pq: i % 2 === 0, detail: payload(i) })),
  });
  const outsideCode = markdown.replace(/`[^`\n]*`/g, '');
  assert.doesNotMatch(outsideCode, /(^|[^\\])[[\]<>]/m, outsideCode.slice(0, 300));
});

test('a knowledge table whose roles carry markup instead of a phase number or risk word is refused', () => {
  const knowledge = defaultKnowledge();
  const hostile = { ...knowledge, roles: knowledge.roles.map((r, i) => (i === 0 ? { ...r, phase: PAYLOADS[1] } : i === 1 ? { ...r, hndlRisk: PAYLOADS[0] } : r)) };
  const { knowledge: loaded, problems } = loadKnowledge(JSON.parse(JSON.stringify(hostile)));
  assert.equal(loaded, undefined);
  assert.match(problems.join('\n'), /roles\[0\] "phase" must be a whole number/);
  assert.match(problems.join('\n'), /roles\[1\] "hndlRisk" must be critical, high, medium or low/);
});

test('the extension trusts hover Markdown for the preview command only, and never renders HTML in it', () => {
  const source = readFileSync(join(repoRoot, 'client', 'src', 'extension.ts'), 'utf8');
  const markdown = /markdown:\s*\{([^}]*\{[^}]*\}[^}]*|[^}]*)\}/.exec(source);
  assert.ok(markdown, 'LanguageClientOptions.markdown is set');
  assert.match(markdown[1], /isTrusted:\s*\{\s*enabledCommands:\s*\[\s*'pqcLens\.previewCertificate'\s*\]\s*\}/);
  assert.doesNotMatch(source, /isTrusted:\s*true/);
  assert.doesNotMatch(source, /supportHtml:\s*true/);
  assert.doesNotMatch(source, /enableCommandUris:\s*true/);
});
