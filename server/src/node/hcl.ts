// Outer layer: loads web-tree-sitter and the tree-sitter-hcl grammar (wasm files on disk) and hands
// the core a ready parser. The core never loads wasm itself.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import type { HclTreeSitter } from '../core/formats/hcl.js';

export interface HclParserOptions {
  /**
   * Path of web-tree-sitter's own runtime (`web-tree-sitter.wasm`) when it does not sit next to the
   * web-tree-sitter module (a bundled extension ships it in dist/). Only used by the first call.
   */
  runtimeWasmPath?: string;
}

let runtimeReady: Promise<void> | undefined;
const parsers = new Map<string, Promise<HclTreeSitter>>();

/** Where the npm package `@tree-sitter-grammars/tree-sitter-hcl` keeps its wasm grammar. */
export function defaultHclWasmPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json')), 'tree-sitter-hcl.wasm');
}

function initRuntime(options: HclParserOptions): Promise<void> {
  if (!runtimeReady) {
    const runtime = options.runtimeWasmPath;
    runtimeReady = (runtime ? Parser.init({ locateFile: () => runtime }) : Parser.init()).catch((error: unknown) => {
      runtimeReady = undefined;
      throw error;
    });
  }
  return runtimeReady;
}

/**
 * A tree-sitter parser with the HCL grammar loaded. `wasmPath` overrides where the grammar is read
 * from (default: the installed npm package). Memoised per grammar path; a failed load is not cached.
 */
export async function createHclParser(wasmPath?: string, options: HclParserOptions = {}): Promise<HclTreeSitter> {
  const path = wasmPath ?? defaultHclWasmPath();
  let pending = parsers.get(path);
  if (!pending) {
    pending = (async () => {
      await initRuntime(options);
      const language = await Language.load(path);
      const parser = new Parser();
      parser.setLanguage(language);
      return parser;
    })();
    pending.catch(() => parsers.delete(path));
    parsers.set(path, pending);
  }
  return pending;
}
