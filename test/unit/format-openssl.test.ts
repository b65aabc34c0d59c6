import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  entriesOf, entryOf, expandValue, findEntry, parseOpensslCnf, sectionNamedBy, sectionOf, sectionsOf,
  type OpensslModel,
} from '../../server/src/core/formats/openssl.js';
import type { Span } from '../../server/src/core/types.js';
import { corpusDir } from '../helpers.js';

const oqsDir = join(corpusDir, 'real-configs', 'oqs-provider');
const slice = (text: string, span: Span | undefined): string => (span ? text.slice(span.start, span.end) : '<none>');

/** Every span of a model slices back to what it claims; entries sit inside their section. */
function checkModel(text: string, model: OpensslModel, where: string): void {
  assert.equal(model.sections[0].headerSpan, undefined, `${where}: leading section has no header`);
  assert.equal(model.sections[0].name, 'default');
  for (const section of model.sections) {
    if (section.headerSpan) {
      const header = slice(text, section.headerSpan);
      assert.ok(header.startsWith('['), `${where}: header ${header}`);
      assert.equal(slice(text, section.nameSpan), section.name, `${where}: section name span`);
      assert.equal(section.span.start, section.headerSpan.start);
    }
    for (const entry of section.entries) {
      assert.equal(slice(text, entry.keySpan), entry.key, `${where}: key span`);
      if (!entry.value.includes('\n') && !slice(text, entry.valueSpan).includes('\\\n')) {
        assert.equal(slice(text, entry.valueSpan), entry.value, `${where}: value span of ${entry.key}`);
      }
      assert.equal(entry.span.start, entry.keySpan.start);
      assert.equal(entry.span.end, entry.valueSpan.end);
      assert.ok(entry.span.start >= section.span.start && entry.span.end <= section.span.end, `${where}: ${entry.key} inside [${section.name}]`);
      assert.ok(entry.span.end <= section.bodyEnd, `${where}: bodyEnd after ${entry.key}`);
      // `line` is the 0-based line of the key.
      assert.equal(text.slice(0, entry.keySpan.start).split(/\r\n|\n|\r/).length - 1, entry.line, `${where}: line of ${entry.key}`);
    }
  }
}

test('every openssl.cnf in the oqs-provider corpus parses cleanly with exact spans', () => {
  const files = readdirSync(oqsDir).filter((f) => f.endsWith('.cnf'));
  assert.equal(files.length, 3);
  for (const name of files) {
    const text = readFileSync(join(oqsDir, name), 'utf8');
    const model = parseOpensslCnf(text);
    assert.deepEqual(model.syntaxErrors, [], name);
    assert.deepEqual(model.directives, [], name);
    checkModel(text, model, name);
    // The provider chain every file sets up: openssl_conf -> openssl_init -> providers -> provider_sect.
    const init = sectionNamedBy(model, 'default', 'openssl_conf');
    assert.equal(init?.name, 'openssl_init', name);
    const providers = sectionNamedBy(model, init!, 'providers');
    assert.equal(providers?.name, 'provider_sect', name);
    assert.equal(sectionNamedBy(model, providers!, 'oqsprovider')?.name, 'oqsprovider_sect', name);
    assert.equal(entryOf(sectionNamedBy(model, providers!, 'default'), 'activate')?.value, '1', name);
  }
});

test('test_oqs.cnf: sections, the commented-out fips provider, bodyEnd', () => {
  const text = readFileSync(join(oqsDir, 'test_oqs.cnf'), 'utf8');
  const model = parseOpensslCnf(text);
  assert.deepEqual(model.sections.map((s) => s.name), ['default', 'openssl_init', 'provider_sect', 'default_sect', 'oqsprovider_sect']);
  const providers = sectionOf(model, 'provider_sect')!;
  assert.deepEqual(providers.entries.map((e) => `${e.key}=${e.value}`), ['oqsprovider=oqsprovider_sect', 'default=default_sect']);
  assert.equal(entryOf(providers, 'fips'), undefined, '# fips = fips_sect is a comment');
  assert.equal(sectionOf(model, 'fips_sect'), undefined, '#[fips_sect] is a comment');
  // A new entry goes right after `default = default_sect`, before the comment line.
  assert.equal(text.slice(providers.bodyEnd).split('\n')[0], '# fips = fips_sect');
  assert.equal(slice(text, providers.span), '[provider_sect]\noqsprovider = oqsprovider_sect\ndefault = default_sect');
  const leading = model.sections[0];
  assert.equal(slice(text, leading.span), 'openssl_conf = openssl_init');
  assert.equal(leading.bodyEnd, 'openssl_conf = openssl_init\n'.length);
  const last = sectionOf(model, 'oqsprovider_sect')!;
  assert.equal(last.bodyEnd, text.length, 'last line of the file');
});

