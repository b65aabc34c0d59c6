// Runs the in-editor mocha suite (test/editor, bundled to dist/test/) inside a real VS Code: the
// extension host of code-server 4.139.1, with this folder as the development extension and a copy
// of examples/ as the workspace. Offline; @vscode/test-electron's download is not needed.
// Usage: npm run build && bash scripts/e2e/install.sh && node scripts/e2e/run-editor-tests.mjs
// Exit code: the extension host's (0 when every test passed).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { checkInstalled, launchChromium, makeSandbox, ROOT, startCodeServer, withTimeout } from './code-server.mjs';

const TIMEOUT_MS = Number(process.env.PQC_LENS_EDITOR_TIMEOUT_MS ?? 180_000);

async function main() {
  checkInstalled();
  const tests = join(ROOT, 'dist', 'test', 'index.cjs');
  if (!existsSync(tests)) throw new Error(`${tests} missing: run npm run build`);
  const began = Date.now();
  const sandbox = makeSandbox('pqc-lens-editor-');
  const reportPath = join(sandbox.dir, 'report.json');
  const server = await startCodeServer(sandbox, { smokeTestDriver: true, env: { PQC_LENS_EDITOR_REPORT: reportPath } });
  console.log(`code-server ready in ${server.readyMs} ms at ${server.url}`);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    let resolveExit;
    const exited = new Promise((resolve) => { resolveExit = resolve; });
    await page.exposeFunction('codeAutomationExit', (code) => { resolveExit(code); });
    // The extension host's console output (mocha's spec reporter): printf-style argument lists.
    await page.exposeFunction('codeAutomationLog', (_level, messages) => {
      console.log(Array.isArray(messages) ? format(...messages) : String(messages));
    });
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', `vscode-remote://remote${ROOT.replace(/\/$/, '')}`],
      ['extensionTestsPath', `vscode-remote://remote${tests}`],
    ]);
    const loaded = Date.now();
    await page.goto(`${server.url}/?folder=${encodeURIComponent(sandbox.workspace)}&payload=${encodeURIComponent(payload)}`);
    const code = await withTimeout(exited, TIMEOUT_MS, 'the extension host test run');
    const report = existsSync(reportPath) ? JSON.parse(readFileSync(reportPath, 'utf8')) : undefined;
    console.log(`\nextension host exited with ${code}; page load to exit ${((Date.now() - loaded) / 1000).toFixed(1)} s; whole run ${((Date.now() - began) / 1000).toFixed(1)} s`);
    if (!report) {
      console.error('no test report was written (did run() start?)');
      return 1;
    }
    for (const t of report.tests) console.log(`  ${t.state === 'passed' ? 'ok  ' : t.state === 'failed' ? 'FAIL' : 'skip'} ${t.title} (${t.ms} ms)${t.error ? `\n       ${t.error.split('\n').slice(0, 6).join('\n       ')}` : ''}`);
    console.log(`measurements: ${JSON.stringify(report.measurements)}`);
    console.log(`${report.passed} passed, ${report.failed} failed`);
    return code === 0 && report.failed === 0 && report.passed > 0 ? 0 : 1;
  } finally {
    await browser.close().catch(() => undefined);
    server.stop();
    if (!process.env.PQC_LENS_KEEP_SANDBOX) sandbox.remove();
  }
}

main().then((code) => process.exit(code), (error) => {
  console.error(`run-editor-tests: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
