// Bundles the extension client and the language server for the VSIX (CommonJS, minified), the CLI,
// copies the tree-sitter wasm files next to them, and bundles the in-editor tests to dist/test/
// (not shipped: .vscodeignore keeps dist/test/ out of the VSIX).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
mkdirSync('dist', { recursive: true });

const common = { bundle: true, mainFields: ['module', 'main'], platform: 'node', target: 'node20', format: 'cjs', minify: true, sourcemap: false, logLevel: 'warning', legalComments: 'none' };
// import.meta.url does not exist in CommonJS bundles; map it to the bundle file's URL.
const importMetaShim = { define: { 'import.meta.url': 'importMetaUrl' }, banner: { js: 'const importMetaUrl = require("url").pathToFileURL(__filename).href;' } };

// Banner and footer time the evaluation of the bundle, which activate() reports as part of its cost.
await build({
  ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.cjs', external: ['vscode'],
  banner: { js: 'var __pqcLensLoadStart=performance.now();' }, footer: { js: 'var __pqcLensLoadEnd=performance.now();' },
});
await build({ ...common, ...importMetaShim, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.cjs', loader: { '.json': 'json' } });

// The CLI and its check worker (ES modules, like out/): one module graph loads in about half the
// time of out/'s hundred-odd files, and the parallel check starts a worker that loads it again.
// web-tree-sitter stays in node_modules, where it finds its runtime wasm next to itself.
rmSync('dist/cli', { recursive: true, force: true });
await build({
  ...common, format: 'esm', minify: false, splitting: true, outdir: 'dist/cli', external: ['web-tree-sitter'],
  entryPoints: { main: 'server/src/cli/main.ts', 'check-worker': 'server/src/cli/check-worker.ts' },
  // Bundled CommonJS dependencies call require(); an ES module has none of its own.
  banner: { js: 'import { createRequire as pqcLensCreateRequire } from "node:module"; const require = pqcLensCreateRequire(import.meta.url);' },
});

copyFileSync(join(dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json')), 'tree-sitter-hcl.wasm'), 'dist/tree-sitter-hcl.wasm');
copyFileSync(join(dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm'), 'dist/web-tree-sitter.wasm');

// In-editor tests: the run() entry and one file per suite (mocha loads each after defining its
// globals). `vscode` comes from the extension host, mocha from node_modules at run time.
rmSync('dist/test', { recursive: true, force: true });
const suites = readdirSync('test/editor/suite').filter((f) => f.endsWith('.test.ts')).map((f) => join('test/editor/suite', f));
await build({
  ...common, minify: false, sourcemap: 'inline', entryPoints: ['test/editor/index.ts', ...suites], outdir: 'dist/test', outbase: 'test/editor',
  outExtension: { '.js': '.cjs' }, external: ['vscode', 'mocha', 'mocha/*'],
});
