import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  attributeOf, blockOf, blocksOf, boolAttr, decodeHclString, nestedBody, parseHcl, stringAttr,
  type HclBlock, type HclBody, type HclTreeSitter, type HclValue,
} from '../../server/src/core/formats/hcl.js';
import { createHclParser, defaultHclWasmPath } from '../../server/src/node/hcl.js';
import { corpusDir } from '../helpers.js';

const parser = await createHclParser();
const spireDir = join(corpusDir, 'real-configs', 'spire');
const spireFiles = readdirSync(spireDir).filter((f) => f.endsWith('.conf')).sort();

function only<T>(items: T[]): T {
  assert.equal(items.length, 1, `expected exactly one, got ${items.length}`);
  return items[0];
}

/** Every attribute name in a body, looking into nested blocks, object values and tuple items. */
function allAttributeNames(body: HclBody, out: string[] = []): string[] {
  const visitValue = (v: HclValue): void => {
    if (v.body) allAttributeNames(v.body, out);
    for (const item of v.items ?? []) visitValue(item);
  };
  for (const a of body.attributes) {
    out.push(a.name);
    visitValue(a.value);
  }
  for (const b of body.blocks) allAttributeNames(b.body, out);
  return out;
}

function* allBlocks(body: HclBody): Generator<HclBlock> {
  for (const b of body.blocks) {
    yield b;
    yield* allBlocks(b.body);
  }
}

/** Checks that every span of a body slices back to the text it stands for. */
function checkSpans(text: string, body: HclBody, where: string): number {
  let checked = 0;
  const slice = (s: { start: number; end: number }): string => text.slice(s.start, s.end);
  const checkValue = (v: HclValue): void => {
    const raw = slice(v.span);
    if (v.kind === 'string' && typeof v.value === 'string' && !raw.startsWith('<<') && !/[\\$%]/.test(raw)) {
      assert.equal(raw, JSON.stringify(v.value), `${where}: string value span`);
    }
    if (v.kind === 'number') assert.equal(Number(raw), v.value, `${where}: number value span`);
    if (v.kind === 'bool') assert.equal(raw, String(v.value), `${where}: bool value span`);
    if (v.kind === 'object') {
      assert.equal(raw[0], '{', `${where}: object starts with {`);
      assert.equal(raw[raw.length - 1], '}', `${where}: object ends with }`);
      checked += checkSpans(text, v.body!, where);
    }
    if (v.kind === 'tuple') {
      assert.equal(raw[0], '[');
      assert.equal(raw[raw.length - 1], ']');
      for (const item of v.items!) checkValue(item);
    }
  };
  for (const a of body.attributes) {
    const name = slice(a.nameSpan);
    assert.ok(name === a.name || name === JSON.stringify(a.name), `${where}: attribute name span ${JSON.stringify(name)} vs ${a.name}`);
    assert.equal(a.span.start, a.nameSpan.start, `${where}: attribute span starts at its name`);
    assert.equal(a.span.end, a.value.span.end, `${where}: attribute span ends with its value`);
    checkValue(a.value);
    checked++;
  }
  for (const b of body.blocks) {
    assert.equal(slice(b.typeSpan), b.type, `${where}: block type span`);
    assert.equal(b.span.start, b.typeSpan.start, `${where}: block span starts at its type`);
    for (const label of b.labels) {
      const raw = slice(label.span);
      assert.ok(raw === JSON.stringify(label.value) || raw === label.value, `${where}: label span ${raw}`);
    }
    assert.equal(text[b.bodyStart - 1], '{', `${where}: bodyStart is just after {`);
    assert.equal(text[b.bodyEnd], '}', `${where}: bodyEnd is the offset of }`);
    assert.equal(b.span.end, b.bodyEnd + 1, `${where}: block span ends after }`);
    checked += 1 + checkSpans(text, b.body, `${where} > ${b.type}`);
  }
  return checked;
}

test('every SPIRE config in the corpus parses without syntax errors and with exact spans', () => {
  assert.ok(spireFiles.length >= 30);
  for (const name of spireFiles) {
    const text = readFileSync(join(spireDir, name), 'utf8');
    const model = parseHcl(text, parser);
    assert.deepEqual(model.syntaxErrors, [], name);
    const checked = checkSpans(text, model.body, name);
    assert.ok(checked > 0, `${name}: nothing found`);
  }
});

