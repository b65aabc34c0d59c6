// Facts one file contributes to the workspace index. Extraction is per file and pure, so
// updating a file replaces its facts only.
import type { ParsedFile, StepCaFile, YamlFile } from '../parse.js';
import type { Knowledge } from '../knowledge.js';
import type { Span } from '../types.js';
import { DocumentMemo, isMap, isScalar, moveSpans, nodeAt, nodeSpan, stringAt, walkScalars, type YamlDocument } from '../formats/yaml.js';
import { jsonNodeAt, jsonString } from '../formats/json.js';
import { imageMatches, parseImage, parseVersion } from '../versions.js';
import { locateCertificates, type CertificateOccurrence } from '../x509/locate.js';
import { extractSpireFacts, type SpireFact } from './spire-facts.js';
import { extractOpensslFacts, type OpensslFact } from './openssl-facts.js';
import { extractTlsFacts, type TlsFact } from './tls-facts.js';

export interface IssuerFact {
  file: string;
  /** Span of the whole YAML document. */
  span: Span;
  kind: string;
  group: string;
  name: string;
  namespace?: string;
  /** cert-manager issuer type (ca, selfSigned, acme, vault, venafi ...) or "step" for step-issuer kinds. */
  issuerType?: string;
  /** step-issuer kinds: the keys written under spec.provisioner (e.g. passwordRef, passwordEnv), for version checks. */
  provisionerKeys?: string[];
}

export interface SecretFact { file: string; span: Span; name: string; namespace?: string; type?: string }

export interface VersionFact {
  file: string;
  component: string;
  /** The version text as written, e.g. "v1.15.3". */
  version: string;
  /** Span of the version text only, so a fix can rewrite it in place. */
  span: Span;
  origin: 'image' | 'chart' | 'kubeadm';
  /** An image pinned by digest after its tag (`name:tag@sha256:…`): a new tag alone changes nothing. */
  digest?: true;
}

export interface StepCaProvisioner { type: string; name: string; kid?: string }

export interface StepCaFact {
  file: string;
  address?: string;
  dnsNames: string[];
  roots: string[];
  crt?: string;
  kty?: string;
  crv?: string;
  provisioners: StepCaProvisioner[];
}

export interface CertificateFact { file: string; occurrence: CertificateOccurrence }

export interface FileFacts {
  issuers: IssuerFact[];
  secrets: SecretFact[];
  versions: VersionFact[];
  stepCa: StepCaFact[];
  certificates: CertificateFact[];
  /** SPIRE server/agent settings (spire-facts.ts). */
  spire: SpireFact[];
  /** openssl.cnf provider and group settings, also from ConfigMaps (openssl-facts.ts). */
  openssl: OpensslFact[];
  /** TLS key-exchange settings and Ingress TLS bindings in manifests (tls-facts.ts). */
  tls: TlsFact[];
}

export type FactCategory = keyof FileFacts;
export const FACT_CATEGORIES: readonly FactCategory[] = ['issuers', 'secrets', 'versions', 'stepCa', 'certificates', 'spire', 'openssl', 'tls'];

export function emptyFacts(): FileFacts {
  return { issuers: [], secrets: [], versions: [], stepCa: [], certificates: [], spire: [], openssl: [], tls: [] };
}

export function extractFacts(file: ParsedFile, knowledge: Knowledge): FileFacts {
  const facts = emptyFacts();
  for (const occurrence of locateCertificates(file, knowledge)) facts.certificates.push({ file: file.path, occurrence });
  if (file.kind === 'kubernetes-yaml') extractKubernetesFacts(file, knowledge, facts);
  if (file.kind === 'step-ca-json') extractStepCaFacts(file, facts);
  facts.spire.push(...extractSpireFacts(file, knowledge));
  facts.openssl.push(...extractOpensslFacts(file, knowledge));
  facts.tls.push(...extractTlsFacts(file, knowledge));
  return facts;
}

const CERT_MANAGER_ISSUER_TYPES = ['ca', 'selfSigned', 'acme', 'vault', 'venafi'];

function groupOf(apiVersion: string | undefined): string {
  if (!apiVersion) return '';
  const slash = apiVersion.indexOf('/');
  return slash >= 0 ? apiVersion.slice(0, slash) : '';
}

/** What one Kubernetes document contributes (kept while the document's text does not change). */
type DocumentFacts = Pick<FileFacts, 'issuers' | 'secrets' | 'versions'>;

const factsByDocument = new DocumentMemo<DocumentFacts>((facts, delta) => ({
  issuers: moveSpans(facts.issuers, delta),
  secrets: moveSpans(facts.secrets, delta),
  versions: moveSpans(facts.versions, delta),
}));

function extractKubernetesFacts(file: YamlFile, knowledge: Knowledge, facts: FileFacts): void {
  for (const document of file.yaml.documents) {
    if (!document.parsed) continue;
    const own = factsByDocument.get(document, [knowledge, file.path], () => documentFacts(file, document, knowledge));
    facts.issuers.push(...own.issuers);
    facts.secrets.push(...own.secrets);
    facts.versions.push(...own.versions);
  }
}

