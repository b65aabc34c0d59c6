// Reads the entry names of a VSIX (a zip file) from its central directory, and checks that the
// package holds what the extension needs at run time and nothing of the development tree.
import { readFileSync } from 'node:fs';

export function zipEntries(path) {
  const zip = readFileSync(path);
  // End of central directory record: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${path}: not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`${path}: bad central directory entry ${n}`);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    entries.push({ name: zip.toString('utf8', offset + 46, offset + 46 + nameLength), size });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Problems with the VSIX's contents (empty when it is fine). */
export function checkVsixContents(entries) {
  const names = entries.map((e) => e.name);
  const problems = [];
  for (const required of ['extension/package.json', 'extension/dist/extension.cjs', 'extension/dist/server.cjs', 'extension/dist/tree-sitter-hcl.wasm', 'extension/dist/web-tree-sitter.wasm', 'extension/schemas/knowledge.json']) {
    if (!names.includes(required)) problems.push(`missing ${required}`);
  }
  if (!names.some((n) => /^extension\/docs\/rules\/.+\.md$/.test(n))) problems.push('no rule documentation (docs/rules/*.md)');
  const forbidden = /(^|\/)(node_modules|src|test|tests|fixtures|examples|out|bench|scripts|\.cache|\.ci)\/|\.(ts|map|vsix)$|(^|\/)(tsconfig\.json|package-lock\.json)$/;
  for (const name of names) if (name.startsWith('extension/') && forbidden.test(name.slice('extension/'.length))) problems.push(`should not ship ${name}`);
  return problems;
}
