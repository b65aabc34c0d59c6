// Shared by the fuzz tests and scripts/fuzz.mjs: the seed corpus, mutation and document
// generators, the properties every analysis must satisfy, and saving/replaying failing cases.
//
// Settings come from the environment so that `npm test` runs a fixed, quick campaign and
// `npm run fuzz -- --runs N --seed S` runs a long one with the same code:
//   PQC_FUZZ_RUNS          runs per property (default: each test's quick count)
//   PQC_FUZZ_SEED          fast-check seed (default: a fixed one)
//   PQC_FUZZ_TIME_LIMIT_MS per-file analysis time that fails a case (default 5000; long runs 1000)
//   PQC_FUZZ_MAX_SEED_KB   largest corpus file used as a mutation seed (default 48; long runs 1024)
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import fc from 'fast-check';
import { Engine } from '../../server/src/core/engine.js';
import { DEFAULT_CONFIG } from '../../server/src/core/config.js';
import { applyEdits } from '../../server/src/core/edits.js';
import type { HclTreeSitter } from '../../server/src/core/formats/hcl.js';
import type { ParsedFile } from '../../server/src/core/parse.js';
import type { Finding } from '../../server/src/core/types.js';
import { createHclParser } from '../../server/src/node/hcl.js';
import { defaultKnowledge, TEST_NOW } from '../harness.js';
import { corpusDir, fixturesDir, repoRoot } from '../helpers.js';

// ---------------------------------------------------------------------------------------------
// Settings

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/** True for `npm run fuzz` (a long campaign), false in `npm test`. */
export const LONG_RUN = envNumber('PQC_FUZZ_RUNS') !== undefined;
export const FUZZ_SEED = envNumber('PQC_FUZZ_SEED') ?? 20260601;
export const TIME_LIMIT_MS = envNumber('PQC_FUZZ_TIME_LIMIT_MS') ?? (LONG_RUN ? 1000 : 5000);
/** The per-file time budget only applies to files under this size. */
export const TIME_LIMIT_BYTES = 1024 * 1024;
const MAX_SEED_BYTES = (envNumber('PQC_FUZZ_MAX_SEED_KB') ?? (LONG_RUN ? 1024 : 48)) * 1024;

/** Runs per property: the test's quick count in `npm test`, PQC_FUZZ_RUNS in long campaigns. */
export function runs(quick: number): number {
  return LONG_RUN ? Math.max(1, Math.round(envNumber('PQC_FUZZ_RUNS')!)) : quick;
}

export const REGRESSIONS_DIR = join(fixturesDir, 'fuzz-regressions');

// ---------------------------------------------------------------------------------------------
// Cases: one or more files handed to the engine as bytes (as the CLI does) or text (as the editor does).

export interface FuzzFile { path: string; content: string | Uint8Array }
export interface FuzzCase { files: FuzzFile[] }

/** JSON form of a case (bytes as base64, text verbatim; JSON keeps lone surrogates as \uXXXX escapes). */
export interface StoredFile { path: string; text?: string; base64?: string }

export function storeFile(file: FuzzFile): StoredFile {
  return typeof file.content === 'string' ? { path: file.path, text: file.content } : { path: file.path, base64: Buffer.from(file.content).toString('base64') };
}

export function loadFile(stored: StoredFile): FuzzFile {
  return { path: stored.path, content: stored.text ?? new Uint8Array(Buffer.from(stored.base64 ?? '', 'base64')) };
}

export function contentBytes(content: string | Uint8Array): number {
  return typeof content === 'string' ? Buffer.byteLength(content) : content.length;
}

// ---------------------------------------------------------------------------------------------
// Seed corpus: third-party inputs, our fixtures and the examples, as bytes with their paths.

export interface SeedFile { path: string; bytes: Uint8Array }

let seedCache: SeedFile[] | undefined;

