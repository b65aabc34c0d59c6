// TLS key-exchange settings in Kubernetes manifests and Helm values, and Ingress TLS bindings.
//   - ingress-nginx: the controller ConfigMap's `ssl-ecdh-curve` (also `controller.config` in Helm
//     values) and the controller workloads' `--configmap` flag (which ConfigMap the controller reads);
//   - Istio: `meshConfig.tlsDefaults.ecdhCurves` (IstioOperator, the `istio` ConfigMap's `mesh` text,
//     Helm values) and the `COMPLIANCE_POLICY` environment variable (istiod/proxy env, `pilot.env`,
//     `meshConfig.defaultConfig.proxyMetadata`);
//   - Ingress `spec.tls` entries: hosts → secretName in the Ingress's namespace.
// Spans point into the file the fact comes from (also inside a ConfigMap's embedded mesh text), so
// the rules on that file report and edit there. Facts are plain data (the index compares them as JSON).
import { isMap, isScalar, isSeq, parseDocument, Scalar } from 'yaml';
import type { Node } from 'yaml';
import type { ParsedFile, YamlFile } from '../parse.js';
import type { Knowledge } from '../knowledge.js';
import type { Span } from '../types.js';
import { checkableDocuments, DocumentMemo, moveSpan, moveSpans, nodeAt, pairAt, stringAt, type YamlDocument } from '../formats/yaml.js';
import { imageMatches, parseImage } from '../versions.js';

/** One entry of a group/curve list with the span of its text (without quotes). */
export interface TlsGroupItem { name: string; span: Span }

/**
 * A text insertion that puts one more entry at the front of a list: the new text is
 * `before + <entry> + after`, inserted at `offset` (keeps the list's flow/block style).
 */
export interface ListPrepend { offset: number; before: string; after: string }

/** ingress-nginx `ssl-ecdh-curve` (nginx `ssl_ecdh_curve`, an OpenSSL group list). */
export interface IngressNginxCurveFact {
  type: 'ingress-nginx-ecdh-curve';
  file: string;
  origin: 'configmap' | 'helm-values';
  /** The ConfigMap holding the key (origin configmap). */
  configMap?: { name: string; namespace?: string };
  /** The ConfigMap looks like the controller's: its name, ingress-nginx labels or namespace. */
  controllerHint: boolean;
  /** Where the value sits, for messages: "ConfigMap ingress-nginx/ingress-nginx-controller". */
  where: string;
  value: string;
  /** The value text (inside quotes when quoted). */
  span: Span;
  /** The span holds exactly `value`, so an edit can insert into it. */
  editable: boolean;
  /** The list split on ":" and "/" (OpenSSL 3.5 tuple separator), prefixes "?", "*", "-" kept in `name`. */
  groups: TlsGroupItem[];
}

/** An ingress-nginx controller workload and the ConfigMap its `--configmap` flag names. */
export interface IngressNginxControllerFact {
  type: 'ingress-nginx-controller';
  file: string;
  workload: string;
  namespace?: string;
  configMap?: { name: string; namespace?: string };
}

/** Istio `meshConfig.tlsDefaults.ecdhCurves` (applies to gateways; mesh mTLS ignores it, istio#56330). */
export interface IstioEcdhCurvesFact {
  type: 'istio-ecdh-curves';
  file: string;
  origin: 'IstioOperator' | 'Istio' | 'mesh-configmap' | 'helm-values' | 'HelmRelease' | 'Application';
  /** The MeshConfig holding the list, for messages: "IstioOperator istio-system/control-plane spec.meshConfig". */
  where: string;
  curves: TlsGroupItem[];
  /** The ecdhCurves list (or, for mesh text we cannot map, the ConfigMap's `mesh` value). */
  span: Span;
  /** How to put one more curve first; absent when the text cannot be edited safely. */
  prepend?: ListPrepend;
}

/** Istio `COMPLIANCE_POLICY` (pkg/features/security.go: "", fips-140-2, fips-140-3, pqc). */
export interface IstioCompliancePolicyFact {
  type: 'istio-compliance-policy';
  file: string;
  /** istiod: its container env or `pilot.env` values; proxies: a proxy/ztunnel container env or `proxyMetadata`. */
  origin: 'istiod-env' | 'pilot-env' | 'proxy-env' | 'proxy-metadata';
  /** For messages: "Deployment istio-system/istiod, container discovery". */
  where: string;
  value: string;
  span: Span;
}

