// UI smoke test in a real VS Code (code-server 4.139.1, headless Chromium): installs the packaged
// VSIX like a user would, opens a manifest from examples/, sees the squiggle and the Problems
// entry, applies a quick fix from the lightbulb menu (Ctrl+.), saves, and opens the certificate
// preview from the command palette and reads the webview. Screenshots go to
// test-results/screenshots/. Usage: npm run package && node scripts/e2e/ui-smoke.mjs [file.vsix]
import { mkdirSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkInstalled, codeServerCommand, launchChromium, makeSandbox, ROOT, startCodeServer } from './code-server.mjs';
import { checkVsixContents, zipEntries } from './vsix.mjs';

const VSIX = process.argv[2] ?? join(ROOT, 'pqc-lens.vsix');
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const timings = {};

async function step(name, fn) {
  const started = Date.now();
  try {
    return await fn();
  } finally {
    timings[name] = Date.now() - started;
    console.log(`  ${name}: ${timings[name]} ms`);
  }
}

function fail(message) {
  throw new Error(message);
}

async function main() {
  checkInstalled();
  if (!existsSync(VSIX)) fail(`${VSIX} missing: run npm run package`);
  const entries = zipEntries(VSIX);
  const problems = checkVsixContents(entries);
  if (problems.length > 0) fail(`VSIX contents:\n  ${problems.join('\n  ')}`);
  console.log(`VSIX ${VSIX}: ${entries.length} files, ${(readFileSync(VSIX).length / 1024).toFixed(0)} KiB; contents ok`);
  mkdirSync(SHOTS, { recursive: true });

  const sandbox = makeSandbox('pqc-lens-ui-');
  let server;
  let browser;
  try {
    await step('install VSIX', () => codeServerCommand(sandbox, ['--install-extension', VSIX, '--force']));
    const installed = readdirSync(sandbox.extensions).find((d) => d.startsWith('pqc-lens.pqc-lens-'));
    if (!installed) fail(`the VSIX did not install into ${sandbox.extensions}: ${readdirSync(sandbox.extensions).join(', ')}`);
    // The server finds the knowledge table from dist/ by walking up to the package.json; the
    // diagnostics below prove it loads, these say where it is.
    for (const rel of ['package.json', 'dist/server.cjs', 'dist/tree-sitter-hcl.wasm', 'schemas/knowledge.json']) {
      if (!existsSync(join(sandbox.extensions, installed, rel))) fail(`installed extension lacks ${rel}`);
    }
    server = await step('start code-server', () => startCodeServer(sandbox));
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    page.setDefaultTimeout(30_000);

    await step('load workbench', async () => {
      await page.goto(`${server.url}/?folder=${encodeURIComponent(sandbox.workspace)}`);
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'kubeadm' }).first().waitFor();
    });

    const editorLines = page.locator('.editor-instance .monaco-editor .view-line');
    // The token itself (a line is a span of token spans): hovering/clicking the line's middle would miss the diagnostic's range.
    const warningCount = async () => Number(/Warnings: (\d+)/.exec((await page.locator('#status\\.problems').first().getAttribute('aria-label')) ?? '')?.[1] ?? NaN);
    const versionToken = () => page.locator('.editor-instance .monaco-editor .view-line span span', { hasText: /^v1\.32\.4$/ }).first();
    await step('open manifest until squiggle', async () => {
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'kubeadm' }).first().click();
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'cluster-configuration.yaml' }).first().click();
      await editorLines.filter({ hasText: /kubernetesVersion:\sv1\.32\.4/ }).first().waitFor();
      await page.locator('.editor-instance .squiggly-warning').first().waitFor();
    });
    await page.screenshot({ path: join(SHOTS, '01-squiggle.png') });

    await step('problems panel entry', async () => {
      await page.keyboard.press('Control+Shift+M');
      // The list is virtualised (36 problems in examples/): filter it down to this rule.
      await page.getByPlaceholder(/^Filter \(e\.g\. text/).fill('no-pq-key-exchange');
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'is built with Go 1.23' }).first().waitFor();
    });
    await page.screenshot({ path: join(SHOTS, '02-problems.png') });

    await step('hover on the version', async () => {
      await versionToken().hover();
      await page.locator('.monaco-hover', { hasText: 'kubernetes/no-pq-key-exchange' }).first().waitFor();
    });
    await page.screenshot({ path: join(SHOTS, '03-hover.png') });
    await page.keyboard.press('Escape');

    let previewText = '';
    await step('preview from the command palette', async () => {
      // Quick Open rather than the Explorer: a click on the `pki` folder row collapses it when the
      // Explorer already shows it expanded, and the file row is then never there (a flaky CI run).
      await page.keyboard.press('Control+P');
      await page.locator('.quick-input-widget input').fill('hybrid-ca.crt');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'hybrid-ca.crt' }).first().waitFor();
      await page.keyboard.press('Enter');
      await editorLines.filter({ hasText: 'BEGIN CERTIFICATE' }).first().waitFor();
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').fill('>PQC: Preview Certificate');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Preview Certificate' }).first().waitFor();
      await page.keyboard.press('Enter');
      const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      await frame.locator('.card h2', { hasText: 'Hybrid (composite)' }).waitFor();
      previewText = await frame.locator('body').innerText();
    });
    for (const expected of [/Certificate preview/, /Hybrid \(composite\)/, /kubernetes-hybrid-ca/, /MLDSA65-ECDSA-P256/, /Signature: verified/i]) {
      if (!expected.test(previewText)) fail(`the preview does not show ${expected}:\n${previewText}`);
    }
    await page.screenshot({ path: join(SHOTS, '05-preview.png') });

    await step('quick fix from the lightbulb menu', async () => {
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'cluster-configuration.yaml' }).first().click();
      const warningsBefore = await warningCount();
      // Bottom panel closed for the README picture.
      await page.keyboard.press('Control+J');
      await page.locator('.markers-panel').waitFor({ state: 'hidden' });
      const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Upgrade Kubernetes to v1.33.0' }).first();
      // Ctrl+. right after switching editors can land before the editor has keyboard focus back
      // from the webview: click into the token and try again, a few times.
      for (let attempt = 1; ; attempt++) {
        await versionToken().click();
        await page.locator('.editor-instance .monaco-editor.focused').first().waitFor();
        await page.keyboard.press('Control+.');
        try {
          await fix.waitFor({ timeout: 5_000 });
          break;
        } catch (error) {
          if (attempt === 3) throw error;
          await page.keyboard.press('Escape');
        }
      }
      await page.locator('.action-widget .monaco-list-row', { hasText: 'Disable kubernetes/no-pq-key-exchange for this line' }).first().waitFor();
      await page.locator('.action-widget .monaco-list-row', { hasText: 'Show documentation for kubernetes/no-pq-key-exchange' }).first().waitFor();
      await page.screenshot({ path: join(SHOTS, '06-quick-fix.png') });
      // Editor area only, for the README (docs/images/editor.png is a copy of it).
      await page.screenshot({ path: join(SHOTS, 'readme-editor.png'), clip: { x: 352, y: 36, width: 928, height: 420 } });
      await fix.click();
      await editorLines.filter({ hasText: /kubernetesVersion:\sv1\.33\.0/ }).first().waitFor();
      await page.keyboard.press('Control+S');
      const file = join(sandbox.workspace, 'kubeadm', 'cluster-configuration.yaml');
      const deadline = Date.now() + 10_000;
      while (!/kubernetesVersion: v1\.33\.0\n/.test(readFileSync(file, 'utf8'))) {
        if (Date.now() > deadline) fail('the fixed file was not saved');
        await new Promise((r) => setTimeout(r, 100));
      }
      // The squiggle has gone, the status bar counts one warning less, and the Problems panel
      // filtered to the rule has nothing left.
      await page.locator('.editor-instance .squiggly-warning').first().waitFor({ state: 'detached' });
      const deadline2 = Date.now() + 10_000;
      while ((await warningCount()) !== warningsBefore - 1) {
        if (Date.now() > deadline2) fail(`status bar warnings: ${await warningCount()}, expected ${warningsBefore - 1}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      await page.keyboard.press('Control+Shift+M');
      await page.getByPlaceholder(/^Filter \(e\.g\. text/).fill('no-pq-key-exchange');
      await page.locator('.markers-panel', { hasText: 'No results found with provided filter criteria' }).waitFor();
    });
    await page.screenshot({ path: join(SHOTS, '07-fixed.png') });
    console.log(`timings (ms): ${JSON.stringify(timings)}`);
    console.log(`screenshots: ${SHOTS}`);
    console.log('1 passed, 0 failed');
    return 0;
  } catch (error) {
    console.error(`ui-smoke: ${error instanceof Error ? error.stack : String(error)}`);
    if (browser) {
      const [page] = browser.contexts().flatMap((c) => c.pages());
      await page?.screenshot({ path: join(SHOTS, 'failure.png') }).catch(() => undefined);
    }
    if (server) console.error(server.log.join('').split('\n').filter((l) => /error/i.test(l) && !/gallery|authentication provider/i.test(l)).slice(-20).join('\n'));
    console.log('0 passed, 1 failed');
    return 1;
  } finally {
    await browser?.close().catch(() => undefined);
    server?.stop();
    if (!process.env.PQC_LENS_KEEP_SANDBOX) sandbox.remove();
  }
}

main().then((code) => process.exit(code));