test('the "bad" SPIRE fixtures are valid HCL with unknown options, and the options are reachable', () => {
  // Read one by one: every file named *bad* holds unknown_option1/2 somewhere (blocks, nested
  // blocks, labelled blocks, a tuple of objects, or top level). None is an HCL syntax error.
  const bad = spireFiles.filter((f) => f.includes('bad'));
  assert.equal(bad.length, 18);
  for (const name of bad) {
    const text = readFileSync(join(spireDir, name), 'utf8');
    const model = parseHcl(text, parser);
    assert.equal(model.syntaxErrors.length, 0, name);
    const names = allAttributeNames(model.body);
    assert.ok(names.includes('unknown_option1') && names.includes('unknown_option2'), `${name}: ${names.join(',')}`);
  }
  const dog = parseHcl(readFileSync(join(spireDir, 'test_fixture_config_server_and_agent_bad_nested_DogStatsd_block.conf'), 'utf8'), parser);
  const sinks = attributeOf(blockOf(dog.body, 'telemetry')?.body, 'DogStatsd')!;
  assert.equal(sinks.value.kind, 'tuple');
  assert.equal(sinks.value.items!.length, 2);
  assert.equal(stringAttr(sinks.value.items![1].body, 'unknown_option4'), 'unknown_option4');
  const statsd = parseHcl(readFileSync(join(spireDir, 'test_fixture_config_server_and_agent_bad_nested_Statsd_block.conf'), 'utf8'), parser);
  assert.deepEqual(blocksOf(blockOf(statsd.body, 'telemetry')?.body, 'Statsd').map((b) => b.labels.map((l) => l.value)), [['sink-one'], ['sink-two']]);
  const root = parseHcl(readFileSync(join(spireDir, 'test_fixture_config_server_and_agent_bad_root_block.conf'), 'utf8'), parser);
  assert.deepEqual(root.body.attributes.map((a) => a.name), ['unknown_option1', 'unknown_option2']);
  assert.equal(root.body.blocks.length, 0);
});

test('server.conf: blocks, labels, plugin_data as block and as object', () => {
  const text = readFileSync(join(spireDir, 'conf_server_server.conf'), 'utf8');
  const { body } = parseHcl(text, parser);
  const server = blockOf(body, 'server')!;
  assert.equal(stringAttr(server.body, 'trust_domain'), 'example.org');
  assert.equal(stringAttr(server.body, 'bind_port'), '8081');
  const trust = attributeOf(server.body, 'trust_domain')!;
  assert.equal(text.slice(trust.span.start, trust.span.end), 'trust_domain = "example.org"');
  assert.equal(text.slice(trust.value.span.start, trust.value.span.end), '"example.org"');

  const plugins = blockOf(body, 'plugins')!;
  assert.deepEqual(plugins.body.blocks.map((b) => `${b.type} ${b.labels[0]?.value}`), ['DataStore sql', 'NodeAttestor join_token', 'KeyManager memory', 'UpstreamAuthority disk']);
  const km = blockOf(plugins.body, 'KeyManager', 'memory')!;
  assert.equal(text.slice(km.labels[0].span.start, km.labels[0].span.end), '"memory"');
  assert.equal(blockOf(plugins.body, 'KeyManager', 'disk'), undefined);
  // `plugin_data = {}` (object attribute) and `plugin_data { ... }` (block) read alike.
  assert.equal(attributeOf(km.body, 'plugin_data')!.value.kind, 'object');
  assert.deepEqual(nestedBody(km.body, 'plugin_data'), { attributes: [], blocks: [] });
  const upstream = blockOf(plugins.body, 'UpstreamAuthority', 'disk')!;
  assert.equal(stringAttr(nestedBody(upstream.body, 'plugin_data'), 'key_file_path'), './conf/server/dummy_upstream_ca.key');
  assert.equal(stringAttr(nestedBody(blockOf(plugins.body, 'DataStore')!.body, 'plugin_data'), 'database_type'), 'sqlite3');
  // A block label's text and the body range of a block.
  assert.equal(text.slice(upstream.bodyStart, upstream.bodyEnd).trim().split('\n')[0], 'plugin_data {');
});

