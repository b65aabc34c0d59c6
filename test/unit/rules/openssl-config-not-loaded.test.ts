import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Engine } from '../../../server/src/core/engine.js';
import type { Finding } from '../../../server/src/core/types.js';
import { applyFix, engineFor, findingsOf } from '../../harness.js';

const ID = 'openssl/config-not-loaded';

// The migration guide's snippet (seeds/000, Option 2), meant to be added to an existing openssl.cnf.
const GUIDE_SNIPPET = [
  '# /etc/ssl/openssl.cnf (add to [provider_sect])',
  '[provider_sect]',
  'default = default_sect',
  'oqsprovider = oqsprovider_sect',
  '[default_sect]',
  'activate = 1',
  '[oqsprovider_sect]',
  'module = /usr/local/lib/ossl-modules/oqsprovider.so',
  'activate = 1',
  '',
].join('\n');

function slice(engine: Engine, f: Finding): string {
  return engine.file(f.file)!.text.slice(f.span.start, f.span.end);
}

function fixOnce(engine: Engine, f: Finding): string {
  assert.equal(f.fixes.length, 1);
  assert.equal(f.fixes[0].safe, true);
  const text = applyFix(engine, f, f.fixes[0]);
  assert.deepEqual(findingsOf(engine, ID), [], 'the fix removes the finding');
  assert.deepEqual(findingsOf(engine, 'syntax-error'), []);
  return text;
}

test('the guide snippet as its own file: reported on the provider section, fix adds openssl_conf and [openssl_init]', async () => {
  const engine = await engineFor({ 'etc/ssl/openssl.cnf': GUIDE_SNIPPET });
  const [f, ...rest] = findingsOf(engine, ID);
  assert.equal(rest.length, 0);
  assert.equal(slice(engine, f), 'provider_sect');
  assert.equal(f.range.start.line, 1);
  assert.equal(f.severity, 'error');
  assert.equal(
    f.message,
    '[provider_sect] is never loaded: there is no "openssl_conf = openssl_init" line before the first section, so OpenSSL ignores the provider sections. ' +
      'The providers configured here (oqsprovider included) are not activated by this file. Add the openssl_conf → [openssl_init] providers = provider_sect chain.',
  );
  assert.equal(f.fixes[0].title, 'Load [provider_sect] through openssl_conf = openssl_init and [openssl_init] providers = provider_sect');
  assert.equal(
    fixOnce(engine, f),
    '# /etc/ssl/openssl.cnf (add to [provider_sect])\nopenssl_conf = openssl_init\n\n[openssl_init]\nproviders = provider_sect\n\n' + GUIDE_SNIPPET.split('\n').slice(1).join('\n'),
  );
});

test('openssl_conf names a missing section: the fix adds it just before the provider section', async () => {
  const text = 'openssl_conf = openssl_init\n\n[provider_sect]\ndefault = default_sect\n\n[default_sect]\nactivate = 1\n';
  const engine = await engineFor({ 'openssl.cnf': text });
  const [f] = findingsOf(engine, ID);
  assert.equal(
    f.message,
    '[provider_sect] is never loaded: "openssl_conf = openssl_init" names a section [openssl_init] that does not exist. ' +
      'The providers configured here are not activated by this file. Add the openssl_conf → [openssl_init] providers = provider_sect chain.',
  );
  assert.equal(fixOnce(engine, f), 'openssl_conf = openssl_init\n\n[openssl_init]\nproviders = provider_sect\n\n[provider_sect]\ndefault = default_sect\n\n[default_sect]\nactivate = 1\n');
});