export function seedCorpus(): SeedFile[] {
  if (seedCache) return seedCache;
  const out: SeedFile[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const stats = statSync(full);
      if (stats.isDirectory()) walk(full);
      else if (stats.size > 0 && stats.size <= MAX_SEED_BYTES && !/\.(md|mjs|ts)$/.test(name)) {
        out.push({ path: relative(repoRoot, full).split(sep).join('/'), bytes: new Uint8Array(readFileSync(full)) });
      }
    }
  };
  for (const dir of [corpusDir, join(fixturesDir, 'certs'), join(fixturesDir, 'rules'), join(fixturesDir, 'cli'), join(repoRoot, 'examples')]) {
    if (existsSync(dir)) walk(dir);
  }
  seedCache = out;
  return out;
}

export function seedsMatching(pattern: RegExp): SeedFile[] {
  return seedCorpus().filter((s) => pattern.test(s.path));
}

// ---------------------------------------------------------------------------------------------
// Mutations. Positions are taken modulo the current length, so any op applies to any input.

export type Mutation =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'set'; at: number; byte: number }
  | { op: 'truncate'; at: number }
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number; length: number; to: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'crlf' }
  | { op: 'cr' }
  | { op: 'bom' }
  | { op: 'tabs'; line: number }
  | { op: 'swapLines'; a: number; b: number };

/** Fragments that steer mutations into the interesting corners of each format. */
export const TOKENS = [
  '---\n', '...\n', '{{ .Values.x }}', '{{- if .Values.y }}', '{{ end }}', '-----BEGIN CERTIFICATE-----\n', '-----END CERTIFICATE-----\n',
  '-----BEGIN PRIVATE KEY-----\n', '&anchor ', '*anchor', '<<: *anchor\n', '!!binary ', '? ', '|\n', '>-\n', '"', "'", '\\', ': ', '\n- ', '[', ']', '{', '}',
  '# pqc-lens-disable-next-line ', '// ', '/* ', '*/', '.include ', '.pragma dollarid:true\n', '${', '$(', '::', '= ', '[ section ]\n', '\\\n',
  '<<EOT\n', '<<-EOT\n', 'EOT\n', 'server {\n', 'plugins {\n', 'KeyManager "disk" {\n', 'ca_key_type = ', 'crv', '"authority": ', '"root": ',
  'ML-DSA-65', 'X25519MLKEM768', 'kyber768', 'RSA', 'ECDSA', 'apiVersion: cert-manager.io/v1\n', 'kind: Certificate\n', 'kind: Secret\n',
  'kind: ClusterIssuer\n', 'data:\n  tls.crt: ', 'caBundle: ', 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t', 'MIIB', '\u0000', '\u2028', '\ufeff', '\t', '\r',
  '\u00e9', '\u{1F510}', '\ud800',
];

const position = fc.nat({ max: 1 << 20 });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  // Mostly low bits and ASCII bytes: a high bit usually makes the file invalid UTF-8, which is
  // skipped as binary before any parser sees it (still covered, just less often).
  { weight: 3, arbitrary: fc.record({ op: fc.constant('flip' as const), at: position, bit: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 6 }) }, { weight: 1, arbitrary: fc.constant(7) }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('set' as const), at: position, byte: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0x09, max: 0x7e }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: position }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 200 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 400 }), to: position }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('insert' as const), at: position, text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 8 })) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'crlf' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'cr' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'bom' as const }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('tabs' as const), line: fc.nat({ max: 2000 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('swapLines' as const), a: fc.nat({ max: 2000 }), b: fc.nat({ max: 2000 }) }) },
);

function lineStarts(bytes: Uint8Array): number[] {
  const starts = [0];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) starts.push(i + 1);
  return starts;
}