test('plugin_data written as an object exposes its elements like a block body', () => {
  const text = 'plugins {\n  UpstreamAuthority "spire" {\n    plugin_data = {\n      server_address = "upstream"\n      "server_port" = 8081\n      experimental = { require_pq_kem = true }\n    }\n  }\n}\n';
  const { body, syntaxErrors } = parseHcl(text, parser);
  assert.deepEqual(syntaxErrors, []);
  const ua = blockOf(blockOf(body, 'plugins')?.body, 'UpstreamAuthority', 'spire')!;
  const data = nestedBody(ua.body, 'plugin_data')!;
  assert.equal(stringAttr(data, 'server_address'), 'upstream');
  const port = attributeOf(data, 'server_port')!;
  assert.equal(port.value.value, 8081);
  assert.equal(text.slice(port.nameSpan.start, port.nameSpan.end), '"server_port"');
  assert.equal(text.slice(port.span.start, port.span.end), '"server_port" = 8081');
  assert.equal(boolAttr(nestedBody(data, 'experimental'), 'require_pq_kem'), true);
  const block = parseHcl('x {\n  plugin_data {\n    server_address = "upstream"\n  }\n}\n', parser).body;
  assert.equal(stringAttr(nestedBody(blockOf(block, 'x')!.body, 'plugin_data'), 'server_address'), 'upstream');
});

test('values: escapes, numbers, bools, null, heredocs, tuples, templates', () => {
  const text = [
    'a = "x\\"y\\\\z\\n\\t\\u00e9$${lit}%%{lit}"',
    'b = 8081',
    'c = 1.5',
    'd = -2',
    'e = true',
    'f = false',
    'g = null',
    'h = ["US", 2]',
    'i = "pre${var.x}post"',
    'j = foo.bar',
    'k = <<EOT',
    'line1',
    '  line2',
    'EOT',
    'l = <<-EOT',
    '    x',
    '      y',
    '    EOT',
    'm = ""',
    '',
  ].join('\n');
  const { body, syntaxErrors } = parseHcl(text, parser);
  assert.deepEqual(syntaxErrors, []);
  const v = (name: string): HclValue => attributeOf(body, name)!.value;
  assert.deepEqual([v('a').kind, v('a').value], ['string', 'x"y\\z\n\té${lit}%{lit}']);
  assert.deepEqual([v('b').kind, v('b').value], ['number', 8081]);
  assert.equal(v('c').value, 1.5);
  assert.deepEqual([v('d').kind, v('d').value], ['number', -2]);
  assert.deepEqual([v('e').kind, v('e').value, v('f').value], ['bool', true, false]);
  assert.deepEqual([v('g').kind, v('g').value], ['null', null]);
  assert.equal(v('h').kind, 'tuple');
  assert.deepEqual(v('h').items!.map((x) => x.value), ['US', 2]);
  assert.deepEqual([v('i').kind, v('i').value], ['expression', undefined]);
  assert.equal(text.slice(v('i').span.start, v('i').span.end), '"pre${var.x}post"');
  assert.deepEqual([v('j').kind, v('j').value], ['expression', undefined]);
  assert.deepEqual([v('k').kind, v('k').value], ['string', 'line1\n  line2\n']);
  assert.deepEqual([v('l').kind, v('l').value], ['string', 'x\n  y\n']);
  assert.deepEqual([v('m').kind, v('m').value], ['string', '']);
  assert.equal(stringAttr(body, 'b'), undefined, 'stringAttr only returns strings');
  assert.equal(boolAttr(body, 'a'), undefined);
  assert.equal(decodeHclString('\\U0001F600 \\q'), '😀 \\q');
});

