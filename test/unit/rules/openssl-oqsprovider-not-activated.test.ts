import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Engine } from '../../../server/src/core/engine.js';
import type { Finding } from '../../../server/src/core/types.js';
import { applyFix, engineFor, findingsOf } from '../../harness.js';

const ID = 'openssl/oqsprovider-not-activated';

const HEAD = 'openssl_conf = openssl_init\n\n[openssl_init]\nproviders = provider_sect\n\n';
const PROVIDERS = '[provider_sect]\ndefault = default_sect\noqsprovider = oqsprovider_sect\n\n[default_sect]\nactivate = 1\n\n';

function slice(engine: Engine, f: Finding): string {
  return engine.file(f.file)!.text.slice(f.span.start, f.span.end);
}

function fixOnce(engine: Engine, f: Finding): string {
  assert.equal(f.fixes.length, 1);
  assert.equal(f.fixes[0].safe, true);
  const text = applyFix(engine, f, f.fixes[0]);
  assert.deepEqual(findingsOf(engine, ID), []);
  assert.deepEqual(findingsOf(engine, 'openssl/default-provider-disabled'), [], 'the fix keeps the default provider active');
  return text;
}

test('no activate: reported on the section name; the fix appends activate = 1', async () => {
  const text = HEAD + PROVIDERS + '[oqsprovider_sect]\nmodule = /usr/local/lib/ossl-modules/oqsprovider.so\n';
  const engine = await engineFor({ 'etc/ssl/openssl.cnf': text });
  const [f, ...rest] = findingsOf(engine, ID);
  assert.equal(rest.length, 0);
  assert.equal(slice(engine, f), 'oqsprovider_sect');
  assert.equal(f.range.start.line, 12);
  assert.equal(
    f.message,
    '[oqsprovider_sect] has no "activate = 1", so oqsprovider is only registered, never loaded: its ML-DSA, composite and ML-KEM algorithms stay unavailable. Add activate = 1.',
  );
  assert.equal(f.fixes[0].title, 'Set activate = 1 in [oqsprovider_sect]');
  assert.equal(fixOnce(engine, f), text + 'activate = 1\n');
});

test('activate = 0: reported on the value, which the fix sets to 1', async () => {
  const text = HEAD + PROVIDERS + '[oqsprovider_sect]\nactivate = 0   # temporarily off\n';
  const engine = await engineFor({ 'openssl.cnf': text });
  const [f] = findingsOf(engine, ID);
  assert.equal(slice(engine, f), '0');
  assert.equal(
    f.message,
    '"activate = 0" in [oqsprovider_sect] does not activate oqsprovider: OpenSSL 3.3 and later only accept 1, yes, true or on (older releases activated on any value). Set activate = 1.',
  );
  assert.equal(fixOnce(engine, f), HEAD + PROVIDERS + '[oqsprovider_sect]\nactivate = 1   # temporarily off\n');
});

test('missing section: reported on the section name in the provider section; the fix creates it', async () => {
  const text = HEAD + '[provider_sect]\ndefault = default_sect\noqsprovider = oqsprovider_sect\n\n[default_sect]\nactivate = 1\n';
  const engine = await engineFor({ 'openssl.cnf': text });
  const [f] = findingsOf(engine, ID);
  assert.equal(slice(engine, f), 'oqsprovider_sect');
  assert.equal(f.range.start.line, 7);
  assert.match(f.message, /^"oqsprovider = oqsprovider_sect" names a section \[oqsprovider_sect\] that does not exist: OpenSSL stops configuring providers with "section=oqsprovider_sect not found"/);
  assert.equal(fixOnce(engine, f), HEAD + '[provider_sect]\ndefault = default_sect\noqsprovider = oqsprovider_sect\n\n[oqsprovider_sect]\nactivate = 1\n\n[default_sect]\nactivate = 1\n');
});

test('oqsprovider alone: activating it would switch the default provider off, so the fix adds default too', async () => {
  const text = HEAD + '[provider_sect]\noqsprovider = oqsprovider_sect\n\n[oqsprovider_sect]\nmodule = /usr/local/lib/ossl-modules/oqsprovider.so\n';
  const engine = await engineFor({ 'openssl.cnf': text });
  const [f] = findingsOf(engine, ID);
  assert.equal(f.fixes[0].title, 'Set activate = 1 in [oqsprovider_sect] and keep the default provider active');
  assert.equal(
    fixOnce(engine, f),
    HEAD + '[provider_sect]\noqsprovider = oqsprovider_sect\ndefault = default_sect\n\n[default_sect]\nactivate = 1\n\n[oqsprovider_sect]\nmodule = /usr/local/lib/ossl-modules/oqsprovider.so\nactivate = 1\n',
  );
});

test('recognises oqsprovider by its module path and in a ConfigMap; the YAML stays valid', async () => {
  const yaml = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: openssl-config',
    'data:',
    '  openssl.cnf: |-',
    '    openssl_conf = openssl_init',
    '    [openssl_init]',
    '    providers = provider_sect',
    '    [provider_sect]',
    '    default = default_sect',
    '    pq = pq_sect',
    '    [default_sect]',
    '    activate = 1',
    '    [pq_sect]',
    '    module = /opt/oqs/lib/ossl-modules/oqsprovider.so',
  ].join('\n');
  const engine = await engineFor({ 'cm.yaml': yaml });
  const [f] = findingsOf(engine, ID);
  assert.equal(slice(engine, f), 'pq_sect');
  assert.equal(f.range.start.line, 14);
  assert.ok(f.message.startsWith('[pq_sect] (embedded config ConfigMap/openssl-config data.openssl.cnf) has no "activate = 1"'));
  const fixed = fixOnce(engine, f);
  assert.ok(fixed.endsWith('    [pq_sect]\n    module = /opt/oqs/lib/ossl-modules/oqsprovider.so\n    activate = 1'), fixed);
  const doc = parse(fixed) as { data: Record<string, string> };
  assert.ok(doc.data['openssl.cnf'].endsWith('[pq_sect]\nmodule = /opt/oqs/lib/ossl-modules/oqsprovider.so\nactivate = 1'));
});

test('not reported: activate = 1 / yes / true / on, the oqs-provider test configs, other providers', async () => {
  const files: Record<string, string> = {};
  for (const v of ['1', 'yes', 'true', 'on', 'ON']) files[`${v}/openssl.cnf`] = HEAD + PROVIDERS + `[oqsprovider_sect]\nactivate = ${v}\n`;
  files['legacy/openssl.cnf'] = HEAD + '[provider_sect]\ndefault = default_sect\nlegacy = legacy_sect\n[default_sect]\nactivate = 1\n[legacy_sect]\n';
  const engine = await engineFor(files);
  assert.deepEqual(findingsOf(engine, ID), []);
});
