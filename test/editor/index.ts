// The in-editor test entry (`extensionTestsPath`): VS Code's extension host calls run(). Used by
// both runners: @vscode/test-electron (scripts/test-vscode.mjs, desktop VS Code) and code-server
// (scripts/e2e/run-editor-tests.mjs). Bundled to dist/test/index.cjs; the suites to
// dist/test/suite/*.test.cjs, each loaded by mocha after its globals (describe/it) exist.
import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type MochaType from 'mocha';
import { measurements } from './suite/util.js';

interface TestRecord { title: string; state: 'passed' | 'failed' | 'pending'; ms: number; error?: string }

export function run(): Promise<void> {
  // Mocha 12's package entry is ESM; its CommonJS build is lib/mocha.cjs.
  const Mocha = require('mocha/lib/mocha.cjs') as typeof MochaType;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const dir = path.join(__dirname, 'suite');
  const grep = process.env.PQC_LENS_EDITOR_GREP;
  if (grep) mocha.grep(grep);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.test.cjs')).sort()) mocha.addFile(path.join(dir, file));

  const records: TestRecord[] = [];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const report = { passed: records.filter((r) => r.state === 'passed').length, failed: failures, pending: records.filter((r) => r.state === 'pending').length, ms: Date.now() - started, tests: records, measurements: measurements() };
      console.log(`[pqc-lens editor tests] measurements ${JSON.stringify(report.measurements)}`);
      console.log(`[pqc-lens editor tests] ${report.passed} passed, ${report.failed} failed`);
      // The code-server runner reads the report from this file (the extension host runs on the same machine).
      if (process.env.PQC_LENS_EDITOR_REPORT) writeFileSync(process.env.PQC_LENS_EDITOR_REPORT, JSON.stringify(report, null, 2));
      if (failures > 0) reject(new Error(`${failures} editor test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => records.push({ title: t.fullTitle(), state: 'passed', ms: t.duration ?? 0 }));
    runner.on('fail', (t, error: Error) => records.push({ title: t.fullTitle(), state: 'failed', ms: t.duration ?? 0, error: String(error?.stack ?? error) }));
    runner.on('pending', (t) => records.push({ title: t.fullTitle(), state: 'pending', ms: 0 }));
  });
}