/** One `spec.tls[]` entry of an Ingress. */
export interface IngressTlsFact {
  type: 'ingress-tls';
  file: string;
  ingress: string;
  namespace?: string;
  /** Index of the entry in spec.tls. */
  index: number;
  /** Hosts of the entry; empty means the entry has no hosts (the controller's default server). */
  hosts: string[];
  secretName: string;
  /** The secretName value text. */
  span: Span;
  /** The guide's `nginx.ingress.kubernetes.io/ssl-certs` annotation, when the Ingress has it. */
  sslCertsAnnotation?: { value: string; span: Span };
}

export type TlsFact = IngressNginxCurveFact | IngressNginxControllerFact | IstioEcdhCurvesFact | IstioCompliancePolicyFact | IngressTlsFact;

export const SSL_CERTS_ANNOTATION = 'nginx.ingress.kubernetes.io/ssl-certs';

export function extractTlsFacts(file: ParsedFile, knowledge: Knowledge): TlsFact[] {
  if (file.kind !== 'kubernetes-yaml') return [];
  return tlsFactsOf(file, knowledge);
}

const cache = new WeakMap<YamlFile, { knowledge: Knowledge; facts: TlsFact[] }>();

/** The facts of one Kubernetes YAML file (also used directly by the rules on that file). */
export function tlsFactsOf(file: YamlFile, knowledge: Knowledge): TlsFact[] {
  const hit = cache.get(file);
  if (hit && hit.knowledge === knowledge) return hit.facts;
  const facts = computeTlsFacts(file, knowledge);
  cache.set(file, { knowledge, facts });
  return facts;
}

// Kept per document while its text does not change (formats/yaml.ts DocumentMemo): every file
// offset a fact holds is moved here, so a new offset field must be added to moveTlsFact.
const factsByDocument = new DocumentMemo<TlsFact[]>((facts, delta) => facts.map((fact) => moveTlsFact(fact, delta)));

function moveTlsFact(fact: TlsFact, delta: number): TlsFact {
  switch (fact.type) {
    case 'ingress-nginx-ecdh-curve':
      return { ...fact, span: moveSpan(fact.span, delta), groups: moveSpans(fact.groups, delta) };
    case 'istio-ecdh-curves':
      return { ...fact, span: moveSpan(fact.span, delta), curves: moveSpans(fact.curves, delta), ...(fact.prepend ? { prepend: { ...fact.prepend, offset: fact.prepend.offset + delta } } : {}) };
    case 'istio-compliance-policy':
      return { ...fact, span: moveSpan(fact.span, delta) };
    case 'ingress-tls':
      return { ...fact, span: moveSpan(fact.span, delta), ...(fact.sslCertsAnnotation ? { sslCertsAnnotation: { ...fact.sslCertsAnnotation, span: moveSpan(fact.sslCertsAnnotation.span, delta) } } : {}) };
    case 'ingress-nginx-controller':
      return fact;
  }
}

function computeTlsFacts(file: YamlFile, knowledge: Knowledge): TlsFact[] {
  const facts: TlsFact[] = [];
  const eol = file.lines.eol;
  for (const document of checkableDocuments(file.yaml)) {
    facts.push(...factsByDocument.get(document, [knowledge, file.path, eol], () => documentTlsFacts(file, knowledge, eol, document)));
  }
  return facts;
}