test('web-tree-sitter indices are UTF-16 code units; spans stay exact after non-ASCII text', () => {
  const text = '# café 😀 — comment\nserver {\n  trust_domain = "é.org" # ü\n  ca_key_type = "ec-p256"\n}\n';
  // The raw tree: after "# café 😀 — comment\n" (20 UTF-16 units, 28 UTF-8 bytes) the block starts at 20.
  const tree = parser.parse(text) as { rootNode: { child(i: number): { startIndex: number; type: string } | null }; delete(): void };
  const block = tree.rootNode.child(1)!;
  assert.equal(block.startIndex, text.indexOf('server'));
  assert.equal(block.startIndex, 20);
  tree.delete();

  const { body } = parseHcl(text, parser);
  const server = blockOf(body, 'server')!;
  assert.equal(server.typeSpan.start, text.indexOf('server'));
  const key = attributeOf(server.body, 'ca_key_type')!;
  assert.equal(text.slice(key.span.start, key.span.end), 'ca_key_type = "ec-p256"');
  assert.equal(stringAttr(server.body, 'trust_domain'), 'é.org');
  assert.equal(text[server.bodyEnd], '}');

  // The real agent_full.conf has an em dash (3 UTF-8 bytes) in a comment before most attributes.
  const full = readFileSync(join(spireDir, 'conf_agent_agent_full.conf'), 'utf8');
  const dash = full.indexOf('—');
  assert.ok(dash > 0);
  const model = parseHcl(full, parser);
  const after = [...allBlocks(model.body)].filter((b) => b.span.start > dash);
  assert.ok(after.length > 0, 'blocks after the em dash');
  for (const b of after) assert.equal(full.slice(b.typeSpan.start, b.typeSpan.end), b.type);
});

/** Presents a web-tree-sitter tree with UTF-8 byte offsets, as native tree-sitter bindings do. */
function byteOffsetParser(inner: HclTreeSitter): HclTreeSitter & { deleted: number } {
  const wrapper = {
    deleted: 0,
    parse(text: string): unknown {
      const toBytes = (i: number): number => Buffer.byteLength(text.slice(0, i), 'utf8');
      type N = { type: string; startIndex: number; endIndex: number; childCount: number; isMissing: boolean; isError: boolean; isNamed: boolean; child(i: number): N | null };
      const wrap = (n: N): unknown => ({
        type: n.type,
        startIndex: toBytes(n.startIndex),
        endIndex: toBytes(n.endIndex),
        childCount: n.childCount,
        // Methods instead of getters, like older native bindings.
        isMissing: () => n.isMissing,
        isError: () => n.isError,
        isNamed: () => n.isNamed,
        child: (i: number) => { const c = n.child(i); return c ? wrap(c) : null; },
      });
      const tree = inner.parse(text) as { rootNode: N; delete(): void };
      return { rootNode: wrap(tree.rootNode), delete: () => { wrapper.deleted++; tree.delete(); } };
    },
  };
  return wrapper;
}

test('a parser reporting UTF-8 byte offsets is detected and converted to UTF-16 spans', () => {
  const bytes = byteOffsetParser(parser);
  const text = '# ünïcödé 😀\nserver {\n  trust_domain = "é.org"\n  x = <<EOT\nü\nEOT\n}\nplugins {\n  KeyManager "mémoire" {}\n}\n';
  const viaBytes = parseHcl(text, bytes);
  const direct = parseHcl(text, parser);
  assert.deepEqual(viaBytes, direct);
  assert.equal(bytes.deleted, 1, 'the tree is freed after the walk');
  const km = blockOf(blockOf(viaBytes.body, 'plugins')?.body, 'KeyManager')!;
  assert.equal(text.slice(km.labels[0].span.start, km.labels[0].span.end), '"mémoire"');
  // Syntax error offsets are converted too.
  const broken = 'a = "é"\nserver {\n  b = "ü"\n';
  assert.deepEqual(parseHcl(broken, bytes).syntaxErrors, parseHcl(broken, parser).syntaxErrors);
  assert.equal(parseHcl(broken, bytes).syntaxErrors[0].span.start, broken.length);
});

test('unclosed braces: one "missing }" issue, blocks still found and closed at the end', () => {
  const text = 'server {\n  trust_domain = "example.org"\n  KeyManager "disk" {\n    b = 1\n';
  const model = parseHcl(text, parser);
  const issue = only(model.syntaxErrors);
  assert.equal(issue.message, 'HCL syntax error: missing "}"');
  assert.deepEqual(issue.span, { start: text.length, end: text.length });
  const server = blockOf(model.body, 'server')!;
  assert.equal(stringAttr(server.body, 'trust_domain'), 'example.org');
  assert.equal(server.bodyEnd, server.span.end, 'bodyEnd equals span.end when } is missing');
  const km = blockOf(server.body, 'KeyManager', 'disk')!;
  assert.equal(attributeOf(km.body, 'b')!.value.value, 1);
  assert.equal(km.bodyEnd, km.span.end);
});

