// Hostile inputs through the whole analyser (Engine with every rule), each with the outcome users
// see: alias bombs, 10,000-level nesting in YAML, JSON, HCL and ASN.1, huge certificates and
// length fields, a 10 MB single-line base64 value, invalid UTF-8 and binary content under
// configuration names, `.include` loops, unterminated heredocs. Nothing throws, nothing reports an
// internal error, and every case finishes (a hang would trip the per-test timeout).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../server/src/core/engine.js';
import type { Finding } from '../../server/src/core/types.js';
import { MAX_NESTING_DEPTH } from '../../server/src/core/formats/nesting.js';
import { pemEncode } from '../../server/src/core/formats/pem.js';
import { engineFor } from '../harness.js';
import { fixturesDir } from '../helpers.js';
import { assertFindingInside, prepareHcl } from '../fuzz/support.js';

const TIMEOUT = { timeout: 60_000 };
const DEPTH = 10_000;

before(prepareHcl);

async function analyse(files: Record<string, string | Uint8Array>): Promise<{ engine: Engine; findings: Map<string, Finding[]>; ms: number }> {
  const started = performance.now();
  const engine = await engineFor(files);
  const findings = new Map<string, Finding[]>();
  for (const path of Object.keys(files)) {
    const list = engine.analyze(path);
    for (const f of list) assertFindingInside(engine.file(path)!, f);
    assert.deepEqual(list.filter((f) => f.ruleId === 'internal-error').map((f) => f.message), [], `${path}: internal error`);
    findings.set(path, list);
  }
  return { engine, findings, ms: performance.now() - started };
}

function only(findings: Finding[], ruleId: string): Finding {
  const matching = findings.filter((f) => f.ruleId === ruleId);
  assert.equal(matching.length, 1, `one ${ruleId} expected: ${findings.map((f) => `${f.ruleId}: ${f.message}`).join(' | ')}`);
  return matching[0];
}

function der(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const content = Buffer.concat(parts);
  const n = content.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return new Uint8Array(Buffer.concat([Buffer.from([tag, ...length]), content]));
}

/** `depth` SEQUENCEs, each holding the next (headers computed inside out, written outside in). */
function nestedSequences(depth: number): Uint8Array {
  const headers: number[][] = [];
  let size = 0;
  for (let i = 0; i < depth; i++) {
    const h = size < 0x80 ? [0x30, size] : size < 0x100 ? [0x30, 0x81, size] : [0x30, 0x82, size >> 8, size & 0xff];
    headers.push(h);
    size += h.length;
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (let i = depth - 1; i >= 0; i--) {
    out.set(headers[i], offset);
    offset += headers[i].length;
  }
  return out;
}

test('YAML alias bombs (billion laughs) are not expanded: analysis is immediate and reports nothing odd', TIMEOUT, async () => {
  let bomb = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for (let i = 1; i <= 12; i++) bomb += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(',')}]\n`;
  const body = bomb.split('\n').map((l) => `  ${l}`).join('\n');
  const files = {
    'configmap.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n${body}\n`,
    'secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: lol\ndata:\n${body}\n`,
    'certificate.yaml': `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: lol\nspec:\n${body}\n  dnsNames: *a12\n  privateKey: *a12\n  issuerRef: *a12\n`,
  };
  const { findings, ms } = await analyse(files);
  for (const [path, list] of findings) assert.ok(list.every((f) => f.ruleId !== 'syntax-error'), `${path}: ${list.map((f) => f.message).join(' | ')}`);
  console.log(`# alias bombs (10^13 nodes if expanded): ${Math.round(ms)} ms`);
});