function documentTlsFacts(file: YamlFile, knowledge: Knowledge, eol: string, document: YamlDocument): TlsFact[] {
  const facts: TlsFact[] = [];
  const ctx: Ctx = { file, knowledge, facts, eol };
  const root = document.doc.contents;
  if (!isMap(root)) return facts;
  const kind = document.kind;
  const name = document.name;
  const namespace = document.namespace;
  const id = `${namespace ? `${namespace}/` : ''}${name ?? '(unnamed)'}`;
  const group = groupOf(document.apiVersion);
  if (kind === undefined && document.apiVersion === undefined) {
    valuesFacts(ctx, root, 'helm-values', 'Helm values');
    return facts;
  }
  switch (kind) {
    case 'ConfigMap':
      configMapFacts(ctx, root, name, namespace, id);
      break;
    case 'IstioOperator':
      meshConfigFacts(ctx, nodeAt(root, ['spec', 'meshConfig']), 'IstioOperator', `IstioOperator ${id} spec.meshConfig`);
      valuesFacts(ctx, nodeAt(root, ['spec', 'values']), 'IstioOperator', `IstioOperator ${id} spec.values`);
      envListFacts(ctx, nodeAt(root, ['spec', 'components', 'pilot', 'k8s', 'env']), 'pilot-env', `IstioOperator ${id} spec.components.pilot.k8s.env`);
      break;
    case 'Istio':
      if (group === 'sailoperator.io') valuesFacts(ctx, nodeAt(root, ['spec', 'values']), 'Istio', `Istio ${id} spec.values`);
      break;
    case 'HelmRelease':
      valuesFacts(ctx, nodeAt(root, ['spec', 'values']), 'HelmRelease', `HelmRelease ${id} spec.values`);
      break;
    case 'Application':
      if (group === 'argoproj.io') valuesFacts(ctx, nodeAt(root, ['spec', 'source', 'helm', 'valuesObject']), 'Application', `Application ${id} spec.source.helm.valuesObject`);
      break;
    case 'Ingress':
      if (name) ingressFacts(ctx, root, name, namespace);
      break;
    case 'Deployment':
    case 'DaemonSet':
    case 'StatefulSet':
      workloadFacts(ctx, root, kind, name, namespace, id);
      break;
    default:
      break;
  }
  return facts;
}

interface Ctx {
  file: YamlFile;
  knowledge: Knowledge;
  facts: TlsFact[];
  eol: string;
}

/** Maps an offset of the parsed text to an offset of the file (identity, or into embedded text). */
type OffsetMap = (offset: number) => number | undefined;
const identity: OffsetMap = (offset) => offset;

function groupOf(apiVersion: string | undefined): string {
  if (!apiVersion) return '';
  const slash = apiVersion.indexOf('/');
  return slash >= 0 ? apiVersion.slice(0, slash) : '';
}

// ---------------------------------------------------------------------------------------------
// Helm values (and values embedded in IstioOperator, Sail Istio, HelmRelease, Argo CD Application)

type IstioOrigin = IstioEcdhCurvesFact['origin'];

function valuesFacts(ctx: Ctx, values: Node | undefined, origin: IstioOrigin, where: string): void {
  if (!isMap(values)) return;
  // "Helm values meshConfig", "HelmRelease ns/name spec.values.meshConfig"
  const sub = (path: string): string => (origin === 'helm-values' ? `${where} ${path}` : `${where}.${path}`);
  meshConfigFacts(ctx, nodeAt(values, ['meshConfig']), origin, sub('meshConfig'));
  const policy = scalarAt(nodeAt(values, ['pilot', 'env', 'COMPLIANCE_POLICY']));
  if (policy) pushPolicy(ctx, 'pilot-env', sub('pilot.env'), policy, identity);
  const curve = nodeAt(values, ['controller', 'config', 'ssl-ecdh-curve']);
  if (isScalar(curve)) pushNginxCurve(ctx, curve, { origin: 'helm-values', controllerHint: true, where: sub('controller.config') });
}

/** A MeshConfig map: tlsDefaults.ecdhCurves and defaultConfig.proxyMetadata.COMPLIANCE_POLICY. */
function meshConfigFacts(ctx: Ctx, mesh: Node | undefined, origin: IstioOrigin, where: string, map: OffsetMap = identity, fallback?: Span): void {
  if (!isMap(mesh)) return;
  const curves = nodeAt(mesh, ['tlsDefaults', 'ecdhCurves']);
  if (isSeq(curves)) {
    const list = listFact(ctx, curves, map, fallback);
    if (list) ctx.facts.push({ type: 'istio-ecdh-curves', file: ctx.file.path, origin, where, ...list });
  }
  const policy = scalarAt(nodeAt(mesh, ['defaultConfig', 'proxyMetadata', 'COMPLIANCE_POLICY']));
  if (policy) pushPolicy(ctx, 'proxy-metadata', `${where} defaultConfig.proxyMetadata`, policy, map, fallback);
}

