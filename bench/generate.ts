// Seeded workload generators for the benchmarks (issue 7). Same seed and sizes: same bytes.
//   W1  one Kubernetes manifest (default 5,000 lines, 250 documents, 50 inline certificates of
//       mixed classes) and a script of edits (type a character, delete a line, paste a document)
//   W2  a platform repository (default 5,000 files, about 50 MB: YAML 80 %, SPIRE HCL, step-ca
//       ca.json, openssl.cnf, PEM), written into a directory the caller chooses (a temp dir)
//   W3  certificates (default 1,000: RSA 2048, ECDSA P-256, Ed25519, ML-DSA-44/65/87, composite
//       ML-DSA; half in chains root -> intermediate -> leaf, half self-signed)
// Usage: node out/bench/generate.js w1|w2|w3 OUT_DIR [--quick]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chainFamily, KEY_CLASSES, pemOf, selfSigned, type BenchCertificate, type KeyClass } from './certs.js';
import { rng, type Rng } from './prng.js';

export const DEFAULT_SEED = 'pqc-lens-bench-1';

// ---------------------------------------------------------------------------------------------
// Certificates of mixed classes

/**
 * `count` certificates spread over the key classes round-robin. Per class: the root first, then the
 * intermediate it signs, then leaves signed by the intermediate, so chains verify inside the set.
 */
export function mixedCertificates(seed: string, count: number, classes: readonly KeyClass[] = KEY_CLASSES): BenchCertificate[] {
  const perClass = classes.map((_, i) => Math.floor(count / classes.length) + (i < count % classes.length ? 1 : 0));
  const families = classes.map((keyClass, i) => (perClass[i] > 0 ? chainFamily(keyClass, `${seed}/${keyClass}`, Math.max(0, perClass[i] - 2), `${keyClass}.bench.test`).slice(0, perClass[i]) : []));
  // Interleave: every root, then every intermediate, then leaves round-robin.
  const out: BenchCertificate[] = [];
  const longest = Math.max(0, ...perClass);
  for (let position = 0; position < longest; position++) {
    for (const family of families) {
      if (position < family.length) out.push(family[position]);
    }
  }
  return out;
}

const b64 = (text: string | Uint8Array): string => Buffer.from(text).toString('base64');

/** A PRIVATE KEY PEM block of random bytes: located by label by PQC Lens, never decoded. */
function fakeKeyPem(r: Rng, size: number): string {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = r.int(256);
  return pemOf(bytes, 'PRIVATE KEY');
}

// ---------------------------------------------------------------------------------------------
// Kubernetes documents (shared by W1 and W2)

const NAMESPACES = ['default', 'payments', 'platform-system', 'ingress-nginx', 'istio-system', 'cert-manager', 'monitoring', 'identity'];
const IMAGES = [
  'registry.example.com/platform/api', 'registry.example.com/platform/worker', 'registry.example.com/payments/ledger',
  'quay.io/jetstack/cert-manager-controller', 'registry.k8s.io/ingress-nginx/controller', 'docker.io/istio/pilot',
  'ghcr.io/spiffe/spire-server', 'docker.io/smallstep/step-ca', 'cr.smallstep.com/smallstep/step-issuer',
];
const VERSIONS = ['v1.14.5', 'v1.16.2', 'v1.18.0', '1.11.2', '0.28.1', '1.24.3', '0.10.0', '0.11.1', '1.9.4'];

function issuerDoc(r: Rng, name: string): string {
  const kind = r.pick(['ClusterIssuer', 'Issuer', 'ClusterIssuer', 'StepClusterIssuer']);
  if (kind === 'StepClusterIssuer') {
    return [
      'apiVersion: certmanager.step.sm/v1beta1', 'kind: StepClusterIssuer', 'metadata:', `  name: ${name}`, 'spec:',
      '  url: https://step-ca.step.svc.cluster.local', `  caBundle: ${b64('not a certificate bundle in this benchmark')}`, '  provisioner:',
      `    name: ${name}-provisioner`, `    kid: ${r.word(43)}`, '    passwordRef:', `      name: ${name}-password`, '      key: password',
    ].join('\n');
  }
  const namespace = kind === 'Issuer' ? [`  namespace: ${r.pick(NAMESPACES)}`] : [];
  const spec = r.pick([
    ['  ca:', `    secretName: ${name}-ca`],
    ['  selfSigned: {}'],
    ['  acme:', '    server: https://acme-v02.api.letsencrypt.org/directory', '    email: platform@example.com', '    privateKeySecretRef:', `      name: ${name}-account`],
  ]);
  return ['apiVersion: cert-manager.io/v1', `kind: ${kind}`, 'metadata:', `  name: ${name}`, ...namespace, 'spec:', ...spec].join('\n');
}

