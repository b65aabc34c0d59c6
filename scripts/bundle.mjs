// Bundles the extension client and the language server for the VSIX (CommonJS, minified),
// and copies the tree-sitter wasm files next to them.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
mkdirSync('dist', { recursive: true });

const common = { bundle: true, mainFields: ['module', 'main'], platform: 'node', target: 'node20', format: 'cjs', minify: true, sourcemap: false, logLevel: 'warning', legalComments: 'none' };
// import.meta.url does not exist in CommonJS bundles; map it to the bundle file's URL.
const importMetaShim = { define: { 'import.meta.url': 'importMetaUrl' }, banner: { js: 'const importMetaUrl = require("url").pathToFileURL(__filename).href;' } };

await build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.cjs', external: ['vscode'] });
await build({ ...common, ...importMetaShim, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.cjs', loader: { '.json': 'json' } });

copyFileSync(join(dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json')), 'tree-sitter-hcl.wasm'), 'dist/tree-sitter-hcl.wasm');
copyFileSync(join(dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm'), 'dist/web-tree-sitter.wasm');