test('scripts_openssl-ca.cnf: $var references, $section::var, quoted values, trailing comments', () => {
  const text = readFileSync(join(oqsDir, 'scripts_openssl-ca.cnf'), 'utf8');
  const model = parseOpensslCnf(text);
  const ca = sectionOf(model, 'CA_default')!;
  const certs = entryOf(ca, 'certs')!;
  assert.equal(certs.value, '$dir/certs', 'trailing comment stripped, raw value kept');
  assert.equal(expandValue(model, ca, certs.value), './demoCA/certs');
  assert.equal(expandValue(model, 'CA_default', entryOf(ca, 'private_key')!.value), './demoCA/private/cakey.pem');
  // tsa_config1 has its own `dir`.
  const tsa = sectionOf(model, 'tsa_config1')!;
  assert.equal(expandValue(model, tsa, entryOf(tsa, 'serial')!.value), './demoCA/tsaserial');
  // $insta::certout reads another section.
  const kur = sectionOf(model, 'kur')!;
  assert.equal(entryOf(kur, 'oldcert')!.value, '$insta::certout');
  assert.equal(expandValue(model, kur, entryOf(kur, 'oldcert')!.value), 'insta.cert.pem');
  const insta = sectionOf(model, 'insta')!;
  assert.equal(slice(text, insta.headerSpan), '[insta]', 'comment after the header is not part of it');
  const recipient = entryOf(insta, 'recipient')!;
  assert.equal(recipient.value, '"/C=FI/O=Insta Demo/CN=Insta Demo CA"');
  assert.equal(expandValue(model, insta, recipient.value), '/C=FI/O=Insta Demo/CN=Insta Demo CA');
  // `secret = # disable PBM` is an empty value.
  const secret = entryOf(sectionOf(model, 'signature'), 'secret')!;
  assert.equal(secret.value, '');
  assert.equal(secret.valueSpan.start, secret.valueSpan.end);
  assert.equal(slice(text, secret.span), 'secret =');
  // Header with spaces inside the brackets.
  const req = sectionOf(model, 'req')!;
  assert.equal(slice(text, req.headerSpan), '[ req ]');
  assert.equal(slice(text, req.nameSpan), 'req');
  // The section with only a commented entry.
  const cb = sectionOf(model, 'cb_attr')!;
  assert.equal(cb.entries.length, 0);
  assert.equal(slice(text, cb.span), '[cb_attr]');
  assert.equal(cb.bodyEnd, text.indexOf('[cb_attr]') + '[cb_attr]\n'.length);
  // Keys with dots.
  assert.equal(entryOf(sectionOf(model, 'req_distinguished_name'), '0.organizationName_default')?.value, 'Internet Widgits Pty Ltd');
});

test('comments, escapes, quotes and key=value without spaces', () => {
  const text = [
    'k1=v1',
    'k2 = a\\#b # comment',
    'k3 = "quoted # not a comment" # comment',
    "k4 = 'single # quoted'",
    'k5 = tab\\tand\\nnewline',
    '  # indented comment',
    'k6 =   spaced value   ',
    '',
  ].join('\n');
  const model = parseOpensslCnf(text);
  assert.deepEqual(model.syntaxErrors, []);
  const s = model.sections[0];
  const v = (k: string): string => entryOf(s, k)!.value;
  assert.equal(v('k1'), 'v1');
  assert.equal(v('k2'), 'a\\#b');
  assert.equal(expandValue(model, s, v('k2')), 'a#b');
  assert.equal(v('k3'), '"quoted # not a comment"');
  assert.equal(expandValue(model, s, v('k3')), 'quoted # not a comment');
  assert.equal(expandValue(model, s, v('k4')), 'single # quoted');
  assert.equal(expandValue(model, s, v('k5')), 'tab\tand\nnewline');
  assert.equal(v('k6'), 'spaced value');
  assert.equal(slice(text, entryOf(s, 'k6')!.valueSpan), 'spaced value');
  assert.equal(s.entries.length, 6);
  checkModel(text, model, 'own');
});

