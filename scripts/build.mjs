// Build: regenerate the rule registry, compile TypeScript to out/ (CLI, tests), and bundle the
// extension client and language server into dist/ (esbuild).
import { execFileSync } from 'node:child_process';
import { generateRuleIndex } from './gen-rule-index.mjs';

generateRuleIndex();
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
execFileSync(process.execPath, ['scripts/bundle.mjs'], { stdio: 'inherit' });