/** Applies mutations at byte level (line operations act on LF-separated lines). */
export function mutate(input: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes = Buffer.from(input);
  for (const m of mutations) {
    const n = bytes.length;
    const at = (p: number): number => (n === 0 ? 0 : p % (n + 1));
    switch (m.op) {
      case 'flip':
        if (n > 0) bytes[m.at % n] ^= 1 << m.bit;
        break;
      case 'set':
        if (n > 0) bytes[m.at % n] = m.byte;
        break;
      case 'truncate':
        bytes = bytes.subarray(0, at(m.at));
        break;
      case 'delete': {
        const start = at(m.at);
        bytes = Buffer.concat([bytes.subarray(0, start), bytes.subarray(Math.min(n, start + m.length))]);
        break;
      }
      case 'duplicate': {
        const start = at(m.at);
        const chunk = bytes.subarray(start, Math.min(n, start + m.length));
        const to = at(m.to);
        bytes = Buffer.concat([bytes.subarray(0, to), chunk, bytes.subarray(to)]);
        break;
      }
      case 'insert': {
        const start = at(m.at);
        bytes = Buffer.concat([bytes.subarray(0, start), Buffer.from(m.text, 'utf8'), bytes.subarray(start)]);
        break;
      }
      case 'crlf': {
        const out: number[] = [];
        for (let i = 0; i < n; i++) {
          if (bytes[i] === 0x0a && (i === 0 || bytes[i - 1] !== 0x0d)) out.push(0x0d);
          out.push(bytes[i]);
        }
        bytes = Buffer.from(out);
        break;
      }
      case 'cr':
        bytes = Buffer.from(bytes.toString('latin1').replace(/\r?\n/g, '\r'), 'latin1');
        break;
      case 'bom':
        bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
        break;
      case 'tabs': {
        const starts = lineStarts(bytes);
        const start = starts[m.line % starts.length];
        let end = start;
        while (end < n && bytes[end] === 0x20) end++;
        if (end > start) bytes = Buffer.concat([bytes.subarray(0, start), Buffer.from('\t'.repeat(Math.max(1, (end - start) >> 1))), bytes.subarray(end)]);
        break;
      }
      case 'swapLines': {
        const lines = bytes.toString('latin1').split('\n');
        const a = m.a % lines.length;
        const b = m.b % lines.length;
        [lines[a], lines[b]] = [lines[b], lines[a]];
        bytes = Buffer.from(lines.join('\n'), 'latin1');
        break;
      }
    }
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Paths that make a file look like another kind (binary or foreign content under a YAML name ...). */
export const RENAMES = ['manifest.yaml', 'deploy/tls.yml', 'ca.json', 'config/ca.json', 'server.conf', 'agent.conf', 'spire.hcl', 'openssl.cnf', 'tls/openssl.conf', 'ca.pem', 'leaf.crt', 'root.der', 'kubeconfig', 'tls.key', 'notes.txt'];

const utf8Lossy = new TextDecoder('utf-8');

/**
 * A mutated seed: bytes, or text decoded leniently (as an editor buffer would hold it), with
 * optionally a lone surrogate spliced in (possible in a JS string, never in UTF-8).
 */
export function mutatedFileArb(seeds: readonly SeedFile[]): fc.Arbitrary<FuzzFile> {
  return fc
    .record({
      seed: fc.constantFrom(...seeds),
      mutations: fc.array(mutationArb, { minLength: 1, maxLength: 6 }),
      // One case in six under a foreign name, one text case in eight with a lone surrogate.
      rename: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...RENAMES) }),
      asText: fc.boolean(),
      surrogate: fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(position, fc.constantFrom('\ud800', '\udfff', '\udbff\u0041')) }),
    })
    .map(({ seed, mutations, rename, asText, surrogate }) => {
      const bytes = mutate(seed.bytes, mutations);
      const path = rename ?? seed.path;
      if (!asText) return { path, content: bytes };
      let text = utf8Lossy.decode(bytes);
      if (surrogate) {
        const at = surrogate[0] % (text.length + 1);
        text = text.slice(0, at) + surrogate[1] + text.slice(at);
      }
      return { path, content: text };
    });
}

// ---------------------------------------------------------------------------------------------
// Random documents for each configuration kind, built from the vocabulary the rules look at.

