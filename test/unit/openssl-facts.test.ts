// openssl.cnf facts and config views (server/src/core/workspace/openssl-facts.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseText } from '../../server/src/core/parse.js';
import { cnfViews, extractOpensslFacts } from '../../server/src/core/workspace/openssl-facts.js';
import { applyEdits } from '../../server/src/core/edits.js';
import { defaultKnowledge } from '../harness.js';

const GUIDE_LOADED = [
  'openssl_conf = openssl_init',
  '[openssl_init]',
  'providers = provider_sect',
  'ssl_conf = ssl_sect',
  '[provider_sect]',
  'default = default_sect',
  'oqsprovider = oqsprovider_sect',
  '[default_sect]',
  'activate = 1',
  '[oqsprovider_sect]',
  'module = /usr/local/lib/ossl-modules/oqsprovider.so',
  'activate = 1',
  '[ssl_sect]',
  'system_default = system_default_sect',
  '[system_default_sect]',
  'Groups = ?*X25519MLKEM768 / ?*X25519:?secp256r1',
  '.include /etc/ssl/openssl.d',
  '',
].join('\n');

test('a standalone config: loaded chain, providers, groups and includes', () => {
  const file = parseText('etc/ssl/openssl.cnf', GUIDE_LOADED, 'openssl-cnf');
  const facts = extractOpensslFacts(file, defaultKnowledge());
  assert.deepEqual(facts, [{
    file: 'etc/ssl/openssl.cnf',
    span: { start: 0, end: GUIDE_LOADED.length },
    path: undefined,
    loaded: true,
    hasProviderSection: true,
    declaresOqsprovider: true,
    activatesOqsprovider: true,
    defaultActive: true,
    groups: [{ section: 'system_default_sect', key: 'Groups', names: ['X25519MLKEM768', 'X25519', 'secp256r1'] }],
    includes: ['/etc/ssl/openssl.d'],
  }]);
});

test('implicit default provider: active while nothing else is activated, not once oqsprovider is', () => {
  const off = parseText('a.cnf', '[provider_sect]\noqsprovider = oqs_sect\n[oqs_sect]\nmodule = x\n', 'openssl-cnf');
  const [a] = extractOpensslFacts(off, defaultKnowledge());
  assert.equal(a.loaded, false);
  assert.equal(a.declaresOqsprovider, true);
  assert.equal(a.activatesOqsprovider, false);
  assert.equal(a.defaultActive, true);
  const on = parseText('b.cnf', '[provider_sect]\noqsprovider = oqs_sect\n[oqs_sect]\nactivate = true\n', 'openssl-cnf');
  const [b] = extractOpensslFacts(on, defaultKnowledge());
  assert.equal(b.activatesOqsprovider, true);
  assert.equal(b.defaultActive, false);
});

test('embedded configs: literal block scalars map exactly, folded ones fall back to the key', () => {
  const yaml = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: tls',
    'data:',
    '  openssl.cnf: |',
    '    [system_default_sect]',
    '',
    '    Groups = X25519:P-256',
    '  folded.cnf: >',
    '    [s]',
    '    Groups = X25519',
    '  nginx.conf: |',
    '    server { listen 443; }',
    '---',
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: tls-config',
    'stringData:',
    '  openssl.cnf: "[s]\\nGroups = X25519"',
    '',
  ].join('\n');
  const file = parseText('cm.yaml', yaml, 'kubernetes-yaml');
  const views = cnfViews(file);
  assert.deepEqual(views.map((v) => [v.path, v.exact]), [
    ['ConfigMap/tls data.openssl.cnf', true],
    ['ConfigMap/tls data.folded.cnf', false],
    ['Secret/tls-config stringData.openssl.cnf', false],
  ]);
  const [literal, folded] = views;
  const entry = literal.model.sections[1].entries[0];
  const span = literal.span(entry.valueSpan);
  assert.equal(yaml.slice(span.start, span.end), 'X25519:P-256');
  assert.equal(yaml.slice(folded.span(entry.valueSpan).start, folded.span(entry.valueSpan).end), 'folded.cnf');
  assert.equal(folded.edit({ start: 0, end: 0 }, 'x = 1\n'), undefined);

  // An insertion at the end of the config lands inside the block scalar, indented.
  const edit = literal.edit({ start: literal.text.length, end: literal.text.length }, '\n[new]\nk = v\n')!;
  const out = applyEdits(yaml, [edit]).text;
  assert.ok(out.includes('    Groups = X25519:P-256\n\n    [new]\n    k = v\n  folded.cnf: >'), out);
  const facts = extractOpensslFacts(file, defaultKnowledge());
  // Folding joins the lines ("[s] Groups = X25519"), so OpenSSL would not see the setting either.
  assert.deepEqual(facts.map((f) => f.groups[0]?.names), [['X25519', 'P-256'], undefined, ['X25519']]);
});
