import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Engine } from '../../../server/src/core/engine.js';
import type { Finding } from '../../../server/src/core/types.js';
import { applyFix, engineFor, findingsOf } from '../../harness.js';

const ID = 'openssl/classical-groups';
const SSL = 'openssl_conf = openssl_init\n\n[openssl_init]\nssl_conf = ssl_sect\n\n[ssl_sect]\nsystem_default = system_default_sect\n\n[system_default_sect]\n';

function slice(engine: Engine, f: Finding): string {
  return engine.file(f.file)!.text.slice(f.span.start, f.span.end);
}

test('a classical-only Groups list: reported on the list; the (unsafe) fix puts X25519MLKEM768 first', async () => {
  const text = SSL + 'MinProtocol = TLSv1.2\nGroups = X25519:prime256v1:secp384r1 # no PQ yet\n';
  const engine = await engineFor({ 'etc/ssl/openssl.cnf': text });
  const [f, ...rest] = findingsOf(engine, ID);
  assert.equal(rest.length, 0);
  assert.equal(slice(engine, f), 'X25519:prime256v1:secp384r1');
  assert.equal(f.severity, 'warning');
  assert.equal(
    f.message,
    'Groups = X25519:prime256v1:secp384r1 in [system_default_sect] offers only classical key exchange, so TLS sessions through this config can be recorded now and decrypted later. ' +
      'Put X25519MLKEM768 first: OpenSSL 3.5+ has it built in; OpenSSL 3.0–3.4 only with oqsprovider activated, and rejects the list otherwise.',
  );
  assert.equal(f.fixes.length, 1);
  assert.equal(f.fixes[0].title, 'Put X25519MLKEM768 first in Groups');
  assert.equal(f.fixes[0].safe, false, 'OpenSSL < 3.5 without oqsprovider rejects the unknown group');
  assert.equal(applyFix(engine, f, f.fixes[0]), SSL + 'MinProtocol = TLSv1.2\nGroups = X25519MLKEM768:X25519:prime256v1:secp384r1 # no PQ yet\n');
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('OpenSSL 3.5 syntax: prefixes and tuples; only explicitly removed PQ groups still count as classical', async () => {
  const engine = await engineFor({
    'a.cnf': SSL + 'Groups = ?*X25519 / ?secp256r1\n',
    'b.cnf': SSL + 'Groups = X25519:-X25519MLKEM768\n',
  });
  const found = findingsOf(engine, ID);
  assert.deepEqual(found.map((f) => `${f.file} ${slice(engine, f)}`), ['a.cnf ?*X25519 / ?secp256r1', 'b.cnf X25519:-X25519MLKEM768']);
  const [a] = found;
  assert.equal(applyFix(engine, a, a.fixes[0]), SSL + 'Groups = X25519MLKEM768:?*X25519 / ?secp256r1\n');
});

test('in a ConfigMap |- block scalar at the end of the file', async () => {
  const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tls\ndata:\n  openssl.cnf: |-\n    [system_default_sect]\n    Curves = P-256:P-384';
  const engine = await engineFor({ 'cm.yaml': yaml });
  const [f] = findingsOf(engine, ID);
  assert.equal(slice(engine, f), 'P-256:P-384');
  assert.equal(f.range.start.line, 7);
  const fixed = applyFix(engine, f, f.fixes[0]);
  assert.equal(fixed, yaml.replace('Curves = P-256', 'Curves = X25519MLKEM768:P-256'));
  assert.equal((parse(fixed) as { data: Record<string, string> }).data['openssl.cnf'], '[system_default_sect]\nCurves = X25519MLKEM768:P-256:P-384');
});

test('not reported: any PQ group (standard, oqsprovider hybrid, obsolete Kyber), DEFAULT, unknown names, no list', async () => {
  const engine = await engineFor({
    'std.cnf': SSL + 'Groups = X25519:SecP256r1MLKEM768\n',
    'oqs.cnf': SSL + 'Groups = p256_mlkem512:P-256\n',
    'kyber.cnf': SSL + 'Groups = kyber768:X25519\n',
    'default.cnf': SSL + 'Groups = DEFAULT:-X448\n',
    'unknown.cnf': SSL + 'Groups = X25519:frodo640aes\n',
    'none.cnf': SSL + 'MinProtocol = TLSv1.3\n',
  });
  assert.deepEqual(findingsOf(engine, ID), []);
});