test('unterminated heredoc and string: one issue, no throw', () => {
  const heredoc = 'server {\n  a = "ok"\n}\nb = <<EOF\nhello\n';
  const h = parseHcl(heredoc, parser);
  assert.equal(only(h.syntaxErrors).message, 'HCL syntax error: missing heredoc end marker');
  assert.equal(stringAttr(blockOf(h.body, 'server')?.body, 'a'), 'ok');
  assert.deepEqual(attributeOf(h.body, 'b')!.value.kind, 'expression');

  const str = 'a = "unterminated\nb = 2\n';
  const s = parseHcl(str, parser);
  assert.equal(only(s.syntaxErrors).message, 'HCL syntax error: missing closing quote \'"\'');
  assert.equal(attributeOf(s.body, 'a')!.value.value, undefined);
});

test('syntax errors point at the first unexpected token', () => {
  const cases: [string, string, string][] = [
    // [text, message, text under the span]
    ['server {\n  a = 1\n}}\n', 'HCL syntax error: unexpected "}"', '}'],
    ['server {\n  a = = 1\n}\n', 'HCL syntax error: unexpected "="', '='],
    ['server {\n  a = \n}\n', 'HCL syntax error: expected a value after "="', '='],
    ['KeyManager "memory"\nx = 1\n', 'HCL syntax error: unexpected \'"memory"\'', '"memory"'],
    ['@@@ foo\nx = 1\n', 'HCL syntax error: unexpected "@@@ foo"', '@@@ foo'],
    ['a = [1, 2\n', 'HCL syntax error: missing "]"', ''],
    ['a = {\n k = 1\n', 'HCL syntax error: missing "}"', ''],
  ];
  for (const [text, message, under] of cases) {
    const issue = only(parseHcl(text, parser).syntaxErrors);
    assert.equal(issue.message, message, JSON.stringify(text));
    assert.equal(text.slice(issue.span.start, issue.span.end), under, JSON.stringify(text));
  }
});

test('a typo inside a block keeps the rest of the block (recovery inside ERROR nodes)', () => {
  // tree-sitter turns the whole file into one ERROR node here; the block is rebuilt from its tokens.
  const text = 'server {\n  ca_key_type = "rsa-2048"\n  ca_ttl = 12h\n}\n';
  const model = parseHcl(text, parser);
  const issue = only(model.syntaxErrors);
  assert.equal(issue.message, 'HCL syntax error: unexpected "h"');
  assert.equal(issue.span.start, text.indexOf('12h') + 2);
  const server = blockOf(model.body, 'server')!;
  assert.equal(stringAttr(server.body, 'ca_key_type'), 'rsa-2048');
  assert.equal(text.slice(server.span.start, server.span.end), text.trimEnd());
  assert.equal(server.bodyEnd, text.lastIndexOf('}'));
  assert.equal(server.bodyStart, text.indexOf('{') + 1);
});

test('empty input, only comments, parser failures: never throws', () => {
  assert.deepEqual(parseHcl('', parser), { body: { attributes: [], blocks: [] }, syntaxErrors: [] });
  assert.deepEqual(parseHcl('# just a comment\n// another\n/* block */\n', parser).syntaxErrors, []);
  const throwing: HclTreeSitter = { parse: () => { throw new Error('out of memory'); } };
  assert.match(only(parseHcl('a = 1', throwing).syntaxErrors).message, /out of memory/);
  const nothing: HclTreeSitter = { parse: () => null };
  assert.equal(parseHcl('a = 1', nothing).syntaxErrors.length, 1);
  // Random junk of all kinds.
  for (const junk of ['{{{{', '}}}}', '"', '<<', 'a = <<-', '[', 'x "y" "z"', 'a.b.c = 1', '\u0000\u0001', 'é = 1']) {
    const model = parseHcl(junk, parser);
    assert.ok(model.syntaxErrors.length <= 1, junk);
    for (const e of model.syntaxErrors) assert.ok(e.span.start >= 0 && e.span.end <= junk.length && e.span.start <= e.span.end, junk);
  }
});

test('createHclParser is memoised and accepts an explicit wasm path', async () => {
  assert.equal(await createHclParser(), parser);
  const explicit = await createHclParser(defaultHclWasmPath());
  assert.equal(explicit, parser, 'same path, same parser');
  await assert.rejects(createHclParser(join(spireDir, 'no-such.wasm')));
  await assert.rejects(createHclParser(join(spireDir, 'no-such.wasm')), 'a failed load is retried, not cached as success');
});
