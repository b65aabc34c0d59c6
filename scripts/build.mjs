// Build: regenerate the rule registry, then compile TypeScript to out/.
// Bundling for the extension (esbuild) lives in scripts/bundle.mjs.
import { execFileSync } from 'node:child_process';
import { generateRuleIndex } from './gen-rule-index.mjs';

generateRuleIndex();
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