/** The entries of a YAML sequence of strings in file offsets, and how to prepend one more. */
function listFact(ctx: Ctx, seq: Node, map: OffsetMap, fallback?: Span): { curves: TlsGroupItem[]; span: Span; prepend?: ListPrepend } | undefined {
  if (!isSeq(seq) || !seq.range) return undefined;
  const text = ctx.file.text;
  const curves: TlsGroupItem[] = [];
  let exact = true;
  for (const item of seq.items) {
    if (!isScalar(item) || item.value === null || item.value === undefined || !item.range) continue;
    const name = String(item.value);
    const span = mapSpan(map, valueTextRange(item));
    if (span && text.slice(span.start, span.end) === name) curves.push({ name, span });
    else {
      exact = false;
      curves.push({ name, span: span ?? fallback ?? { start: 0, end: 0 } });
    }
  }
  const start = map(seq.range[0]);
  const last = seq.items[seq.items.length - 1];
  // A block sequence's range runs on to the next key's indentation: end it at its last item.
  const end = seq.flow ? map(seq.range[1]) : isScalar(last) && last.range ? map(last.range[1]) : undefined;
  let span: Span | undefined = start !== undefined && end !== undefined && end >= start ? { start, end } : undefined;
  if (!span) {
    if (!fallback) return undefined;
    span = fallback;
    exact = false;
  }
  const firstRange = isScalar(seq.items[0]) ? seq.items[0].range : undefined;
  let prepend: ListPrepend | undefined;
  if (exact && firstRange && start !== undefined) {
    const first = map(firstRange[0]);
    if (seq.flow) {
      if (first !== undefined) prepend = { offset: first, before: '', after: ', ' };
    } else if (text[start] === '-') {
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      const prefix = text.slice(lineStart, start);
      if (/^[ \t]*$/.test(prefix)) prepend = { offset: start, before: '- ', after: ctx.eol + prefix };
    }
  }
  return { curves, span, prepend };
}

// ---------------------------------------------------------------------------------------------
// ConfigMaps: ingress-nginx controller config, Istio mesh config

const NGINX_LABELS = ['app.kubernetes.io/name', 'app.kubernetes.io/part-of', 'app.kubernetes.io/instance', 'app'];

function configMapFacts(ctx: Ctx, root: Node, name: string | undefined, namespace: string | undefined, id: string): void {
  const curve = nodeAt(root, ['data', 'ssl-ecdh-curve']);
  if (isScalar(curve) && name) {
    const labels = nodeAt(root, ['metadata', 'labels']);
    const labelled = NGINX_LABELS.some((l) => stringAt(labels, [l]) === 'ingress-nginx');
    const named = /(^|-)ingress-nginx-controller$|(^|-)nginx-ingress-controller$|^nginx-configuration$/.test(name);
    pushNginxCurve(ctx, curve, {
      origin: 'configmap',
      configMap: { name, namespace },
      controllerHint: labelled || named || namespace === 'ingress-nginx',
      where: `ConfigMap ${id}`,
    });
  }
  const mesh = nodeAt(root, ['data', 'mesh']);
  if (name && (name === 'istio' || name.startsWith('istio-')) && isScalar(mesh) && typeof mesh.value === 'string') {
    embeddedMeshFacts(ctx, mesh, `ConfigMap ${id} data.mesh`);
  }
}

function pushNginxCurve(ctx: Ctx, node: Scalar, base: Pick<IngressNginxCurveFact, 'origin' | 'configMap' | 'controllerHint' | 'where'>): void {
  if (node.value === null || node.value === undefined || !node.range) return;
  const value = String(node.value);
  const span = valueTextRange(node);
  const editable = ctx.file.text.slice(span.start, span.end) === value && !/[\r\n]/.test(value);
  const groups: TlsGroupItem[] = [];
  const re = /[^:/\s]+/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    groups.push({ name: m[0], span: editable ? { start: span.start + m.index, end: span.start + m.index + m[0].length } : span });
  }
  ctx.facts.push({ type: 'ingress-nginx-ecdh-curve', file: ctx.file.path, ...base, value, span, editable, groups });
}

/**
 * The `mesh` key of an Istio ConfigMap holds MeshConfig as YAML text. A literal block scalar (`|`,
 * what istioctl and the charts write) maps line by line onto the file, so findings and edits land
 * on the embedded text itself; other scalar styles fall back to the whole `mesh` value.
 */