function documentFacts(file: YamlFile, document: YamlDocument, knowledge: Knowledge): DocumentFacts {
  const facts: DocumentFacts = { issuers: [], secrets: [], versions: [] };
  const root = document.doc.contents;
  const group = groupOf(document.apiVersion);
  if (document.name && (document.kind === 'Issuer' || document.kind === 'ClusterIssuer') && group === 'cert-manager.io') {
    const spec = nodeAt(root, ['spec']);
    const issuerType = isMap(spec)
      ? spec.items.map((item) => (isScalar(item.key) ? String(item.key.value) : '')).find((key) => CERT_MANAGER_ISSUER_TYPES.includes(key))
      : undefined;
    facts.issuers.push({ file: file.path, span: document.span, kind: document.kind, group, name: document.name, namespace: document.namespace, issuerType });
  }
  if (document.name && (document.kind === 'StepIssuer' || document.kind === 'StepClusterIssuer') && group === 'certmanager.step.sm') {
    const provisioner = nodeAt(root, ['spec', 'provisioner']);
    const provisionerKeys = isMap(provisioner) ? provisioner.items.flatMap((item) => (isScalar(item.key) ? [String(item.key.value)] : [])) : [];
    facts.issuers.push({ file: file.path, span: document.span, kind: document.kind, group, name: document.name, namespace: document.namespace, issuerType: 'step', provisionerKeys });
  }
  if (document.kind === 'Secret' && document.name) {
    facts.secrets.push({ file: file.path, span: document.span, name: document.name, namespace: document.namespace, type: stringAt(root, ['type']) });
  }
  extractVersions(file, root, document.kind, knowledge, facts);
  return facts;
}

function extractVersions(file: YamlFile, root: unknown, kind: string | undefined, knowledge: Knowledge, facts: DocumentFacts): void {
  const text = file.text;
  for (const { path, node } of walkScalars(root)) {
    const key = path[path.length - 1];
    if (typeof node.value !== 'string' || !node.range) continue;
    if (key === 'image') {
      const image = parseImage(node.value);
      const component = knowledge.components.find((c) => imageMatches(image, c.images));
      if (component && image.tag && parseVersion(image.tag)) {
        const span = valueSubspan(text, node.range[0], node.range[1], node.value, image.tagOffset ?? 0, image.tag.length);
        if (span) facts.versions.push({ file: file.path, component: component.id, version: image.tag, span, origin: 'image', ...(text[span.end] === '@' ? { digest: true as const } : {}) });
      }
    } else if (key === 'tag' && path.length >= 2) {
      // Helm values style: image: { repository: x, tag: y }
      const repository = stringAt(root, [...path.slice(0, -1), 'repository']);
      if (!repository) continue;
      const component = knowledge.components.find((c) => imageMatches(parseImage(repository), c.images));
      const span = nodeSpan(node);
      if (component && span && parseVersion(node.value)) facts.versions.push({ file: file.path, component: component.id, version: node.value, span: trimQuotes(text, span), origin: 'image' });
    }
  }
  if (kind === 'ClusterConfiguration') {
    const node = nodeAt(root, ['kubernetesVersion']);
    const span = nodeSpan(node);
    if (isScalar(node) && span && parseVersion(String(node.value))) {
      facts.versions.push({ file: file.path, component: 'kubernetes', version: String(node.value), span: trimQuotes(text, span), origin: 'kubeadm' });
    }
  }
  // Chart.yaml: `name: cert-manager` with `version`/`appVersion`; HelmRelease: spec.chart.spec.{chart,version}.
  const chartName = stringAt(root, ['name']) ?? stringAt(root, ['spec', 'chart', 'spec', 'chart']);
  const versionPath = stringAt(root, ['appVersion']) !== undefined ? ['appVersion'] : stringAt(root, ['spec', 'chart', 'spec', 'chart']) ? ['spec', 'chart', 'spec', 'version'] : undefined;
  if (chartName && versionPath) {
    const component = knowledge.components.find((c) => c.charts.includes(chartName));
    const node = nodeAt(root, versionPath);
    const span = nodeSpan(node);
    if (component && isScalar(node) && span && parseVersion(String(node.value))) {
      facts.versions.push({ file: file.path, component: component.id, version: String(node.value), span: trimQuotes(text, span), origin: 'chart' });
    }
  }
}

/** Span of `length` characters at `offset` inside a scalar's value, located in the source text. */
function valueSubspan(text: string, start: number, end: number, value: string, offset: number, length: number): Span | undefined {
  const source = text.slice(start, end);
  const at = source.indexOf(value);
  if (at < 0) return undefined;
  return { start: start + at + offset, end: start + at + offset + length };
}

function trimQuotes(text: string, span: Span): Span {
  const first = text[span.start];
  if ((first === '"' || first === "'") && text[span.end - 1] === first) return { start: span.start + 1, end: span.end - 1 };
  return span;
}

function extractStepCaFacts(file: StepCaFile, facts: FileFacts): void {
  const root = file.json.root;
  if (!root) return;
  const rootsNode = jsonNodeAt(root, ['root']);
  const roots = rootsNode?.type === 'array'
    ? (rootsNode.children ?? []).filter((c) => c.type === 'string').map((c) => String(c.value))
    : rootsNode?.type === 'string' ? [String(rootsNode.value)] : [];
  const dnsNode = jsonNodeAt(root, ['dnsNames']);
  const dnsNames = dnsNode?.type === 'array' ? (dnsNode.children ?? []).filter((c) => c.type === 'string').map((c) => String(c.value)) : [];
  const provisioners: StepCaProvisioner[] = [];
  const list = jsonNodeAt(root, ['authority', 'provisioners']);
  for (const [i] of (list?.type === 'array' ? list.children ?? [] : []).entries()) {
    const type = jsonString(root, ['authority', 'provisioners', i, 'type']);
    const name = jsonString(root, ['authority', 'provisioners', i, 'name']);
    if (type && name) provisioners.push({ type, name, kid: jsonString(root, ['authority', 'provisioners', i, 'key', 'kid']) });
  }
  facts.stepCa.push({
    file: file.path,
    address: jsonString(root, ['address']),
    dnsNames,
    roots,
    crt: jsonString(root, ['crt']),
    kty: jsonString(root, ['kty']),
    crv: jsonString(root, ['crv']),
    provisioners,
  });
}
