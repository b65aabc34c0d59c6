// `npm run test:vscode`: the in-editor suite (test/editor, bundled to dist/test/) in desktop
// VS Code through @vscode/test-electron, which downloads VS Code on first use (so it needs
// network access to Microsoft's servers; where that is not available, as in CI here, use
// `npm run test:editor`, which runs the same suite in code-server offline).
// @vscode/test-electron (a devDependency) downloads desktop VS Code on first use; this machine cannot.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
let runTests;
try {
  ({ runTests } = await import('@vscode/test-electron'));
} catch {
  console.error('test:vscode needs @vscode/test-electron: npm install --no-save @vscode/test-electron');
  process.exit(2);
}
const workspace = mkdtempSync(join(tmpdir(), 'pqc-lens-vscode-'));
cpSync(join(root, 'examples'), workspace, { recursive: true });
try {
  await runTests({
    version: process.env.PQC_LENS_VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'dist', 'test', 'index.cjs'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (error) {
  console.error(`test:vscode: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
