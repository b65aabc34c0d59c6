import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Engine } from '../../../server/src/core/engine.js';
import type { Finding } from '../../../server/src/core/types.js';
import { applyFix, engineFor, findingsOf } from '../../harness.js';

const ID = 'openssl/obsolete-group-names';
const SSL = 'openssl_conf = openssl_init\n\n[openssl_init]\nssl_conf = ssl_sect\n\n[ssl_sect]\nsystem_default = system_default_sect\n\n[system_default_sect]\n';

function slice(engine: Engine, f: Finding): string {
  return engine.file(f.file)!.text.slice(f.span.start, f.span.end);
}

async function findings(text: string, path = 'etc/ssl/openssl.cnf'): Promise<{ engine: Engine; found: Finding[] }> {
  const engine = await engineFor({ [path]: text });
  return { engine, found: findingsOf(engine, ID) };
}

test("oqs-provider USAGE.md's Groups = kyber768:kyber1024: one finding per name, on the name, renamed in place", async () => {
  const { engine, found } = await findings(SSL + 'Groups = kyber768:kyber1024\n');
  assert.deepEqual(found.map((f) => slice(engine, f)), ['kyber768', 'kyber1024']);
  assert.equal(found[0].severity, 'warning');
  assert.equal(
    found[0].message,
    '"kyber768" in Groups [system_default_sect] is a pre-standard Kyber group: peers that implement ML-KEM (FIPS 203) do not negotiate it. Use the standard "mlkem768", which OpenSSL 3.5+ has built in.',
  );
  assert.equal(found[0].fixes[0].title, 'Replace "kyber768" with "mlkem768"');
  assert.equal(found[0].fixes[0].safe, true);
  const text = applyFix(engine, found[0], found[0].fixes[0]);
  assert.equal(text, SSL + 'Groups = mlkem768:kyber1024\n');
  const rest = findingsOf(engine, ID);
  assert.deepEqual(rest.map((f) => slice(engine, f)), ['kyber1024']);
  assert.equal(applyFix(engine, rest[0], rest[0].fixes[0]), SSL + 'Groups = mlkem768:mlkem1024\n');
  assert.deepEqual(findingsOf(engine, ID), []);
  assert.deepEqual(findingsOf(engine, 'openssl/classical-groups'), []);
});

test('x25519_kyber768 next to X25519MLKEM768: the fix removes it with one separator instead of duplicating', async () => {
  const { engine, found } = await findings(SSL + 'Groups = x25519_kyber768:X25519MLKEM768:X25519\n');
  const [f] = found;
  assert.equal(
    f.message,
    '"x25519_kyber768" in Groups [system_default_sect] is a pre-standard Kyber group, codepoint 0x6399: peers that implement ML-KEM (FIPS 203) do not negotiate it. ' +
      'Use the standard "X25519MLKEM768", which OpenSSL 3.5+ has built in and which this list already names.',
  );
  assert.equal(f.fixes[0].title, 'Remove "x25519_kyber768" (X25519MLKEM768 is already listed)');
  assert.equal(applyFix(engine, f, f.fixes[0]), SSL + 'Groups = X25519MLKEM768:X25519\n');
  assert.deepEqual(findingsOf(engine, ID), []);

  const last = await findings(SSL + 'Groups = X25519MLKEM768:X25519:?*x25519_kyber768\n');
  assert.equal(applyFix(last.engine, last.found[0], last.found[0].fixes[0]), SSL + 'Groups = X25519MLKEM768:X25519\n');
});

test('OpenSSL 3.5 prefixes are kept; Curves and lower-case keys count; hybrids map to the standard hybrids', async () => {
  const { engine, found } = await findings(SSL + 'curves = ?*p256_kyber768 / ?x25519_kyber512:X448\n');
  assert.deepEqual(found.map((f) => slice(engine, f)), ['p256_kyber768', 'x25519_kyber512']);
  assert.equal(found[0].fixes[0].title, 'Replace "p256_kyber768" with "SecP256r1MLKEM768"');
  assert.equal(applyFix(engine, found[0], found[0].fixes[0]), SSL + 'curves = ?*SecP256r1MLKEM768 / ?x25519_kyber512:X448\n');
});

test('embedded in a ConfigMap: the span is inside the YAML and the fix keeps the YAML valid', async () => {
  const yaml = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: nginx-openssl',
    'data:',
    '  openssl.cnf: |',
    '    [system_default_sect]',
    '    Groups = kyber768',
    '',
  ].join('\n');
  const { engine, found } = await findings(yaml, 'cm.yaml');
  assert.equal(slice(engine, found[0]), 'kyber768');
  assert.equal(found[0].range.start.line, 7);
  assert.ok(found[0].message.includes('(embedded config ConfigMap/nginx-openssl data.openssl.cnf)'));
  const fixed = applyFix(engine, found[0], found[0].fixes[0]);
  assert.equal((parse(fixed) as { data: Record<string, string> }).data['openssl.cnf'], '[system_default_sect]\nGroups = mlkem768\n');
});

test('values OpenSSL expands (quotes, variables) are reported on the value without a fix; standard names are not reported', async () => {
  const quoted = await findings(SSL + 'Groups = "kyber768:X25519"\n');
  assert.equal(quoted.found.length, 1);
  assert.equal(slice(quoted.engine, quoted.found[0]), '"kyber768:X25519"');
  assert.deepEqual(quoted.found[0].fixes, []);
  const clean = await findings(SSL + 'Groups = X25519MLKEM768:SecP256r1MLKEM768:mlkem1024:X25519\n');
  assert.deepEqual(clean.found, []);
});