function certificateDoc(r: Rng, name: string, issuers: readonly string[]): string {
  const algorithm = r.pick(['RSA', 'ECDSA', 'ECDSA', 'Ed25519']);
  const size = algorithm === 'RSA' ? r.pick(['2048', '3072', '4096']) : algorithm === 'ECDSA' ? r.pick(['256', '384']) : undefined;
  const issuer = issuers.length > 0 ? r.pick(issuers) : 'cluster-ca';
  return [
    'apiVersion: cert-manager.io/v1', 'kind: Certificate', 'metadata:', `  name: ${name}`, `  namespace: ${r.pick(NAMESPACES)}`, 'spec:',
    `  secretName: ${name}-tls`, `  duration: ${r.pick(['2160h', '8760h', '720h'])}`, '  dnsNames:', `    - ${name}.example.com`, `    - ${name}.svc.cluster.local`,
    '  privateKey:', `    algorithm: ${algorithm}`, ...(size ? [`    size: ${size}`] : []), '  issuerRef:', `    name: ${issuer}`, `    kind: ${r.pick(['ClusterIssuer', 'Issuer'])}`,
  ].join('\n');
}

/** A Secret holding one certificate: base64 PEM under `data` (kubectl style) or a PEM block under `stringData`. */
function secretDoc(r: Rng, name: string, cert: BenchCertificate, form: 'data' | 'stringData'): string {
  const head = ['apiVersion: v1', 'kind: Secret', 'metadata:', `  name: ${name}`, `  namespace: ${r.pick(NAMESPACES)}`, '  labels:', '    app.kubernetes.io/part-of: platform'];
  const key = cert.ca ? 'ca.crt' : 'tls.crt';
  if (form === 'stringData') {
    const pem = pemOf(cert.der).trimEnd().split('\n').map((line) => `    ${line}`);
    return [...head, 'type: Opaque', 'stringData:', `  ${key}: |`, ...pem].join('\n');
  }
  const withKey = !cert.ca && r.chance(0.3);
  return [
    ...head, `type: ${cert.ca ? 'Opaque' : 'kubernetes.io/tls'}`, 'data:', `  ${key}: ${b64(pemOf(cert.der))}`,
    ...(withKey ? [`  tls.key: ${b64(fakeKeyPem(r, 48))}`] : []),
  ].join('\n');
}

function serviceDoc(r: Rng, name: string): string {
  return [
    'apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${name}`, `  namespace: ${r.pick(NAMESPACES)}`, 'spec:', '  selector:', `    app: ${name}`,
    '  ports:', '    - name: https', `      port: ${r.pick([443, 8443, 9443])}`, '      targetPort: https', '      protocol: TCP', `  type: ${r.pick(['ClusterIP', 'ClusterIP', 'LoadBalancer'])}`,
  ].join('\n');
}