test('an init section without providers gets the line at its end; a providers line to a missing section is repointed', async () => {
  const text = 'openssl_conf = init\n\n[init]\nssl_conf = ssl_sect # TLS defaults\n\n[provider_sect]\ndefault = default_sect\n';
  const engine = await engineFor({ 'openssl.cnf': text });
  const [f] = findingsOf(engine, ID);
  assert.match(f.message, /^\[provider_sect\] is never loaded: \[init\] has no "providers = provider_sect" line\./);
  assert.equal(fixOnce(engine, f), 'openssl_conf = init\n\n[init]\nssl_conf = ssl_sect # TLS defaults\nproviders = provider_sect\n\n[provider_sect]\ndefault = default_sect\n');

  const wrong = 'openssl_conf = openssl_init\n[openssl_init]\nproviders = providers\n[provider_sect]\ndefault = default_sect\n';
  const engine2 = await engineFor({ 'openssl.cnf': wrong });
  const [g] = findingsOf(engine2, ID);
  assert.match(g.message, /"providers = providers" in \[openssl_init\] names a section that does not exist/);
  assert.equal(fixOnce(engine2, g), 'openssl_conf = openssl_init\n[openssl_init]\nproviders = provider_sect\n[provider_sect]\ndefault = default_sect\n');
});

test('embedded in a ConfigMap block scalar: reported inside the YAML, the fix keeps the indentation and valid YAML', async () => {
  const yaml = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: oqs-openssl-config',
    'data:',
    '  openssl.cnf: |',
    ...GUIDE_SNIPPET.trimEnd().split('\n').map((l) => '    ' + l),
    '  other: value',
    '',
  ].join('\n');
  const engine = await engineFor({ 'k8s/cm.yaml': yaml });
  const [f] = findingsOf(engine, ID);
  assert.equal(slice(engine, f), 'provider_sect');
  assert.equal(f.range.start.line, 7);
  assert.ok(f.message.startsWith('[provider_sect] is never loaded (embedded config ConfigMap/oqs-openssl-config data.openssl.cnf): '));
  const fixed = fixOnce(engine, f);
  assert.ok(fixed.includes('    # /etc/ssl/openssl.cnf (add to [provider_sect])\n    openssl_conf = openssl_init\n\n    [openssl_init]\n    providers = provider_sect\n\n    [provider_sect]\n'));
  const doc = parse(fixed) as { data: Record<string, string> };
  assert.equal(doc.data.other, 'value');
  assert.ok(doc.data['openssl.cnf'].startsWith('# /etc/ssl/openssl.cnf (add to [provider_sect])\nopenssl_conf = openssl_init\n\n[openssl_init]\nproviders = provider_sect\n\n[provider_sect]\n'));
});

test('CRLF files keep CRLF line breaks', async () => {
  const engine = await engineFor({ 'openssl.cnf': GUIDE_SNIPPET.replace(/\n/g, '\r\n') });
  const [f] = findingsOf(engine, ID);
  const fixed = fixOnce(engine, f);
  assert.ok(fixed.includes('openssl_conf = openssl_init\r\n\r\n[openssl_init]\r\nproviders = provider_sect\r\n\r\n[provider_sect]'));
  assert.ok(!/[^\r]\n/.test(fixed));
});

test('not reported: loaded configs, nodejs_conf, .include before the first section, drop-ins included by another config, no providers', async () => {
  const loaded = 'openssl_conf = openssl_init\n[openssl_init]\nproviders = provider_sect\n[provider_sect]\ndefault = default_sect\n[default_sect]\nactivate = 1\n';
  const node = loaded.replace('openssl_conf', 'nodejs_conf');
  const include = '.include /etc/ssl/openssl-main.cnf\n[provider_sect]\ndefault = default_sect\n';
  const engine = await engineFor({
    'a/openssl.cnf': loaded,
    'b/nodejs-openssl.cnf': node,
    'c/openssl.cnf': include,
    'd/openssl.cnf': loaded + '.include /etc/ssl/openssl.d\n',
    'd/openssl.d/oqs.cnf': '[provider_sect]\noqsprovider = oqsprovider_sect\n[oqsprovider_sect]\nactivate = 1\n',
    'e/req.cnf': '[ req ]\ndefault_bits = 2048\n',
  });
  assert.deepEqual(findingsOf(engine, ID), []);
});