const ALGORITHMS = ['RSA', 'ECDSA', 'Ed25519', 'ML-DSA-65', 'MLDSA65', 'ml-dsa-44', 'EC', 'OKP', 'P-256', 'P-384', 'ec-p256', 'rsa-2048', 'mldsa65', 'X25519MLKEM768', 'x25519_kyber768', 'kyber768', 'SecP256r1MLKEM768', 'p256_mldsa44', ''];
const WORDS = ['a', 'ca', 'tls', 'web', 'example.com', 'true', 'false', 'null', '0', '1', '2048', '-1', '1e309', 'v1.32.4', 'v1.33.0', '1.15.3', 'quay.io/jetstack/cert-manager-controller:v1.15.3', 'cr.step.sm/smallstep/step-issuer:0.10.0', 'ghcr.io/spiffe/spire-server:1.11.1', 'smallstep/step-ca:0.25.2'];
const YAML_KEYS = ['apiVersion', 'kind', 'metadata', 'name', 'namespace', 'spec', 'secretName', 'issuerRef', 'privateKey', 'algorithm', 'size', 'encoding', 'ca', 'selfSigned', 'acme', 'vault', 'dnsNames', 'data', 'stringData', 'tls.crt', 'tls.key', 'ca.crt', 'caBundle', 'kubernetesVersion', 'image', 'containers', 'ssl-ecdh-curve', 'ecdhCurves', 'meshConfig', 'provisioner', 'passwordEnv', 'url', 'tls', 'hosts', 'annotations', 'cert-manager.io/cluster-issuer', 'clusters', 'cluster', 'certificate-authority-data'];
const KINDS = ['Certificate', 'ClusterIssuer', 'Issuer', 'Secret', 'ConfigMap', 'Ingress', 'Deployment', 'StepIssuer', 'StepClusterIssuer', 'ClusterConfiguration', 'IstioOperator', 'MutatingWebhookConfiguration', 'Config', 'PQPolicy'];
const API_VERSIONS = ['v1', 'cert-manager.io/v1', 'certmanager.step.sm/v1beta1', 'networking.k8s.io/v1', 'apps/v1', 'kubeadm.k8s.io/v1beta3', 'install.istio.io/v1alpha1', 'admissionregistration.k8s.io/v1'];

let pemCache: string[] | undefined;
/** A few real certificates (PEM text) and their base64 forms, so generated documents reach the decoder. */
function certificateSamples(): string[] {
  if (!pemCache) {
    const dir = join(fixturesDir, 'certs');
    pemCache = ['ecdsa-p256-ca.pem', 'mldsa44-leaf.pem', 'rsa2048-leaf.pem', 'hostile-subject.pem', 'invalid.pem']
      .filter((n) => existsSync(join(dir, n)))
      .map((n) => readFileSync(join(dir, n), 'utf8'));
  }
  return pemCache;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function scalarArb(): fc.Arbitrary<Json> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ALGORITHMS, ...WORDS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
    { weight: 1, arbitrary: fc.integer({ min: -5, max: 70000 }) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom(...certificateSamples().map((p, i) => (i % 2 === 0 ? p : Buffer.from(p).toString('base64')))) },
  );
}

function treeArb(keys: readonly string[], depth: number): fc.Arbitrary<Json> {
  const { tree } = fc.letrec<{ tree: Json }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalarArb(),
      fc.array(tie('tree'), { maxLength: 4 }),
      fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 6 })), tie('tree'), { maxKeys: 5 }),
    ),
  }));
  return fc.dictionary(fc.constantFrom(...keys), depth > 0 ? tree : scalarArb(), { minKeys: 1, maxKeys: 6 });
}

/** Kubernetes-like YAML: 1-4 documents with apiVersion/kind and random bodies, in random styles. */
export function yamlDocumentArb(): fc.Arbitrary<FuzzFile> {
  const doc = fc.record({
    apiVersion: fc.constantFrom(...API_VERSIONS),
    kind: fc.constantFrom(...KINDS),
    metadata: fc.record({ name: fc.constantFrom('ca', 'web', 'x', 'ingress-nginx-controller'), namespace: fc.option(fc.constantFrom('default', 'istio-system'), { nil: undefined }) }, { requiredKeys: ['name'] }),
    body: treeArb(YAML_KEYS, 3),
  });
  return fc.record({
    docs: fc.array(doc, { minLength: 1, maxLength: 4 }),
    flow: fc.constantFrom(0, 1, 2),
    indent: fc.integer({ min: 1, max: 4 }),
    crlf: fc.boolean(),
    comment: fc.boolean(),
  }).map(({ docs, flow, indent, crlf, comment }) => {
    const parts = docs.map((d) => {
      const value = { apiVersion: d.apiVersion, kind: d.kind, metadata: d.metadata, ...(d.body as Record<string, Json>) };
      return toYaml(value, flow, indent);
    });
    let text = parts.join(comment ? '---\n# generated\n' : '---\n');
    if (crlf) text = text.replace(/\n/g, '\r\n');
    return { path: 'generated.yaml', content: text };
  });
}