function embeddedMeshFacts(ctx: Ctx, scalar: Scalar, where: string): void {
  const inner = String(scalar.value);
  let doc;
  try {
    doc = parseDocument(inner, { uniqueKeys: false });
  } catch {
    return;
  }
  if (doc.errors.length > 0) return;
  const whole = scalar.range ? { start: scalar.range[0], end: scalar.range[1] } : undefined;
  if (!whole) return;
  const map = scalar.type === Scalar.BLOCK_LITERAL ? blockLiteralMap(ctx.file.text, whole, inner) : undefined;
  const unmapped: OffsetMap = () => undefined;
  meshConfigFacts(ctx, doc.contents ?? undefined, 'mesh-configmap', where, map ?? unmapped, whole);
}

/**
 * Offsets of a literal block scalar's value → file offsets. Undefined when the file text does not
 * reproduce the value line by line (explicit indentation indicators, tabs ...): then no edits.
 */
function blockLiteralMap(text: string, whole: Span, value: string): OffsetMap | undefined {
  const source = text.slice(whole.start, whole.end);
  const headerEnd = source.search(/\r?\n/);
  if (headerEnd < 0) return undefined;
  const header = source.slice(0, headerEnd);
  if (!/^\|[+-]?\s*(#.*)?$/.test(header)) return undefined;
  const bodyStart = whole.start + headerEnd + (source[headerEnd] === '\r' ? 2 : 1);
  // File lines of the body: [start, end) without the line break.
  const lines: { start: number; end: number }[] = [];
  let cursor = bodyStart;
  while (cursor <= whole.end) {
    const nl = text.indexOf('\n', cursor);
    const stop = nl < 0 || nl >= whole.end ? whole.end : nl;
    const end = stop > cursor && text[stop - 1] === '\r' ? stop - 1 : stop;
    lines.push({ start: cursor, end });
    if (nl < 0 || nl >= whole.end) break;
    cursor = nl + 1;
  }
  const firstContent = lines.find((l) => text.slice(l.start, l.end).trim().length > 0);
  if (!firstContent) return undefined;
  const indent = /^ */.exec(text.slice(firstContent.start, firstContent.end))![0].length;
  const valueLines = value.split('\n');
  const starts: number[] = [];
  let offset = 0;
  for (let i = 0; i < valueLines.length; i++) {
    const line = lines[i];
    const expected = valueLines[i];
    if (!line) {
      if (expected.length > 0) return undefined;
    } else {
      const fileLine = text.slice(line.start, line.end);
      const content = fileLine.length >= indent ? fileLine.slice(indent) : '';
      if (content !== expected && !(expected === '' && fileLine.trim() === '')) return undefined;
    }
    starts.push(offset);
    offset += expected.length + 1;
  }
  return (inner) => {
    if (inner < 0 || inner > value.length) return undefined;
    let i = starts.length - 1;
    while (i > 0 && starts[i] > inner) i--;
    const line = lines[i];
    if (!line) return undefined;
    return line.start + indent + (inner - starts[i]);
  };
}

// ---------------------------------------------------------------------------------------------
// Workloads: istiod / proxies (COMPLIANCE_POLICY env), ingress-nginx controller (--configmap)

const ISTIO_CONTAINERS = ['discovery', 'istio-proxy', 'ztunnel'];

function workloadFacts(ctx: Ctx, root: Node, kind: string, name: string | undefined, namespace: string | undefined, id: string): void {
  const containers = nodeAt(root, ['spec', 'template', 'spec', 'containers']);
  if (!isSeq(containers)) return;
  const istio = ctx.knowledge.components.find((c) => c.id === 'istio');
  const nginx = ctx.knowledge.components.find((c) => c.id === 'ingress-nginx');
  for (const container of containers.items) {
    if (!isMap(container)) continue;
    const image = stringAt(container, ['image']);
    const containerName = stringAt(container, ['name']) ?? '';
    const ref = image ? parseImage(image) : undefined;
    if ((ref && istio && imageMatches(ref, istio.images)) || ISTIO_CONTAINERS.includes(containerName) || (ref && /(^|\/)(pilot|proxyv2|ztunnel)$/.test(ref.path) && ref.path.includes('istio'))) {
      const istiod = containerName === 'discovery' || (ref !== undefined && /(^|\/)pilot$/.test(ref.path));
      envListFacts(ctx, nodeAt(container, ['env']), istiod ? 'istiod-env' : 'proxy-env', `${kind} ${id}, container ${containerName || '?'}`);
    }
    const args = [...stringsOf(nodeAt(container, ['args'])), ...stringsOf(nodeAt(container, ['command']))];
    const isNginx = (ref && nginx && imageMatches(ref, nginx.images)) || args.some((a) => a.endsWith('/nginx-ingress-controller'));
    if (isNginx && name) {
      let configMap: IngressNginxControllerFact['configMap'];
      for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        const value = arg.startsWith('--configmap=') ? arg.slice('--configmap='.length) : arg === '--configmap' ? args[i + 1] : undefined;
        if (value === undefined) continue;
        const slash = value.indexOf('/');
        const ns = slash >= 0 ? value.slice(0, slash) : undefined;
        configMap = { name: slash >= 0 ? value.slice(slash + 1) : value, namespace: ns === undefined || ns.includes('$(') ? namespace : ns };
      }
      ctx.facts.push({ type: 'ingress-nginx-controller', file: ctx.file.path, workload: `${kind} ${id}`, namespace, configMap });
    }
  }
}

/** A Kubernetes env list ([{name, value}]) holding COMPLIANCE_POLICY. */
function envListFacts(ctx: Ctx, env: Node | undefined, origin: IstioCompliancePolicyFact['origin'], where: string): void {
  if (!isSeq(env)) return;
  for (const item of env.items) {
    if (!isMap(item) || stringAt(item, ['name']) !== 'COMPLIANCE_POLICY') continue;
    const value = scalarAt(nodeAt(item, ['value']));
    if (value) pushPolicy(ctx, origin, where, value, identity);
  }
}

function pushPolicy(ctx: Ctx, origin: IstioCompliancePolicyFact['origin'], where: string, node: Scalar, map: OffsetMap, fallback?: Span): void {
  if (node.value === null || node.value === undefined || !node.range) return;
  const span = mapSpan(map, valueTextRange(node)) ?? fallback;
  if (!span) return;
  ctx.facts.push({ type: 'istio-compliance-policy', file: ctx.file.path, origin, where, value: String(node.value), span });
}

// ---------------------------------------------------------------------------------------------
// Ingress TLS bindings

function ingressFacts(ctx: Ctx, root: Node, name: string, namespace: string | undefined): void {
  const tls = nodeAt(root, ['spec', 'tls']);
  if (!isSeq(tls)) return;
  const annotationPair = pairAt(root, ['metadata', 'annotations', SSL_CERTS_ANNOTATION]);
  const annotation = annotationPair && isScalar(annotationPair.value) && annotationPair.value.range && annotationPair.value.value !== null
    ? { value: String(annotationPair.value.value), span: valueTextRange(annotationPair.value) }
    : undefined;
  tls.items.forEach((entry, index) => {
    if (!isMap(entry)) return;
    const secret = nodeAt(entry, ['secretName']);
    if (!isScalar(secret) || secret.value === null || secret.value === undefined || !secret.range) return;
    const hosts = stringsOf(nodeAt(entry, ['hosts']));
    ctx.facts.push({
      type: 'ingress-tls', file: ctx.file.path, ingress: name, namespace, index, hosts,
      secretName: String(secret.value), span: valueTextRange(secret), sslCertsAnnotation: annotation,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function scalarAt(node: Node | undefined): Scalar | undefined {
  return isScalar(node) && node.value !== null && node.value !== undefined ? node : undefined;
}

function stringsOf(node: Node | undefined): string[] {
  if (!isSeq(node)) return [];
  return node.items.filter((i): i is Scalar => isScalar(i) && i.value !== null && i.value !== undefined).map((i) => String(i.value));
}

/** A scalar's range without its quotes (the text an edit of the value replaces). */
export function valueTextRange(node: Scalar): Span {
  const [start, end] = node.range!;
  if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) return { start: start + 1, end: Math.max(start + 1, end - 1) };
  return { start, end };
}

function mapSpan(map: OffsetMap, span: Span): Span | undefined {
  const start = map(span.start);
  const end = map(span.end);
  return start === undefined || end === undefined || end < start ? undefined : { start, end };
}
