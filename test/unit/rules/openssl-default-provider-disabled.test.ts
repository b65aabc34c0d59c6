import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Engine } from '../../../server/src/core/engine.js';
import type { Finding } from '../../../server/src/core/types.js';
import { applyFix, engineFor, findingsOf } from '../../harness.js';

const ID = 'openssl/default-provider-disabled';
const HEAD = 'openssl_conf = openssl_init\n\n[openssl_init]\nproviders = provider_sect\n\n';
const OQS = '[oqsprovider_sect]\nmodule = /usr/local/lib/ossl-modules/oqsprovider.so\nactivate = 1\n';
const WHY =
  'OpenSSL only activates the default provider on its own when no provider is activated explicitly, so RSA, ECDSA, X25519, AES and every other classical algorithm stop working (TLS, ssh logins, certificate tools). Activate default as well.';

function slice(engine: Engine, f: Finding): string {
  return engine.file(f.file)!.text.slice(f.span.start, f.span.end);
}

function fixOnce(engine: Engine, f: Finding): string {
  assert.equal(f.fixes.length, 1);
  assert.equal(f.fixes[0].safe, true);
  const text = applyFix(engine, f, f.fixes[0]);
  assert.deepEqual(findingsOf(engine, ID), []);
  return text;
}

test('default not listed: reported on the provider section; the fix lists it and adds [default_sect]', async () => {
  const text = HEAD + '[provider_sect]\noqsprovider = oqsprovider_sect\n\n' + OQS;
  const engine = await engineFor({ 'etc/ssl/openssl.cnf': text });
  const [f, ...rest] = findingsOf(engine, ID);
  assert.equal(rest.length, 0);
  assert.equal(slice(engine, f), 'provider_sect');
  assert.equal(f.severity, 'error');
  assert.equal(f.message, `[provider_sect] activates oqsprovider but does not list the default provider. ${WHY}`);
  assert.equal(f.fixes[0].title, 'Add default = default_sect with [default_sect] activate = 1');
  assert.equal(fixOnce(engine, f), HEAD + '[provider_sect]\noqsprovider = oqsprovider_sect\ndefault = default_sect\n\n[default_sect]\nactivate = 1\n\n' + OQS);
});

test('the distribution default "# activate = 1": reported on [default_sect], the fix activates it', async () => {
  const text = HEAD + '[provider_sect]\ndefault = default_sect\noqsprovider = oqsprovider_sect\n\n[default_sect]\n# activate = 1\n\n' + OQS;
  const engine = await engineFor({ 'openssl.cnf': text });
  const [f] = findingsOf(engine, ID);
  assert.equal(slice(engine, f), 'default_sect');
  assert.equal(f.range.start.line, 9);
  assert.equal(f.message, `[default_sect] has no "activate = 1", so the default provider is not activated next to oqsprovider. ${WHY}`);
  assert.equal(f.fixes[0].title, 'Activate the default provider ([default_sect] activate = 1)');
  assert.equal(fixOnce(engine, f), HEAD + '[provider_sect]\ndefault = default_sect\noqsprovider = oqsprovider_sect\n\n[default_sect]\nactivate = 1\n# activate = 1\n\n' + OQS);
});

test('activate = off on default and a missing default section', async () => {
  const off = HEAD + '[provider_sect]\ndefault = default_sect\noqsprovider = oqsprovider_sect\n[default_sect]\nactivate = off\n' + OQS;
  const engine = await engineFor({ 'openssl.cnf': off });
  const [f] = findingsOf(engine, ID);
  assert.equal(slice(engine, f), 'off');
  assert.ok(f.message.startsWith('"activate = off" in [default_sect] does not activate the default provider (OpenSSL 3.3 and later accept only 1, yes, true or on), while oqsprovider is activated. '));
  assert.equal(fixOnce(engine, f), off.replace('activate = off', 'activate = 1'));

  const missing = HEAD + '[provider_sect]\ndefault = default_sect\noqsprovider = oqsprovider_sect\n\n' + OQS;
  const engine2 = await engineFor({ 'openssl.cnf': missing });
  const [g] = findingsOf(engine2, ID);
  assert.equal(slice(engine2, g), 'default_sect');
  assert.ok(g.message.startsWith('"default = default_sect" names a section [default_sect] that does not exist'));
  assert.equal(fixOnce(engine2, g), HEAD + '[provider_sect]\ndefault = default_sect\noqsprovider = oqsprovider_sect\n\n[default_sect]\nactivate = 1\n\n' + OQS);
});

test('an unreferenced [default_sect] is reused rather than duplicated', async () => {
  const text = HEAD + '[provider_sect]\noqsprovider = oqsprovider_sect\n\n[default_sect]\nactivate = 1\n\n' + OQS;
  const engine = await engineFor({ 'openssl.cnf': text });
  const [f] = findingsOf(engine, ID);
  assert.equal(fixOnce(engine, f), HEAD + '[provider_sect]\noqsprovider = oqsprovider_sect\ndefault = default_sect\n\n[default_sect]\nactivate = 1\n\n' + OQS);
});

test('not reported: default active, FIPS setups, oqsprovider not activated, drop-ins included by the main config', async () => {
  const engine = await engineFor({
    'ok/openssl.cnf': HEAD + '[provider_sect]\ndefault = default_sect\noqsprovider = oqsprovider_sect\n[default_sect]\nactivate = 1\n' + OQS,
    'fips/openssl.cnf': 'openssl_conf = openssl_init\n.include /usr/local/ssl/fipsmodule.cnf\n[openssl_init]\nproviders = provider_sect\n[provider_sect]\nfips = fips_sect\nbase = base_sect\noqsprovider = oqsprovider_sect\n[base_sect]\nactivate = 1\n' + OQS,
    'inactive/openssl.cnf': HEAD + '[provider_sect]\noqsprovider = oqsprovider_sect\n[oqsprovider_sect]\nmodule = /x/oqsprovider.so\n',
    'main/openssl.cnf': HEAD + '[provider_sect]\ndefault = default_sect\n[default_sect]\nactivate = 1\n.include conf.d/oqs.cnf\n',
    'main/conf.d/oqs.cnf': '[provider_sect]\noqsprovider = oqsprovider_sect\n' + OQS,
  });
  assert.deepEqual(findingsOf(engine, ID), []);
});
