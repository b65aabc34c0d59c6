import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runInspect } from '../../server/src/cli/inspect.js';
import { repoRoot } from '../helpers.js';

async function run(args: string[], stdin?: Uint8Array): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runInspect(args, {
    cwd: repoRoot,
    stdout: (s) => { out += s; },
    stderr: (s) => { err += s; },
    readFile: (p) => readFile(p),
    readStdin: async () => stdin ?? new Uint8Array(),
  });
  return { code, out, err };
}

test('inspect --format json: fields, verification inside the bundle', async () => {
  const { code, out } = await run(['test/fixtures/certs/chain-bundle.pem', '--format', 'json']);
  assert.equal(code, 0);
  const { certificates } = JSON.parse(out) as { certificates: Array<Record<string, unknown>> };
  assert.equal(certificates.length, 2);
  const [leaf, ca] = certificates;
  assert.deepEqual(Object.keys(leaf), ['file', 'line', 'subject', 'issuer', 'serial', 'notBefore', 'notAfter', 'publicKey', 'signature', 'pqcClass', 'fingerprintSha256', 'bytes']);
  assert.equal(leaf.line, 1);
  assert.ok((ca.line as number) > 1);
  assert.deepEqual(leaf.publicKey, { algorithm: 'ML-DSA-65', oid: '2.16.840.1.101.3.4.3.18' });
  assert.deepEqual(leaf.signature, { algorithm: 'ML-DSA-65', oid: '2.16.840.1.101.3.4.3.18', verified: true, reason: null });
  assert.equal(leaf.pqcClass, 'pq');
});

test('inspect text output of a YAML Secret and of a legacy composite (DER)', async () => {
  const secret = await run(['test/fixtures/certs/secret-tls.yaml']);
  assert.equal(secret.code, 0);
  assert.match(secret.out, /secret-tls\.yaml:8 \(data\.tls\.crt\)/);
  assert.match(secret.out, /Public Key Algorithm: RSA 2048/);
  assert.match(secret.out, /Signature: verified/);
  const legacy = await run(['test/corpus/pqc-certs/hackathon-composite-r5/id-MLDSA44-Ed25519-SHA512-2.16.840.1.114027.80.9.1.2_ta.der']);
  assert.equal(legacy.code, 0);
  assert.match(legacy.out, /not checked \(draft -06\/-07 composite: verification not implemented\)/);
  assert.match(legacy.out, /PQC class: legacy-pq/);
});

test('inspect --format pem re-encodes base64 DER values; stdin works', async () => {
  const { code, out } = await run(['test/fixtures/certs/webhook.yaml', '--format=pem']);
  assert.equal(code, 0);
  assert.match(out, /^-----BEGIN CERTIFICATE-----\n/);
  const pem = await readFile(join(repoRoot, 'test/fixtures/certs/mldsa65-ca.pem'), 'utf8');
  assert.equal(out, pem);
  const viaStdin = await run(['-', '--format', 'json'], new TextEncoder().encode(pem));
  assert.equal(viaStdin.code, 0);
  assert.equal((JSON.parse(viaStdin.out) as { certificates: Array<{ file: string }> }).certificates[0].file, '<stdin>');
});

test('inspect exit codes: bad signature and invalid give 1, usage errors 2', async () => {
  const tampered = await run(['test/fixtures/rules/certificate/bad-signature/bad-tampered-mldsa/tampered-signature.pem', '--format', 'json']);
  assert.equal(tampered.code, 0, 'issuer not in the same input: not checked, not a failure');
  const invalid = await run(['test/fixtures/certs/invalid.pem', '--format', 'json']);
  assert.equal(invalid.code, 1);
  assert.match(invalid.out, /"error": "not DER/);
  assert.equal((await run([])).code, 2);
  assert.equal((await run(['x.pem', '--format', 'xml'])).code, 2);
  assert.equal((await run(['does-not-exist.pem'])).code, 2);
  const none = await run(['package.json']);
  assert.equal(none.code, 1);
  assert.match(none.err, /no certificate found/);
});