test(`${DEPTH.toLocaleString('en')}-level nesting in YAML, JSON and HCL gives one clear syntax error each`, TIMEOUT, async () => {
  const files = {
    'flow.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  a: ${'['.repeat(DEPTH)}1${']'.repeat(DEPTH)}\n`,
    'maps.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: deep\ndata:\n  a: ${'{a: '.repeat(DEPTH)}1${'}'.repeat(DEPTH)}\n`,
    'block.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  a:\n${Array.from({ length: 600 }, (_, i) => `${' '.repeat(i + 4)}k${i}:`).join('\n')} x\n`,
    'config/ca.json': `{"root": "r.crt", "authority": {"provisioners": ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}}`,
    'config/objects/ca.json': `{"root": "r.crt", "authority": ${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}}`,
    'server.conf': `server {\n${'a {\n'.repeat(DEPTH)}${'}\n'.repeat(DEPTH)}}\n`,
    'agent.conf': `agent {\n  x = ${'{a = '.repeat(DEPTH)}1${'}'.repeat(DEPTH)}\n}\n`,
    'tuple/server.conf': `server {\n  ca_subject = ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\n}\n`,
  };
  const { findings, engine, ms } = await analyse(files);
  for (const [path, list] of findings) {
    const error = only(list, 'syntax-error');
    assert.match(error.message, new RegExp(`nested deeper than ${MAX_NESTING_DEPTH} levels`), `${path}: ${error.message}`);
    assert.ok(error.span.end - error.span.start <= 1, `${path}: the error marks the bracket that goes too deep`);
    assert.notEqual(engine.file(path)!.kind, 'unknown', path);
  }
  console.log(`# 8 files nested ${DEPTH} levels: ${Math.round(ms)} ms`);
});

test('nesting just under the limit is analysed normally', TIMEOUT, async () => {
  const depth = MAX_NESTING_DEPTH - 10;
  const { findings } = await analyse({
    'flow.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  a: ${'['.repeat(depth)}1${']'.repeat(depth)}\n`,
    'config/ca.json': `{"root": "r.crt", "authority": {"x": ${'['.repeat(depth)}${']'.repeat(depth)}}}`,
    'server.conf': `server {\n  ca_key_type = "rsa-2048"\n  x = ${'['.repeat(depth)}${']'.repeat(depth)}\n}\n`,
  });
  for (const [path, list] of findings) assert.ok(!list.some((f) => f.ruleId === 'syntax-error'), `${path}: ${list.map((f) => f.message).join(' | ')}`);
  assert.ok(findings.get('server.conf')!.some((f) => f.ruleId === 'spire/classical-ca-key'), 'rules still run on the deep file');
});

test('ASN.1: 10,000 nested SEQUENCEs, a 2^31 length field and a certificate with 100,000 extensions are invalid certificates, not crashes', TIMEOUT, async () => {
  const real = new Uint8Array(readFileSync(join(fixturesDir, 'certs', 'rsa2048-ca.der')));
  const extension = der(0x30, new Uint8Array([0x06, 0x03, 0x55, 0x1d, 0x0e, 0x04, 0x02, 0x04, 0x00]));
  const many = new Uint8Array(extension.length * 100_000);
  for (let i = 0; i < 100_000; i++) many.set(extension, i * extension.length);
  const tbs = der(0x30, der(0xa0, new Uint8Array([2, 1, 2])), der(0xa3, der(0x30, many)));
  const hugeCert = der(0x30, tbs, new Uint8Array([0x30, 0x03, 0x06, 0x01, 0x00, 0x03, 0x01, 0x00]));
  const twoTo31 = new Uint8Array(Buffer.concat([Buffer.from([0x30, 0x84, 0x80, 0x00, 0x00, 0x00]), real.subarray(4)]));
  const deep = nestedSequences(DEPTH);
  const { findings } = await analyse({
    'deep.der': deep,
    'deep.pem': pemEncode('CERTIFICATE', deep),
    'length.der': twoTo31,
    'extensions.pem': pemEncode('CERTIFICATE', hugeCert),
    'webhook.yaml': `apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata:\n  name: deep\nwebhooks:\n- name: x\n  clientConfig:\n    caBundle: ${Buffer.from(deep).toString('base64')}\n`,
  });
  const expected: Record<string, RegExp> = {
    'deep.der': /nesting deeper|too deep|nested/i,
    'deep.pem': /nesting deeper|too deep|nested/i,
    'length.der': /runs past|length|truncated/i,
    'extensions.pem': /too large|extensions/i,
    'webhook.yaml': /nesting deeper|too deep|nested/i,
  };
  for (const [path, pattern] of Object.entries(expected)) assert.match(only(findings.get(path)!, 'certificate/invalid').message, pattern, path);
});