/** A small YAML writer with block, flow and mixed styles (the yaml package's own writer would only produce its favourite style). */
function toYaml(value: Json, flow: number, indent: number): string {
  const pad = (n: number): string => ' '.repeat(n * indent);
  const scalar = (v: Json): string => {
    if (typeof v === 'string') {
      if (v.includes('\n')) return JSON.stringify(v);
      return /^[A-Za-z0-9./_-][A-Za-z0-9 ./:_-]*$/.test(v) && !/: |:$/.test(v) ? v : JSON.stringify(v);
    }
    return JSON.stringify(v);
  };
  const inline = (v: Json): string => {
    if (Array.isArray(v)) return `[${v.map(inline).join(', ')}]`;
    if (v !== null && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${scalar(k)}: ${inline(x)}`).join(', ')}}`;
    return scalar(v);
  };
  const block = (v: Json, level: number): string => {
    if (Array.isArray(v)) {
      if (v.length === 0 || flow === 1) return ` ${inline(v)}\n`;
      return '\n' + v.map((x) => `${pad(level)}-${block(x, level + 1).replace(/^\n\s*/, ' ')}`).join('');
    }
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      if (entries.length === 0 || (flow === 2 && level > 1)) return ` ${inline(v)}\n`;
      return '\n' + entries.map(([k, x]) => {
        if (typeof x === 'string' && x.includes('-----BEGIN') && flow !== 1) {
          return `${pad(level)}${scalar(k)}: |\n${x.trimEnd().split('\n').map((l) => pad(level + 1) + l).join('\n')}\n`;
        }
        return `${pad(level)}${scalar(k)}:${block(x, level + 1)}`;
      }).join('');
    }
    return ` ${scalar(v)}\n`;
  };
  return block(value, 0).replace(/^\n/, '');
}

const HCL_KEYS = ['trust_domain', 'ca_key_type', 'pqc_svid_key_type', 'jwt_key_type', 'data_dir', 'bind_address', 'bind_port', 'log_level', 'plugin_data', 'plugin_cmd', 'key_type', 'enabled', 'tls_policy', 'require_pq_kem', 'cert_file_path', 'key_file_path', 'ca_ttl', 'socket_path'];
const HCL_BLOCKS = ['server', 'agent', 'plugins', 'KeyManager', 'UpstreamAuthority', 'NodeAttestor', 'DataStore', 'experimental', 'ca_subject', 'tls_policy', 'telemetry', 'health_checks'];