/** A Deployment of about `lines` lines (at least the 24 of its skeleton). */
function deploymentDoc(r: Rng, name: string, lines: number, platformShare = 1): string {
  // platformShare: how often the image is a platform component PQC Lens tracks versions of
  const image = r.chance(platformShare) ? `${r.pick(IMAGES)}:${r.pick(VERSIONS)}` : `registry.example.com/${r.pick(['payments', 'search', 'web', 'data'])}/${r.word(7)}:${r.range(1, 9)}.${r.range(0, 30)}.${r.range(0, 9)}`;
  const out = [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${name}`, `  namespace: ${r.pick(NAMESPACES)}`, '  labels:', `    app: ${name}`, 'spec:',
    `  replicas: ${r.range(1, 5)}`, '  selector:', '    matchLabels:', `      app: ${name}`, '  template:', '    metadata:', '      labels:', `        app: ${name}`,
    '    spec:', '      containers:', `        - name: ${name}`, `          image: ${image}`, '          ports:', `            - containerPort: ${r.pick([8080, 8443, 9090])}`,
  ];
  const tail = ['          resources:', '            limits:', `              memory: ${r.pick(['128Mi', '256Mi', '512Mi'])}`];
  const room = lines - out.length - tail.length;
  if (room >= 3) {
    out.push('          env:');
    for (let i = 0; i + 2 <= room - 1; i += 2) out.push(`            - name: ${r.word(6).toUpperCase()}_${i / 2}`, `              value: "${r.word(r.range(4, 24))}"`);
    if ((room - 1) % 2 === 1) out.push(`          imagePullPolicy: IfNotPresent`);
  } else {
    for (let i = 0; i < room; i++) out.push(`          # ${r.word(12)}`);
  }
  out.push(...tail);
  return out.join('\n');
}

function lineCount(text: string): number {
  return text.split('\n').length;
}