test('all reference forms expand; unknown and ENV references stay; loops terminate', () => {
  const text = [
    'top = T',
    'self = $self',
    'a = $b',
    'b = $a',
    '[ s ]',
    'x = X',
    'r1 = $x',
    'r2 = ${x}',
    'r3 = $(x)',
    'r4 = $s::x',
    'r5 = ${s::x}',
    'r6 = $top',
    'r7 = $nope/$ENV::HOME',
    'r8 = ${x}y$x.z',
    'r9 = $self',
    'r10 = $a',
    '[ other ]',
    'x = OTHER',
    'r = $x ${s::x} ${default::top}',
  ].join('\n');
  const model = parseOpensslCnf(text);
  assert.deepEqual(model.syntaxErrors, []);
  const s = sectionOf(model, 's')!;
  const e = (k: string): string => expandValue(model, s, entryOf(s, k)!.value);
  assert.equal(e('r1'), 'X');
  assert.equal(e('r2'), 'X');
  assert.equal(e('r3'), 'X');
  assert.equal(e('r4'), 'X');
  assert.equal(e('r5'), 'X');
  assert.equal(e('r6'), 'T', 'falls back to the default section');
  assert.equal(e('r7'), '$nope/$ENV::HOME');
  assert.equal(e('r8'), 'XyX.z');
  assert.equal(e('r9'), '$self', 'self reference is bounded');
  assert.match(e('r10'), /^\$[ab]$/, 'mutual reference is bounded');
  const other = sectionOf(model, 'other')!;
  assert.equal(expandValue(model, other, entryOf(other, 'r')!.value), 'OTHER X T');
});

test('.pragma dollarid keeps $ in names unless braced', () => {
  const model = parseOpensslCnf('.pragma dollarid:true\nx = X\nx$y = literal\nr1 = $x\nr2 = ${x}\n');
  const s = model.sections[0];
  assert.deepEqual(model.syntaxErrors, []);
  assert.equal(expandValue(model, s, entryOf(s, 'r1')!.value), '$x');
  assert.equal(expandValue(model, s, entryOf(s, 'r2')!.value), 'X');
  assert.equal(entryOf(s, 'x$y')?.value, 'literal');
});

test('line continuation with a trailing backslash, also across a comment', () => {
  const text = 'a = one \\\ntwo\nb = x\\\\\nc = \\\n  three # end\n# comment \\\nd = swallowed\ne = 5\n';
  const model = parseOpensslCnf(text);
  const s = model.sections[0];
  assert.deepEqual(model.syntaxErrors, []);
  assert.equal(entryOf(s, 'a')!.value, 'one two');
  assert.equal(slice(text, entryOf(s, 'a')!.valueSpan), 'one \\\ntwo');
  assert.equal(entryOf(s, 'b')!.value, 'x\\\\', 'an escaped backslash does not continue the line');
  assert.equal(entryOf(s, 'c')!.value, 'three', 'white space after = is skipped even across the join');
  assert.equal(entryOf(s, 'c')!.line, 3);
  // As in OpenSSL, the continuation is seen before comments are removed.
  assert.equal(entryOf(s, 'd'), undefined);
  assert.equal(entryOf(s, 'e')!.line, 7);
});

test('.include and .pragma directives, with and without =', () => {
  const text = '.include /etc/ssl/extra.cnf\n.include=conf.d # dir\n.pragma = abspath:true\n[s]\n.pragma includedir:/x\nk = v\n';
  const model = parseOpensslCnf(text);
  assert.deepEqual(model.syntaxErrors, []);
  assert.deepEqual(model.directives.map((d) => [d.name, d.value, slice(text, d.span)]), [
    ['.include', '/etc/ssl/extra.cnf', '.include /etc/ssl/extra.cnf'],
    ['.include', 'conf.d', '.include=conf.d'],
    ['.pragma', 'abspath:true', '.pragma = abspath:true'],
    ['.pragma', 'includedir:/x', '.pragma includedir:/x'],
  ]);
  assert.deepEqual(sectionOf(model, 's')!.entries.map((e) => e.key), ['k']);
  assert.equal(model.sections[0].entries.length, 0);
});

