// The W2 floor: reads every candidate file of a folder and parses it with the parser matching its
// kind, nothing else (no facts, no rules, no certificate decoding, no output). The CLI's wall time
// is compared with this one's, both measured the same way from outside the process.
//   YAML         yaml.parseAllDocuments (the library PQC Lens uses)
//   SPIRE HCL    tree-sitter-hcl (web-tree-sitter), the tree freed after each file
//   ca.json      jsonc-parser parseTree
//   openssl.cnf  PQC Lens's own openssl.cnf parser (there is no library parser to use instead)
//   PEM          PEM block search and base64 decoding of every block
// Usage: node out/bench/floor.js DIR   -> prints {"files":N,"bytes":B,"ms":T} on stdout
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { parseTree } from 'jsonc-parser';
import { isCandidateName } from '../server/src/core/detect.js';
import { decodeBase64Strict, findPemBlocks } from '../server/src/core/formats/pem.js';
import { parseOpensslCnf } from '../server/src/core/formats/openssl.js';
import { createHclParser } from '../server/src/node/hcl.js';

export interface FloorResult { files: number; bytes: number; ms: number }

const SKIPPED = new Set(['node_modules', '.git', 'out', 'dist']);

function walk(dir: string, out: string[]): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED.has(entry.name)) walk(full, out);
    } else if (entry.isFile() && isCandidateName(entry.name)) out.push(full);
  }
}

export async function floor(dir: string): Promise<FloorResult> {
  const started = performance.now();
  const hcl = await createHclParser();
  const paths: string[] = [];
  walk(dir, paths);
  let bytes = 0;
  for (const path of paths) {
    const buffer = readFileSync(path);
    bytes += buffer.length;
    const text = buffer.toString('utf8');
    if (/\.ya?ml$/i.test(path)) {
      parseAllDocuments(text);
    } else if (/\.(conf|hcl)$/i.test(path)) {
      (hcl.parse(text) as { delete?: () => void } | null)?.delete?.();
    } else if (/\.json$/i.test(path)) {
      parseTree(text);
    } else if (/\.(cnf|cfg)$/i.test(path)) {
      parseOpensslCnf(text);
    } else {
      for (const block of findPemBlocks(text)) decodeBase64Strict(block.body);
    }
  }
  return { files: paths.length, bytes, ms: performance.now() - started };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: node out/bench/floor.js DIR\n');
    process.exit(2);
  }
  process.stdout.write(`${JSON.stringify(await floor(dir))}\n`);
}