function hclValueArb(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...ALGORITHMS, ...WORDS).map((s) => JSON.stringify(s)),
    fc.constantFrom('true', 'false', 'null', '0', '-1', '8081', '1.5e3'),
    fc.array(fc.constantFrom(...ALGORITHMS).map((s) => JSON.stringify(s)), { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`),
    fc.constantFrom('"${var.x}"', '"%{ if true }x%{ endif }"', '<<EOT\nline one\nEOT', '<<-EOT\n    indented\n    EOT', '{ a = 1, "b" = "c" }', 'upper("x")', 'a.b[0]', '"unterminated'),
  );
}

/** SPIRE-like HCL: nested blocks (some labelled), attributes, comments and heredocs. */
export function hclDocumentArb(): fc.Arbitrary<FuzzFile> {
  const { body } = fc.letrec<{ body: string; item: string }>((tie) => ({
    item: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.tuple(fc.constantFrom(...HCL_KEYS), hclValueArb()).map(([k, v]) => `${k} = ${v}`),
      fc.tuple(fc.constantFrom(...HCL_BLOCKS), fc.array(fc.constantFrom('"disk"', '"memory"', '"k8s_psat"', 'label'), { maxLength: 2 }), tie('body')).map(([t, labels, b]) => `${t} ${labels.join(' ')} {\n${b}\n}`),
      fc.constantFrom('# comment', '// comment', '/* block */'),
    ),
    body: fc.array(tie('item'), { maxLength: 5 }).map((items) => items.join('\n')),
  }));
  return fc.tuple(fc.constantFrom('server', 'agent'), body, fc.boolean()).map(([top, inner, crlf]) => {
    let text = `${top} {\n${inner}\n}\n`;
    if (crlf) text = text.replace(/\n/g, '\r\n');
    return { path: 'spire/server.conf', content: text };
  });
}

const STEP_KEYS = ['root', 'crt', 'key', 'address', 'dnsNames', 'authority', 'provisioners', 'type', 'name', 'kty', 'crv', 'key', 'kms', 'claims', 'templates', 'x509', 'options', 'tls', 'cipherSuites', 'minVersion', 'curves', 'db', 'logger'];

/** step-ca-like ca.json with random bodies, indentation, comments and trailing commas. */
export function jsonDocumentArb(): fc.Arbitrary<FuzzFile> {
  return fc.record({ tree: treeArb(STEP_KEYS, 3), indent: fc.constantFrom(0, 2, 4, '\t'), comments: fc.boolean(), trailing: fc.boolean() }).map(({ tree, indent, comments, trailing }) => {
    const value = { root: '/home/step/certs/root_ca.crt', crt: 'certs/intermediate_ca.crt', authority: {}, ...(tree as Record<string, Json>) };
    let text = JSON.stringify(value, null, indent);
    if (comments) text = `// step-ca configuration\n${text.replace(/\n/, '\n  /* note */\n')}`;
    if (trailing) text = text.replace(/(["\d\]}el])(\s*\n\s*[}\]])/, '$1,$2');
    return { path: 'config/ca.json', content: text };
  });
}

const CNF_SECTIONS = ['openssl_init', 'provider_sect', 'default_sect', 'oqsprovider_sect', 'ssl_sect', 'system_default_sect', 'req', 'fips_sect', 'base_sect'];
const CNF_KEYS = ['openssl_conf', 'providers', 'ssl_conf', 'system_default', 'default', 'oqsprovider', 'activate', 'module', 'Groups', 'Curves', 'MinProtocol', 'CipherString', 'SignatureAlgorithms', 'default_md', 'default_bits', 'fips', 'base'];
const CNF_VALUES = ['1', '0', 'yes', 'openssl_init', 'provider_sect', 'default_sect', 'oqsprovider_sect', 'ssl_sect', 'system_default_sect', 'X25519MLKEM768:X25519', 'kyber768:X25519', '?*X25519MLKEM768 / ?*X25519:?secp256r1', 'x25519_kyber768:p256_kyber768', 'TLSv1.3', '$ENV::HOME/x', '${default_sect::activate}', '$foo', '"quoted # not comment"', 'a\\#b', '/usr/lib/ossl-modules/oqsprovider.so'];

/** openssl.cnf-like text: sections, entries, directives, comments and line continuations. */
export function cnfDocumentArb(): fc.Arbitrary<FuzzFile> {
  const entry = fc.tuple(fc.constantFrom(...CNF_KEYS), fc.constantFrom(...CNF_VALUES), fc.constantFrom(' = ', '=', '\t=\t')).map(([k, v, eq]) => `${k}${eq}${v}`);
  const line = fc.oneof(
    { weight: 6, arbitrary: entry },
    { weight: 2, arbitrary: fc.constantFrom(...CNF_SECTIONS).map((s) => `[ ${s} ]`) },
    { weight: 1, arbitrary: fc.constantFrom('# comment', '.include /etc/ssl/openssl.d', '.include openssl.cnf', '.pragma dollarid:true', 'Groups = X25519MLKEM768:\\', '[ unterminated', 'novalue') },
  );
  return fc.tuple(fc.array(line, { minLength: 1, maxLength: 30 }), fc.boolean()).map(([lines, crlf]) => ({ path: 'tls/openssl.cnf', content: lines.join(crlf ? '\r\n' : '\n') + '\n' }));
}

// ---------------------------------------------------------------------------------------------
// The analyser and its properties

let hcl: HclTreeSitter | undefined;

/** Loads the HCL grammar once; call in a `before` hook (the engine itself is synchronous). */
export async function prepareHcl(): Promise<void> {
  hcl ??= await createHclParser();
}

export function newEngine(): Engine {
  return new Engine({ knowledge: defaultKnowledge(), config: DEFAULT_CONFIG, hcl, now: TEST_NOW });
}

interface FileResult { findings: Finding[]; notices: unknown[]; ms: number }

/** Runs a whole case through a fresh engine (files added in the given order, then each analysed). */
export function analyseCase(c: FuzzCase, order: 'forward' | 'reverse' = 'forward'): { engine: Engine; results: Map<string, FileResult> } {
  const engine = newEngine();
  const files = order === 'forward' ? c.files : [...c.files].reverse();
  const setMs = new Map<string, number>();
  for (const f of files) {
    const started = performance.now();
    engine.setFile(f.path, f.content);
    setMs.set(f.path, performance.now() - started);
  }
  const results = new Map<string, FileResult>();
  for (const f of c.files) {
    const started = performance.now();
    const findings = engine.analyze(f.path);
    results.set(f.path, { findings, notices: engine.notices(f.path), ms: (setMs.get(f.path) ?? 0) + performance.now() - started });
  }
  return { engine, results };
}

/** Every span, range and fix edit of a finding lies inside its file, and the fix edits do not overlap. */
export function assertFindingInside(file: ParsedFile, f: Finding): void {
  const length = file.text.length;
  const where = `${f.ruleId} in ${file.path} (${file.kind}, ${length} chars)`;
  assert.ok(typeof f.message === 'string' && f.message.length > 0, `${where}: empty message`);
  assert.ok(['error', 'warning', 'info'].includes(f.severity), `${where}: severity ${f.severity}`);
  assert.ok(Number.isInteger(f.span.start) && Number.isInteger(f.span.end), `${where}: span ${JSON.stringify(f.span)} not integral`);
  assert.ok(f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= length, `${where}: span ${JSON.stringify(f.span)} outside [0, ${length}]`);
  assert.deepEqual(f.range, file.lines.range(f.span), `${where}: range does not match span`);
  for (const p of [f.range.start, f.range.end]) {
    assert.ok(p.line >= 0 && p.line < file.lines.lineCount, `${where}: line ${p.line} of ${file.lines.lineCount}`);
    const lineLength = (p.line + 1 < file.lines.lineCount ? file.lines.lineStart(p.line + 1) : length) - file.lines.lineStart(p.line);
    assert.ok(p.character >= 0 && p.character <= lineLength, `${where}: character ${p.character} on a line of ${lineLength}`);
  }
  for (const fix of f.fixes) {
    assert.ok(fix.title.length > 0, `${where}: fix without title`);
    const sorted = [...fix.edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    let cursor = 0;
    for (const edit of sorted) {
      assert.ok(edit.span.start >= 0 && edit.span.start <= edit.span.end && edit.span.end <= length, `${where}: fix "${fix.title}" edit ${JSON.stringify(edit.span)} outside [0, ${length}]`);
      assert.ok(edit.span.start >= cursor, `${where}: fix "${fix.title}" has overlapping edits`);
      assert.equal(typeof edit.newText, 'string');
      cursor = edit.span.end;
    }
    assert.equal(applyEdits(file.text, fix.edits).skipped.length, 0, `${where}: fix "${fix.title}" edits refused by applyEdits`);
  }
}

/** A comparable form of a case's results (timings left out). */
function comparable(results: Map<string, FileResult>): string {
  return JSON.stringify([...results.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, r]) => [path, r.findings, r.notices]));
}

/**
 * The analyser's contract on any input: no exception, every finding inside its document,
 * the same findings from a fresh engine and from the opposite file order, and no file under
 * 1 MB slower than the time limit.
 */
export function assertAnalysisHolds(c: FuzzCase): void {
  const first = analyseCase(c);
  for (const f of c.files) {
    const file = first.engine.file(f.path);
    assert.ok(file, `${f.path} not in the engine`);
    const result = first.results.get(f.path)!;
    for (const finding of result.findings) assertFindingInside(file, finding);
    for (const notice of result.notices as { span: { start: number; end: number } }[]) {
      assert.ok(notice.span.start >= 0 && notice.span.start <= notice.span.end && notice.span.end <= file.text.length, `${f.path}: notice outside the document`);
    }
    if (contentBytes(f.content) < TIME_LIMIT_BYTES) {
      assert.ok(result.ms < TIME_LIMIT_MS, `${f.path}: analysis took ${Math.round(result.ms)} ms (limit ${TIME_LIMIT_MS} ms for files under 1 MB)`);
    }
  }
  const again = analyseCase(c);
  assert.equal(comparable(again.results), comparable(first.results), 'a fresh engine gave different findings for the same input');
  if (c.files.length > 1) {
    const reversed = analyseCase(c, 'reverse');
    assert.equal(comparable(reversed.results), comparable(first.results), 'findings depend on the order the files were added');
  }
}

// ---------------------------------------------------------------------------------------------
// Running properties: a failing case is written to test/fixtures/fuzz-regressions/ and replayed
// by regressions.test.ts from then on.

export type TargetName = 'engine' | 'yaml' | 'hcl' | 'json' | 'openssl' | 'pem' | 'x509';

export interface StoredCase {
  target: TargetName;
  /** What the case is about, for people reading the fixture. */
  note: string;
  seed: number;
  files: StoredFile[];
}

export function saveRegression(target: TargetName, c: FuzzCase, note: string, seed: number): string {
  const files = c.files.map(storeFile);
  const body = JSON.stringify({ target, note, seed, files } satisfies StoredCase, null, 2) + '\n';
  const name = `${target}-${createHash('sha256').update(JSON.stringify(files)).digest('hex').slice(0, 12)}.json`;
  mkdirSync(REGRESSIONS_DIR, { recursive: true });
  const path = join(REGRESSIONS_DIR, name);
  if (!existsSync(path)) writeFileSync(path, body);
  return path;
}

export function loadRegressions(): StoredCase[] {
  if (!existsSync(REGRESSIONS_DIR)) return [];
  return readdirSync(REGRESSIONS_DIR).filter((n) => n.endsWith('.json')).sort().map((n) => JSON.parse(readFileSync(join(REGRESSIONS_DIR, n), 'utf8')) as StoredCase);
}

/**
 * Checks `property` on `numRuns` cases from `arb` with the campaign's seed. On failure the
 * shrunk case is saved as a regression fixture and the test fails with the reason and the path.
 */
export function checkProperty(target: TargetName, arb: fc.Arbitrary<FuzzCase>, property: (c: FuzzCase) => void, numRuns: number): void {
  const details = fc.check(fc.property(arb, (c) => { property(c); }), { seed: FUZZ_SEED, numRuns, endOnFailure: false });
  if (!details.failed) return;
  if (!details.counterexample) assert.fail(`fuzz ${target}: failed without a counterexample (seed ${FUZZ_SEED})`);
  const [c] = details.counterexample;
  const error = details.errorInstance;
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const saved = saveRegression(target, c, reason.slice(0, 200), FUZZ_SEED);
  assert.fail(`fuzz ${target}: ${reason}\n  case saved to ${relative(repoRoot, saved)} (seed ${FUZZ_SEED}, path ${details.counterexamplePath})`);
}

/** Single-file cases from a file arbitrary. */
export function single(arb: fc.Arbitrary<FuzzFile>): fc.Arbitrary<FuzzCase> {
  return arb.map((file) => ({ files: [file] }));
}

export { fc };