test('a 10 MB single-line base64 value (over any sane size limit) is analysed without blow-up when the limit is lifted', TIMEOUT, async () => {
  const value = Buffer.alloc(7.5 * 1024 * 1024, 0x5a).toString('base64');
  assert.ok(value.length >= 10 * 1024 * 1024);
  const { findings, ms } = await analyse({
    'secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: big\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${value}\n`,
    'webhook.yaml': `apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata:\n  name: big\nwebhooks:\n- name: x\n  clientConfig:\n    caBundle: ${value}\n`,
  });
  for (const list of findings.values()) assert.match(only(list, 'certificate/invalid').message, /neither PEM nor a DER certificate|too large/);
  console.log(`# two 10 MB base64 lines: ${Math.round(ms)} ms`);
});

test('invalid UTF-8, UTF-16 and binary content under configuration names are skipped with a notice', TIMEOUT, async () => {
  const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe, 0x00, 0x80]);
  const utf16 = new Uint8Array(Buffer.from(`\ufeffapiVersion: v1\nkind: Secret\n`, 'utf16le'));
  const latin1 = new Uint8Array(Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\n', 'latin1'));
  const truncatedUtf8 = new Uint8Array([...Buffer.from('apiVersion: v1\nkind: ConfigMap\ndata:\n  a: '), 0xe2, 0x82]);
  const files = { 'binary.yaml': elf, 'utf16.yaml': utf16, 'latin1.yml': latin1, 'cut.yaml': truncatedUtf8, 'server.conf': elf, 'ca.json': utf16, 'openssl.cnf': latin1 };
  const { engine, findings } = await analyse(files);
  for (const path of Object.keys(files)) {
    assert.equal(engine.file(path)!.kind, 'unknown', path);
    assert.match(engine.notices(path).map((n) => n.message).join(' '), /binary content or invalid UTF-8/, path);
    assert.deepEqual(findings.get(path), [], path);
  }
});

test('.include loops between openssl.cnf files (and a file including itself or its own folder) terminate', TIMEOUT, async () => {
  const body = '[openssl_init]\nproviders = provider_sect\n[provider_sect]\ndefault = default_sect\n[default_sect]\nactivate = 1\n';
  const { findings } = await analyse({
    'ssl/openssl.cnf': `openssl_conf = openssl_init\n.include /etc/ssl/openssl.d/a.cnf\n.include openssl.cnf\n${body}`,
    'ssl/openssl.d/a.cnf': '.include /etc/ssl/openssl.d/b.cnf\n.include /etc/ssl/openssl.d\n[a]\nx = 1\n',
    'ssl/openssl.d/b.cnf': '.include /etc/ssl/openssl.d/a.cnf\n.include /etc/ssl/openssl.cnf\n.include ../openssl.cnf\n[b]\ny = $a::x\n',
    'self.cnf': '.include self.cnf\n.include .\n.include ./\n[s]\nz = ${s::z}${s::z}\n',
  });
  assert.equal(findings.size, 4);
});

test('unterminated HCL heredocs (short and 100,000 lines) give one syntax error', TIMEOUT, async () => {
  const { findings } = await analyse({
    'short/server.conf': 'server {\n  trust_domain = <<EOT\nexample.org\n',
    'long/server.conf': `server {\n  ca_key_type = "rsa-2048"\n  x = <<-EOT\n${'  line\n'.repeat(100_000)}`,
    'marker/server.conf': 'server {\n  x = <<EOT\nEO\nEOTT\n EOT x\n}\n',
  });
  for (const [path, list] of findings) assert.match(only(list, 'syntax-error').message, /heredoc|HCL syntax error|unexpected|missing/i, path);
});