function shuffle<T>(r: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// W1: one manifest and an edit script

export interface Position { line: number; character: number }
export interface EditRange { start: Position; end: Position }
export interface W1Edit {
  kind: 'type' | 'delete-line' | 'paste-document';
  /** Range in the text as it is before this edit (LSP convention, 0-based). */
  range: EditRange;
  text: string;
}

export interface W1Workload {
  text: string;
  lines: number;
  documents: number;
  certificates: number;
  edits: W1Edit[];
  /** The text after every edit is applied in order. */
  finalText: string;
}

export interface W1Options { seed?: string; documents?: number; lines?: number; certificates?: number; edits?: number }

export function generateW1(options: W1Options = {}): W1Workload {
  const seed = options.seed ?? DEFAULT_SEED;
  const documents = options.documents ?? 250;
  const targetLines = options.lines ?? 5000;
  const certCount = Math.min(options.certificates ?? 50, documents);
  const editCount = options.edits ?? 200;
  const r = rng(`w1:${seed}`);

  const certs = mixedCertificates(`w1:${seed}`, certCount);
  const issuerCount = Math.max(1, Math.round(documents * 0.08));
  const certificateCount = Math.max(1, Math.round(documents * 0.28));
  const serviceCount = Math.max(0, Math.round(documents * 0.12));
  const deploymentCount = Math.max(0, documents - issuerCount - certificateCount - certs.length - serviceCount);

  const issuerNames = Array.from({ length: issuerCount }, (_, i) => `issuer-${i}`);
  const fixed: string[] = [];
  issuerNames.forEach((name) => fixed.push(issuerDoc(r, name)));
  for (let i = 0; i < certificateCount; i++) fixed.push(certificateDoc(r, `cert-${i}`, issuerNames));
  certs.forEach((cert, i) => {
    // PEM blocks under stringData for some classical certificates (short), base64 under data otherwise
    const form = i % 5 === 4 && ['rsa2048', 'p256', 'ed25519'].includes(cert.keyClass) ? 'stringData' : 'data';
    fixed.push(secretDoc(r, `secret-${i}`, cert, form));
  });
  for (let i = 0; i < serviceCount; i++) fixed.push(serviceDoc(r, `svc-${i}`));

  // Deployments fill the remaining lines (documents are joined by "---" lines).
  const used = fixed.reduce((sum, doc) => sum + lineCount(doc), 0) + (documents - 1);
  const remaining = targetLines - used;
  const deployments: string[] = [];
  for (let i = 0; i < deploymentCount; i++) {
    const budget = Math.floor(remaining / deploymentCount) + (i < remaining % deploymentCount ? 1 : 0);
    deployments.push(deploymentDoc(r, `app-${i}`, budget));
  }
  const docs = shuffle(r, [...fixed, ...deployments]);
  const text = `${docs.join('\n---\n')}\n`;

  // The edit script, computed on the evolving text.
  const lines = text.split('\n');
  const edits: W1Edit[] = [];
  let pasted = 0;
  for (let n = 0; n < editCount; n++) {
    const roll = r.next();
    if (roll < 0.7) {
      const line = pickLines(r, lines, (l) => /^\s*[\w.-]+: [\w./:-]+$/.test(l) && l.length < 120);
      const ch = 'abcdefghijklmnopqrstuvwxyz0123456789'[r.int(36)];
      edits.push({ kind: 'type', range: { start: { line, character: lines[line].length }, end: { line, character: lines[line].length } }, text: ch });
      lines[line] += ch;
    } else if (roll < 0.9) {
      const line = pickLines(r, lines, (l) => l !== '---' && l.length > 0 && l.length < 200 && !/^(apiVersion|kind):/.test(l));
      edits.push({ kind: 'delete-line', range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' });
      lines.splice(line, 1);
    } else {
      // a new document pasted in front of an existing "---" line
      const line = pickLines(r, lines, (l) => l === '---');
      const doc = certificateDoc(r, `pasted-${pasted++}`, issuerNames);
      edits.push({ kind: 'paste-document', range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: `---\n${doc}\n` });
      lines.splice(line, 0, '---', ...doc.split('\n'));
    }
  }
  return { text, lines: lineCount(text) - 1, documents: docs.length, certificates: certs.length, edits, finalText: lines.join('\n') };
}

/** A random line index whose text satisfies `accept` (probing from a random start). */
function pickLines(r: Rng, lines: readonly string[], accept: (line: string) => boolean): number {
  const start = r.int(lines.length);
  for (let k = 0; k < lines.length; k++) {
    const i = (start + k) % lines.length;
    if (accept(lines[i])) return i;
  }
  return 0;
}

/** Applies one edit to a text (used by the drivers to keep a mirror of the document). */
export function applyEdit(text: string, edit: Pick<W1Edit, 'range' | 'text'>): string {
  const offset = (p: Position): number => {
    let line = 0;
    let i = 0;
    while (line < p.line) {
      const next = text.indexOf('\n', i);
      if (next < 0) return text.length;
      i = next + 1;
      line++;
    }
    return Math.min(i + p.character, text.length);
  };
  return text.slice(0, offset(edit.range.start)) + edit.text + text.slice(offset(edit.range.end));
}

// ---------------------------------------------------------------------------------------------
// W2: a platform repository

export interface W2Options { seed?: string; files?: number; megabytes?: number }
export interface W2Summary {
  files: number;
  bytes: number;
  byKind: Record<'yaml' | 'spire' | 'stepca' | 'openssl' | 'pem', { files: number; bytes: number }>;
  certificates: number;
}

function configMapDoc(r: Rng, name: string, bytes: number): string {
  const out = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${name}`, `  namespace: ${r.pick(NAMESPACES)}`, 'data:'];
  let size = 0;
  let key = 0;
  while (size < bytes) {
    out.push(`  config-${key++}.properties: |`);
    const rows = r.range(5, 30);
    for (let i = 0; i < rows; i++) {
      const row = `    ${r.word(r.range(4, 14))}.${r.word(r.range(3, 10))}=${r.word(r.range(6, 40))}`;
      out.push(row);
      size += row.length + 1;
    }
  }
  return out.join('\n');
}

function tlsConfigDoc(r: Rng): string {
  if (r.chance(0.5)) {
    return [
      'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: ingress-nginx-controller', '  namespace: ingress-nginx', 'data:',
      `  ssl-ecdh-curve: ${r.pick(['"X25519:prime256v1:secp384r1"', '"X25519MLKEM768:X25519"', 'auto'])}`, '  ssl-protocols: "TLSv1.2 TLSv1.3"', '  use-http2: "true"',
    ].join('\n');
  }
  return [
    'apiVersion: networking.k8s.io/v1', 'kind: Ingress', 'metadata:', `  name: web-${r.word(5)}`, `  namespace: ${r.pick(NAMESPACES)}`, 'spec:', '  ingressClassName: nginx',
    '  tls:', '    - hosts:', '        - web.example.com', `      secretName: web-${r.word(4)}-tls`, '  rules:', '    - host: web.example.com', '      http:', '        paths:',
    '          - path: /', '            pathType: Prefix', '            backend:', '              service:', '                name: web', '                port:', '                  number: 443',
  ].join('\n');
}

function webhookDoc(r: Rng, cert: BenchCertificate): string {
  const name = `policy-${r.word(6)}`;
  return [
    'apiVersion: admissionregistration.k8s.io/v1', 'kind: ValidatingWebhookConfiguration', 'metadata:', `  name: ${name}`, 'webhooks:',
    `  - name: ${name}.example.com`, '    admissionReviewVersions: ["v1"]', '    sideEffects: None', '    clientConfig:', `      caBundle: ${b64(pemOf(cert.der))}`,
    '      service:', `        name: ${name}`, '        namespace: platform-system',
  ].join('\n');
}

/** A CustomResourceDefinition-like document with a deep openAPI schema (the large files of a real repository). */
function crdDoc(r: Rng, bytes: number): string {
  const plural = r.word(8);
  const out = [
    'apiVersion: apiextensions.k8s.io/v1', 'kind: CustomResourceDefinition', 'metadata:', `  name: ${plural}s.example.com`, 'spec:', '  group: example.com',
    '  names:', `    kind: ${plural[0].toUpperCase()}${plural.slice(1)}`, `    plural: ${plural}s`, '  scope: Namespaced', '  versions:', '    - name: v1', '      served: true',
    '      storage: true', '      schema:', '        openAPIV3Schema:', '          type: object', '          properties:',
  ];
  let size = 0;
  while (size < bytes) {
    const field = [
      `            ${r.word(r.range(5, 12))}:`, '              type: object',
      `              description: ${r.word(10)} ${r.word(7)} ${r.word(9)} ${r.word(5)} ${r.word(11)} ${r.word(6)} ${r.word(8)}.`, '              properties:',
    ];
    for (let i = r.range(2, 6); i > 0; i--) {
      field.push(`                ${r.word(r.range(4, 10))}:`, `                  type: ${r.pick(['string', 'integer', 'boolean'])}`, `                  description: ${r.word(12)} ${r.word(8)} ${r.word(6)}.`);
    }
    out.push(...field);
    size += field.reduce((s, l) => s + l.length + 1, 0);
  }
  return out.join('\n');
}

function helmDeployment(name: string): string {
  return [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: {{ include "${name}.fullname" . }}`, '  labels:', `    {{- include "${name}.labels" . | nindent 4 }}`,
    'spec:', '  replicas: {{ .Values.replicaCount }}', '  template:', '    spec:', '      containers:', '        - name: {{ .Chart.Name }}',
    '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"', '          {{- with .Values.resources }}',
    '          resources:', '            {{- toYaml . | nindent 12 }}', '          {{- end }}',
  ].join('\n');
}

function yamlFile(r: Rng, bytes: number, certs: readonly BenchCertificate[], issuers: string[], helm: boolean): string {
  const docs: string[] = [];
  let size = 0;
  let n = 0;
  if (bytes > 40_000 && r.chance(0.6)) {
    const doc = crdDoc(r, bytes);
    return `${doc}\n`;
  }
  while (size < bytes) {
    const name = `${r.word(6)}-${n++}`;
    const roll = r.next();
    let doc: string;
    if (helm && roll < 0.4) doc = helmDeployment(name);
    else if (roll < 0.35) doc = deploymentDoc(r, name, r.range(26, 60), 0.05);
    else if (roll < 0.50) doc = serviceDoc(r, name);
    else if (roll < 0.67) doc = configMapDoc(r, name, r.range(300, 3000));
    else if (roll < 0.755) doc = certificateDoc(r, name, issuers);
    else if (roll < 0.76) {
      const issuer = `issuer-${r.word(5)}`;
      issuers.push(issuer);
      doc = issuerDoc(r, issuer);
    } else if (roll < 0.83) doc = secretDoc(r, name, r.pick(certs), r.chance(0.2) ? 'stringData' : 'data');
    else if (roll < 0.91) doc = tlsConfigDoc(r);
    else if (roll < 0.94) doc = webhookDoc(r, r.pick(certs));
    else doc = configMapDoc(r, name, r.range(2000, 8000));
    docs.push(doc);
    size += doc.length + 4;
  }
  return `${docs.join('\n---\n')}\n`;
}

function spireFile(r: Rng, agent: boolean, pad: number): string {
  const keyType = r.pick(['ec-p256', 'ec-p384', 'rsa-2048', 'rsa-4096']);
  const out = agent
    ? ['agent {', '    data_dir = "/run/spire"', '    log_level = "INFO"', '    server_address = "spire-server"', '    server_port = "8081"', '    socket_path = "/run/spire/sockets/agent.sock"',
      `    trust_domain = "${r.word(8)}.example.org"`, `    workload_x509_svid_key_type = "${keyType}"`, '}', '']
    : ['server {', '    bind_address = "0.0.0.0"', '    bind_port = "8081"', `    trust_domain = "${r.word(8)}.example.org"`, '    data_dir = "/run/spire/data"', '    log_level = "INFO"',
      `    ca_key_type = "${keyType}"`, '    ca_ttl = "168h"', '    default_x509_svid_ttl = "1h"', '    ca_subject {', '        country = ["US"]', '        organization = ["SPIFFE"]', '    }'];
  if (!agent && r.chance(0.3)) out.push('    experimental {', `        pqc_svid_key_type = "${r.pick(['ML-DSA-65', 'ML-DSA-44', 'mldsa65'])}"`, `        dual_stack_svids = ${r.pick(['true', 'false'])}`, '    }');
  if (!agent) out.push('}', '');
  out.push('plugins {');
  let size = out.join('\n').length;
  let i = 0;
  while (size < pad) {
    const plugin = [
      `    ${r.pick(['KeyManager', 'NodeAttestor', 'WorkloadAttestor', 'DataStore', 'Notifier'])} "${r.word(6)}-${i++}" {`, '        plugin_data {',
      `            ${r.word(8)}_path = "/run/spire/${r.word(10)}"`, `            ${r.word(6)} = "${r.word(20)}"`, `            ${r.word(7)} = ${r.range(1, 9999)}`, '        }', '    }',
    ];
    out.push(...plugin);
    size += plugin.join('\n').length + 1;
  }
  out.push('}', '');
  return out.join('\n');
}

function stepCaFile(r: Rng, pad: number): string {
  const provisioners: unknown[] = [];
  let size = 0;
  while (size < pad) {
    const p = r.chance(0.5)
      ? { type: 'JWK', name: `${r.word(8)}@example.com`, key: { use: 'sig', kty: 'EC', kid: r.word(43), crv: 'P-256', alg: 'ES256', x: r.word(43), y: r.word(43) }, encryptedKey: r.word(200) }
      : { type: 'ACME', name: `acme-${r.word(5)}`, forceCN: true };
    provisioners.push(p);
    size += JSON.stringify(p).length + 40;
  }
  const pq = r.chance(0.3);
  return `${JSON.stringify({
    root: '/home/step/certs/root_ca.crt', federatedRoots: [], crt: '/home/step/certs/intermediate_ca.crt', key: '/home/step/secrets/intermediate_ca_key',
    kty: pq ? 'OKP' : 'EC', crv: pq ? 'ML-DSA-65' : 'P-256', address: ':9000', dnsNames: [`step-ca.${r.word(5)}.svc.cluster.local`],
    logger: { format: 'json' }, db: { type: 'badger', dataSource: '/home/step/db' }, authority: { provisioners },
    tls: { cipherSuites: ['TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'], minVersion: 1.2, maxVersion: 1.3 },
  }, null, 2)}\n`;
}

function opensslFile(r: Rng, pad: number): string {
  const oqs = r.chance(0.4);
  const out = [
    'openssl_conf = openssl_init', '', '[openssl_init]', 'providers = provider_sect', 'ssl_conf = ssl_sect', '', '[provider_sect]', 'default = default_sect',
    ...(oqs ? ['oqsprovider = oqsprovider_sect'] : []), '', '[default_sect]', 'activate = 1', '',
    ...(oqs ? ['[oqsprovider_sect]', 'module = /usr/local/lib/ossl-modules/oqsprovider.so', `activate = ${r.pick(['1', '0'])}`, ''] : []),
    '[ssl_sect]', 'system_default = system_default_sect', '', '[system_default_sect]', 'MinProtocol = TLSv1.2', 'CipherString = DEFAULT:@SECLEVEL=2',
    `Groups = ${r.pick(['X25519:secp256r1:secp384r1', 'X25519MLKEM768:X25519:secp256r1', 'kyber768:X25519', 'x25519_kyber768:X25519'])}`, '',
  ];
  let size = out.join('\n').length;
  let i = 0;
  while (size < pad) {
    const section = [`[v3_${r.word(6)}_${i++}]`, 'basicConstraints = critical, CA:TRUE', 'keyUsage = critical, keyCertSign, cRLSign', 'subjectKeyIdentifier = hash',
      `# ${r.word(20)} ${r.word(15)}`, `${r.word(8)} = ${r.word(24)}`, ''];
    out.push(...section);
    size += section.join('\n').length + 1;
  }
  return out.join('\n');
}

/** The certificate pool of W2 (a repository repeats the same CA bundles in many places). */
function w2Certificates(seed: string, quick: boolean): BenchCertificate[] {
  return mixedCertificates(`w2:${seed}`, quick ? 24 : 96);
}

export function generateW2(dir: string, options: W2Options = {}): W2Summary {
  const seed = options.seed ?? DEFAULT_SEED;
  const total = options.files ?? 5000;
  const targetBytes = (options.megabytes ?? 50) * 1_000_000;
  const r = rng(`w2:${seed}`);
  const certs = w2Certificates(seed, total < 1000);
  const counts = {
    spire: Math.round(total * 0.05),
    stepca: Math.round(total * 0.03),
    openssl: Math.round(total * 0.04),
    pem: Math.round(total * 0.08),
  };
  const yamlFiles = total - counts.spire - counts.stepca - counts.openssl - counts.pem;
  const summary: W2Summary = {
    files: 0, bytes: 0, certificates: 0,
    byKind: { yaml: { files: 0, bytes: 0 }, spire: { files: 0, bytes: 0 }, stepca: { files: 0, bytes: 0 }, openssl: { files: 0, bytes: 0 }, pem: { files: 0, bytes: 0 } },
  };
  const write = (kind: keyof W2Summary['byKind'], rel: string, content: string): void => {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    const bytes = Buffer.byteLength(content);
    summary.files++;
    summary.bytes += bytes;
    summary.byKind[kind].files++;
    summary.byKind[kind].bytes += bytes;
    summary.certificates += content.split('-----BEGIN CERTIFICATE-----').length - 1;
  };
  const clusters = Array.from({ length: Math.max(1, Math.ceil(total / 500)) }, (_, i) => `cluster-${i}`);
  for (let i = 0; i < counts.spire; i++) write('spire', `spire/${r.pick(clusters)}/${i}/${i % 2 === 0 ? 'server' : 'agent'}.conf`, spireFile(r, i % 2 === 1, r.range(1500, 8000)));
  for (let i = 0; i < counts.stepca; i++) write('stepca', `step/${r.pick(clusters)}/${i}/config/ca.json`, stepCaFile(r, r.range(800, 6000)));
  for (let i = 0; i < counts.openssl; i++) write('openssl', `nodes/${r.pick(clusters)}/${i}/openssl.cnf`, opensslFile(r, r.range(800, 8000)));
  for (let i = 0; i < counts.pem; i++) {
    // a leaf with its issuing CA (tls bundle), or a lone CA certificate
    const cert = r.pick(certs);
    const chain = cert.issuerIndex >= 0 && !cert.ca ? [cert, ...certs.filter((c) => c.ca && c.keyClass === cert.keyClass && c.subject.endsWith('Issuing CA')).slice(0, 1)] : [cert];
    write('pem', `pki/${r.pick(clusters)}/${i}/${cert.ca ? 'ca.crt' : 'tls.pem'}`, chain.map((c) => pemOf(c.der)).join(''));
  }
  // YAML fills the rest of the byte budget: most files small, some medium, a few large.
  // Each file's size is its share of the bytes still to write, so the total lands near the target.
  const issuers: string[] = ['cluster-ca'];
  for (let i = 0; i < yamlFiles; i++) {
    const roll = r.next();
    const factor = roll < 0.7 ? 0.38 : roll < 0.95 ? 1.63 : 6.5; // mean factor 0.92
    const mean = Math.max(targetBytes - summary.bytes, 0) / ((yamlFiles - i) * 0.92);
    const helm = i % 20 === 0;
    const dirName = helm ? `charts/${r.word(6)}/templates` : `${r.pick(clusters)}/${r.pick(NAMESPACES)}/${r.word(5)}`;
    write('yaml', `${dirName}/${i}-${r.word(6)}.yaml`, yamlFile(r, Math.max(500, Math.round(mean * factor)), certs, issuers, helm));
  }
  return summary;
}

// ---------------------------------------------------------------------------------------------
// W3: certificates

export interface W3Options { seed?: string; count?: number }
export interface W3Workload {
  /** Every certificate once; chained ones point at their issuer by index. */
  certificates: { der: Buffer; keyClass: KeyClass; issuer: number; chained: boolean }[];
}

export function generateW3(options: W3Options = {}): W3Workload {
  const seed = options.seed ?? DEFAULT_SEED;
  const count = options.count ?? 1000;
  const chainedCount = Math.floor(count / 2);
  const out: W3Workload['certificates'] = [];
  // Half in chains: per class a root, an intermediate and leaves.
  const chained = mixedCertificates(`w3:${seed}`, chainedCount);
  const base = out.length;
  const byClass = new Map<KeyClass, number[]>();
  chained.forEach((cert, i) => {
    const list = byClass.get(cert.keyClass) ?? [];
    list.push(base + i);
    byClass.set(cert.keyClass, list);
  });
  chained.forEach((cert) => {
    const family = byClass.get(cert.keyClass)!;
    // family order is root, intermediate, leaves; issuerIndex is relative to that order
    out.push({ der: cert.der, keyClass: cert.keyClass, issuer: cert.issuerIndex === 0 ? family[0] : family[1], chained: true });
  });
  // Half self-signed, a few keys per class.
  for (let i = 0; out.length < count; i++) {
    const keyClass = KEY_CLASSES[i % KEY_CLASSES.length];
    const cert = selfSigned(keyClass, `w3:${seed}/${keyClass}/${Math.floor(i / KEY_CLASSES.length) % 4}`, `self-signed ${keyClass} ${i}`, i % 3 === 0);
    out.push({ der: cert.der, keyClass, issuer: out.length, chained: false });
  }
  return { certificates: out };
}

/** Writes W3 as files: chains as bundles (leaf + issuing CA) and CA files, self-signed ones alone. */
export function writeW3(dir: string, workload: W3Workload): number {
  let files = 0;
  workload.certificates.forEach((cert, i) => {
    const rel = cert.chained ? `chains/${cert.keyClass}/${i}.pem` : `self-signed/${cert.keyClass}/${i}.crt`;
    const issuer = workload.certificates[cert.issuer];
    const bundle = cert.chained && cert.issuer !== i && issuer.issuer !== cert.issuer ? pemOf(cert.der) + pemOf(issuer.der) : pemOf(cert.der);
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bundle);
    files++;
  });
  return files;
}

// ---------------------------------------------------------------------------------------------

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [which, out] = process.argv.slice(2);
  const quick = process.argv.includes('--quick');
  if (!which || !out) {
    process.stderr.write('usage: node out/bench/generate.js w1|w2|w3 OUT_DIR [--quick]\n');
    process.exit(2);
  }
  mkdirSync(out, { recursive: true });
  if (which === 'w1') {
    const w1 = generateW1(quick ? { edits: 50 } : {});
    writeFileSync(join(out, 'w1.yaml'), w1.text);
    writeFileSync(join(out, 'w1-edits.json'), JSON.stringify(w1.edits, null, 1));
    process.stdout.write(`${w1.lines} lines, ${w1.documents} documents, ${w1.certificates} certificates, ${w1.edits.length} edits\n`);
  } else if (which === 'w2') {
    const s = generateW2(out, quick ? { files: 1000, megabytes: 10 } : {});
    process.stdout.write(`${s.files} files, ${(s.bytes / 1e6).toFixed(1)} MB, ${s.certificates} certificates\n`);
  } else if (which === 'w3') {
    const w3 = generateW3(quick ? { count: 200 } : {});
    process.stdout.write(`${writeW3(out, w3)} files\n`);
  }
}