test('CRLF line endings: spans exclude the CR, bodyEnd includes the CRLF', () => {
  const text = 'openssl_conf = openssl_init\r\n\r\n[openssl_init]\r\nproviders = provider_sect\r\n[provider_sect]\r\ndefault = default_sect\r\n';
  const model = parseOpensslCnf(text);
  assert.deepEqual(model.syntaxErrors, []);
  const init = sectionOf(model, 'openssl_init')!;
  const providers = entryOf(init, 'providers')!;
  assert.equal(providers.value, 'provider_sect');
  assert.equal(slice(text, providers.span), 'providers = provider_sect');
  assert.equal(providers.line, 3);
  assert.equal(text.slice(init.bodyEnd).startsWith('[provider_sect]'), true);
  assert.equal(slice(text, init.span), '[openssl_init]\r\nproviders = provider_sect');
  assert.equal(sectionNamedBy(model, init, 'providers')?.name, 'provider_sect');
  checkModel(text, model, 'crlf');
});

test('a repeated key: entryOf gives the last (OpenSSL keeps the last), entriesOf gives all', () => {
  const text = '[s]\nGroups = X25519\nGroups = X25519MLKEM768:X25519\n[t]\nk = 1\n[s]\nother = 2\n';
  const model = parseOpensslCnf(text);
  const s = sectionOf(model, 's')!;
  assert.equal(entryOf(s, 'Groups')!.value, 'X25519MLKEM768:X25519');
  assert.deepEqual(entriesOf(s, 'Groups').map((e) => e.line), [1, 2]);
  // A repeated header: sectionOf gives the first, sectionsOf all, findEntry searches them all.
  assert.equal(sectionsOf(model, 's').length, 2);
  assert.equal(entryOf(sectionOf(model, 's'), 'other'), undefined);
  assert.equal(findEntry(model, 's', 'other')?.value, '2');
  assert.equal(sectionOf(model, 'S'), undefined, 'section names are case-sensitive');
});

test('malformed lines: one issue each, parsing goes on, a few at most', () => {
  const text = 'good = 1\nno equals here\n[unterminated\nk = v\n= orphan\n.unknown thing\n[ok]\nz = 2\n';
  const model = parseOpensslCnf(text);
  assert.deepEqual(model.syntaxErrors.map((e) => [e.message, slice(text, e.span)]), [
    ['OpenSSL config syntax error: missing "=" after "no"', 'no equals here'],
    ['OpenSSL config syntax error: missing "]" in section header', '[unterminated'],
    ['OpenSSL config syntax error: line starts with "=" (missing name)', '= orphan'],
    ['OpenSSL config syntax error: unknown directive ".unknown"', '.unknown'],
  ]);
  // The unterminated header still opens a section, so its entries are not lost.
  assert.equal(entryOf(sectionOf(model, 'unterminated'), 'k')?.value, 'v');
  assert.equal(entryOf(sectionOf(model, 'ok'), 'z')?.value, '2');
  assert.equal(entryOf(model.sections[0], 'good')?.value, '1');
  const many = parseOpensslCnf(Array.from({ length: 50 }, (_, i) => `junk${i}`).join('\n'));
  assert.ok(many.syntaxErrors.length >= 1 && many.syntaxErrors.length <= 5, `${many.syntaxErrors.length}`);
});

test('empty text, no final newline, odd input: never throws', () => {
  const empty = parseOpensslCnf('');
  assert.equal(empty.sections.length, 1);
  assert.deepEqual(empty.sections[0], { name: 'default', span: { start: 0, end: 0 }, entries: [], bodyEnd: 0 });
  const noEol = parseOpensslCnf('[a]\nk = v');
  assert.equal(sectionOf(noEol, 'a')!.bodyEnd, '[a]\nk = v'.length);
  for (const odd of ['\\', '[', ']', '=', '"', '#', '\\\n\\\n', 'k = "unterminated # no comment', '[]', '\r\r\n\n', '$', 'k = ${', 'k = $(x']) {
    const model = parseOpensslCnf(odd);
    for (const e of model.syntaxErrors) assert.ok(e.span.start >= 0 && e.span.end <= odd.length, JSON.stringify(odd));
    for (const s of model.sections) for (const entry of s.entries) expandValue(model, s, entry.value);
  }
  const quote = parseOpensslCnf('k = "unterminated # no comment');
  assert.equal(quote.sections[0].entries[0].value, '"unterminated # no comment');
});
