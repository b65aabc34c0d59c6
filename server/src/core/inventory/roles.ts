// Which row of the guide's landscape table an asset belongs to. Roles are inferred from names and
// context, never declared, so every guess carries the reason a person can check:
//   - kubeadm's pki/ layout (ca.crt, apiserver-etcd-client.crt, etcd/peer.crt, sa.pub, ...) and the
//     kubelet's pki/ folder;
//   - the resource around an inline certificate (istio-system/cacerts, a webhook caBundle, a Secret
//     that a CA issuer, an Ingress or a cert-manager Certificate names);
//   - references from other files (SPIRE's UpstreamAuthority cert_file_path, step-ca's root/crt);
//   - the certificate itself (SPIFFE IDs and trust domains, kubeadm's default common names).
import type { Knowledge, RoleEntry, RoleId } from '../knowledge.js';
import type { ParsedFile } from '../parse.js';
import { checkableDocuments, isSeq, nodeAt, stringAt, type YamlDocument } from '../formats/yaml.js';
import type { WorkspaceIndex } from '../workspace/index.js';
import type { DecodedCertificate } from '../x509/model.js';

export interface RoleGuess { role: RoleId; reason: string }

/** A cert-manager Certificate resource, as far as roles and classes need it. */
export interface CertificateRequestInfo {
  file: string;
  document: YamlDocument;
  name: string;
  namespace?: string;
  secretName?: string;
  isCA: boolean;
  dnsNames: string[];
  uris: string[];
  issuerRef: { name: string; kind: string; group: string };
  privateKeyAlgorithm?: string;
  privateKeySize?: number;
}

interface IssuerRef { kind: string; name: string; namespace?: string; file: string }

/** What role inference needs to know about the whole workspace (built once per inventory). */
export interface RoleContext {
  knowledge: Knowledge;
  index: WorkspaceIndex;
  file(path: string): ParsedFile | undefined;
  /** Secrets named by `spec.ca.secretName` of CA issuers: secret name -> issuers. */
  caIssuerSecrets: Map<string, IssuerRef[]>;
  /** ACME issuers: "Kind/namespace/name" (namespace empty for ClusterIssuer). */
  acmeIssuers: Set<string>;
  /** Ingress spec.tls secrets: "namespace/secretName" -> "Ingress namespace/name". */
  ingressSecrets: Map<string, string>;
  requests: CertificateRequestInfo[];
  /** cert-manager.io/inject-ca-from on webhook configurations: "namespace/certificate" -> "Kind name". */
  injectCaFrom: Map<string, string>;
  spireTrustDomains: Set<string>;
  /** Files that SPIRE UpstreamAuthority "disk" plugins read: file -> reason. */
  spireCaFiles: Map<string, string>;
  /** Files that step-ca's ca.json names as root or intermediate: file -> reason. */
  stepCaFiles: Map<string, string>;
  /** A StepIssuer / StepClusterIssuer exists, so step-ca serves cert-manager. */
  stepServesCertManager: boolean;
  /** Folders recognised as a kubeadm pki/ folder. */
  kubeadmDirs: Set<string>;
}

// ---------------------------------------------------------------------------------------------
// Knowledge

const FALLBACK_OTHER: RoleEntry = {
  id: 'other', certificate: 'not in the guide\'s table', hndlRisk: 'medium', phase: 4,
  source: 'PQC Lens default (no roles table entry for "other")', status: 'proposed',
};

/** The knowledge table's row for a role ("other" when a user's table lacks the row). */
export function roleEntry(knowledge: Knowledge, role: RoleId): RoleEntry {
  const roles = knowledge.roles ?? [];
  return roles.find((r) => r.id === role) ?? roles.find((r) => r.id === 'other') ?? FALLBACK_OTHER;
}

// ---------------------------------------------------------------------------------------------
// Context

const KUBEADM_NAMES = new Set(['ca.crt', 'apiserver.crt', 'apiserver-kubelet-client.crt', 'apiserver-etcd-client.crt', 'front-proxy-ca.crt', 'front-proxy-client.crt', 'sa.pub', 'sa.key', 'ca.key']);

export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i >= 0 ? path.slice(0, i) : '';
}

export function baseOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function buildRoleContext(knowledge: Knowledge, index: WorkspaceIndex, paths: readonly string[], file: (path: string) => ParsedFile | undefined): RoleContext {
  const ctx: RoleContext = {
    knowledge, index, file,
    caIssuerSecrets: new Map(), acmeIssuers: new Set(), ingressSecrets: new Map(), requests: [], injectCaFrom: new Map(),
    spireTrustDomains: new Set(), spireCaFiles: new Map(), stepCaFiles: new Map(), stepServesCertManager: false, kubeadmDirs: new Set(),
  };

  // kubeadm pki folders: named pki, or holding at least two of kubeadm's file names.
  const namesByDir = new Map<string, number>();
  for (const path of paths) if (KUBEADM_NAMES.has(baseOf(path))) namesByDir.set(dirOf(path), (namesByDir.get(dirOf(path)) ?? 0) + 1);
  for (const path of paths) {
    const dir = dirOf(path);
    if (baseOf(dir) === 'pki' || (namesByDir.get(dir) ?? 0) >= 2) ctx.kubeadmDirs.add(dir);
  }

  for (const issuer of index.all('issuers')) {
    if (issuer.issuerType === 'step') ctx.stepServesCertManager = true;
    if (issuer.issuerType === 'acme') ctx.acmeIssuers.add(`${issuer.kind}/${issuer.kind === 'ClusterIssuer' ? '' : issuer.namespace ?? 'default'}/${issuer.name}`);
    if (issuer.issuerType !== 'ca') continue;
    const document = documentAt(file(issuer.file), issuer.span.start);
    const secretName = document ? stringAt(document.doc.contents, ['spec', 'ca', 'secretName']) : undefined;
    if (!secretName) continue;
    const refs = ctx.caIssuerSecrets.get(secretName) ?? [];
    refs.push({ kind: issuer.kind, name: issuer.name, namespace: issuer.kind === 'ClusterIssuer' ? undefined : issuer.namespace ?? 'default', file: issuer.file });
    ctx.caIssuerSecrets.set(secretName, refs);
  }

  for (const fact of index.all('tls')) {
    if (fact.type === 'ingress-tls') ctx.ingressSecrets.set(`${fact.namespace ?? 'default'}/${fact.secretName}`, `Ingress ${fact.namespace ?? 'default'}/${fact.ingress}`);
  }

  for (const fact of index.all('spire')) {
    if (fact.role === 'server' && fact.trustDomain) ctx.spireTrustDomains.add(fact.trustDomain);
    for (const upstream of fact.upstreamAuthorities) {
      for (const setting of [upstream.certFilePath, upstream.bundleFilePath]) {
        if (typeof setting?.value !== 'string') continue;
        const target = index.resolvePath(setting.value, fact.file);
        if (target) ctx.spireCaFiles.set(target, `SPIRE UpstreamAuthority "${upstream.plugin}" CA of ${fact.file} (${setting.value})`);
      }
    }
  }

  for (const fact of index.all('stepCa')) {
    const refs: Array<[string, string]> = [...fact.roots.map((r): [string, string] => [r, 'root']), ...(fact.crt ? [[fact.crt, 'crt'] as [string, string]] : [])];
    for (const [ref, key] of refs) {
      const target = index.resolvePath(ref, fact.file);
      if (target) ctx.stepCaFiles.set(target, `step-ca ${key === 'root' ? 'root' : 'intermediate'} certificate named by ${fact.file} ("${key}": ${ref})`);
    }
  }

  for (const path of paths) {
    const parsed = file(path);
    if (parsed?.kind !== 'kubernetes-yaml') continue;
    for (const document of checkableDocuments(parsed.yaml)) {
      const root = document.doc.contents;
      if (document.kind === 'Certificate' && document.apiVersion?.startsWith('cert-manager.io/') && document.name) {
        ctx.requests.push(requestInfo(path, document));
      }
      if ((document.kind === 'ValidatingWebhookConfiguration' || document.kind === 'MutatingWebhookConfiguration') && document.name) {
        const inject = stringAt(root, ['metadata', 'annotations', 'cert-manager.io/inject-ca-from']);
        if (inject) ctx.injectCaFrom.set(inject, `${document.kind} ${document.name}`);
      }
    }
  }
  return ctx;
}

function requestInfo(path: string, document: YamlDocument): CertificateRequestInfo {
  const root = document.doc.contents;
  const strings = (key: string): string[] => {
    const node = nodeAt(root, ['spec', key]);
    return isSeq(node) ? node.items.flatMap((item) => (item && typeof (item as { value?: unknown }).value === 'string' ? [String((item as { value: string }).value)] : [])) : [];
  };
  const size = nodeAt(root, ['spec', 'privateKey', 'size']);
  const sizeValue = size && typeof (size as { value?: unknown }).value === 'number' ? Number((size as { value: number }).value) : undefined;
  const isCA = nodeAt(root, ['spec', 'isCA']);
  return {
    file: path,
    document,
    name: document.name!,
    namespace: document.namespace,
    secretName: stringAt(root, ['spec', 'secretName']),
    isCA: isCA !== undefined && (isCA as { value?: unknown }).value === true,
    dnsNames: strings('dnsNames'),
    uris: strings('uris'),
    issuerRef: {
      name: stringAt(root, ['spec', 'issuerRef', 'name']) ?? '',
      kind: stringAt(root, ['spec', 'issuerRef', 'kind']) ?? 'Issuer',
      group: stringAt(root, ['spec', 'issuerRef', 'group']) || 'cert-manager.io',
    },
    privateKeyAlgorithm: stringAt(root, ['spec', 'privateKey', 'algorithm']),
    privateKeySize: sizeValue,
  };
}

/** The parsed YAML document that holds `offset`. */
export function documentAt(file: ParsedFile | undefined, offset: number): YamlDocument | undefined {
  if (file?.kind !== 'kubernetes-yaml') return undefined;
  const documents = file.yaml.documents.filter((d) => d.parsed);
  return documents.find((d) => d.span.start <= offset && offset < d.span.end) ?? documents.find((d) => d.span.start <= offset && offset <= d.span.end);
}

// ---------------------------------------------------------------------------------------------
// Certificates

export interface CertificateSite {
  file: string;
  /** YAML key path of an inline certificate. */
  path?: string;
  document?: YamlDocument;
  cert?: DecodedCertificate;
}

/** CN of an RFC 4514 subject string. */
export function commonName(subject: string): string | undefined {
  return /(?:^|,)CN=((?:\\.|[^,+])*)/.exec(subject)?.[1];
}

function attr(subject: string, name: string): string | undefined {
  return new RegExp(`(?:^|,)${name}=((?:\\\\.|[^,+])*)`).exec(subject)?.[1];
}

export function certificateRole(ctx: RoleContext, site: CertificateSite): RoleGuess {
  return byPath(ctx, site.file, 'certificate')
    ?? byDocument(ctx, site)
    ?? byReference(ctx, site.file)
    ?? (site.cert ? byContent(ctx, site.cert) : undefined)
    ?? { role: 'other', reason: 'no file name, resource or certificate field matches a row of the guide\'s table' };
}

export function publicKeyRole(ctx: RoleContext, file: string): RoleGuess {
  return byPath(ctx, file, 'public-key')
    ?? (/(^|[/._-])sa\.pub$|service-?account.*\.pub$/i.test(file)
      ? { role: 'service-account-key', reason: `${baseOf(file)}: the service-account token signing key's name` }
      : { role: 'other', reason: 'a public key outside kubeadm\'s pki folder' });
}

function byPath(ctx: RoleContext, file: string, kind: 'certificate' | 'public-key'): RoleGuess | undefined {
  const dir = dirOf(file);
  const base = baseOf(file);
  if (ctx.kubeadmDirs.has(dir)) {
    const where = `kubeadm pki folder ${dir || '.'}`;
    if (kind === 'public-key') return base === 'sa.pub' ? { role: 'service-account-key', reason: `sa.pub in the ${where}: the service-account token signing key` } : undefined;
    switch (base) {
      case 'ca.crt': return { role: 'cluster-ca', reason: `ca.crt in the ${where}: the cluster CA` };
      case 'hybrid-ca.crt': return { role: 'cluster-ca', reason: `hybrid-ca.crt in the ${where}: the guide's replacement cluster CA (Phase 5 copies it over ca.crt)` };
      case 'apiserver.crt': return { role: 'apiserver-serving', reason: `apiserver.crt in the ${where}: the API server's serving certificate` };
      case 'apiserver-kubelet-client.crt': return { role: 'apiserver-kubelet-client', reason: `apiserver-kubelet-client.crt in the ${where}` };
      case 'apiserver-etcd-client.crt': return { role: 'etcd-client', reason: `apiserver-etcd-client.crt in the ${where}: the API server's etcd client certificate` };
      case 'front-proxy-ca.crt': return { role: 'front-proxy-ca', reason: `front-proxy-ca.crt in the ${where}` };
      case 'front-proxy-client.crt': return { role: 'front-proxy-ca', reason: `front-proxy-client.crt in the ${where}: signed by the front proxy CA (the table lists the CA)` };
      default: break;
    }
  }
  if (baseOf(dir) === 'etcd' && ctx.kubeadmDirs.has(dirOf(dir)) && kind === 'certificate') {
    const where = `kubeadm pki folder ${dir}`;
    switch (base) {
      case 'ca.crt': return { role: 'etcd-ca', reason: `ca.crt in the ${where}: the etcd CA` };
      case 'peer.crt': return { role: 'etcd-peer', reason: `peer.crt in the ${where}: etcd peer replication` };
      case 'server.crt': return { role: 'etcd-peer', reason: `server.crt in the ${where}: etcd's serving certificate (grouped with the peer row: same etcd traffic)` };
      case 'healthcheck-client.crt': return { role: 'etcd-client', reason: `healthcheck-client.crt in the ${where}: an etcd client certificate` };
      default: break;
    }
  }
  if (kind === 'certificate' && /(^|\/)kubelet\/pki\/(kubelet\.crt|kubelet-server-[^/]*\.pem)$/.test(file)) {
    return { role: 'kubelet-server', reason: `${base} in the kubelet's pki folder: the kubelet serving certificate` };
  }
  return undefined;
}

function byDocument(ctx: RoleContext, site: CertificateSite): RoleGuess | undefined {
  const document = site.document;
  if (!document) return undefined;
  const kind = document.kind ?? '';
  const name = document.name ?? '';
  const ns = document.namespace ?? 'default';
  const path = site.path ?? '';
  const root = document.doc.contents;
  const resource = `${kind} ${document.namespace ? `${document.namespace}/` : ''}${name}`;
  if (path.endsWith('caBundle')) {
    if (kind === 'ValidatingWebhookConfiguration' || kind === 'MutatingWebhookConfiguration') return { role: 'webhook-tls', reason: `caBundle of ${resource} (${path}): the admission webhook's TLS trust` };
    if (kind === 'CustomResourceDefinition') return { role: 'webhook-tls', reason: `caBundle of the conversion webhook of ${resource}` };
    if (kind === 'StepIssuer' || kind === 'StepClusterIssuer') return { role: 'cert-manager-ca-issuer', reason: `caBundle of ${resource}: the step-ca root behind a cert-manager issuer` };
    if (kind === 'APIService') return { role: 'other', reason: `caBundle of ${resource}: an aggregated API server (not in the guide's table)` };
  }
  if (ns === 'istio-system' && ((kind === 'Secret' && (name === 'cacerts' || name === 'istio-ca-secret')) || (kind === 'ConfigMap' && name === 'istio-ca-root-cert'))) {
    return { role: 'istio-root-ca', reason: `${path || 'certificate'} in ${resource}: Istio's CA` };
  }
  if (kind === 'ConfigMap' && name === 'istio-ca-root-cert') return { role: 'istio-root-ca', reason: `${resource}: the Istio root certificate distributed to namespaces` };
  if (/identityTrustAnchorsPEM$/.test(path) || (kind === 'ConfigMap' && name === 'linkerd-identity-trust-roots')) {
    return { role: 'istio-root-ca', reason: `Linkerd trust anchor (${resource}${path ? ` ${path}` : ''}): the service-mesh root CA, the table's "Istio Root CA" row` };
  }
  if ((kind === 'Secret' && name === 'linkerd-identity-issuer') || /identity\.issuer\.tls\.crtPEM$|issuer\.crtPEM$/.test(path)) {
    return { role: 'istio-root-ca', reason: `Linkerd identity issuer (${resource}): the service-mesh CA, the table's "Istio Root CA" row` };
  }
  if (kind !== 'Secret') return undefined;
  if (stringAt(root, ['type']) === 'istio.io/key-and-cert') return { role: 'istio-workload', reason: `${resource} has type istio.io/key-and-cert: an Istio workload certificate` };
  for (const ref of ctx.caIssuerSecrets.get(name) ?? []) {
    if (ref.kind === 'ClusterIssuer' || ref.namespace === ns) {
      return { role: 'cert-manager-ca-issuer', reason: `${resource} is the CA key pair of ${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name} (spec.ca.secretName)` };
    }
  }
  const ingress = ctx.ingressSecrets.get(`${ns}/${name}`);
  if (ingress) return { role: 'ingress-tls', reason: `${resource} is the TLS secret of ${ingress} (spec.tls[].secretName)` };
  const issuerName = stringAt(root, ['metadata', 'annotations', 'cert-manager.io/issuer-name']);
  const issuerKind = stringAt(root, ['metadata', 'annotations', 'cert-manager.io/issuer-kind']) ?? 'Issuer';
  if (issuerName && ctx.acmeIssuers.has(`${issuerKind}/${issuerKind === 'ClusterIssuer' ? '' : ns}/${issuerName}`)) {
    return { role: 'ingress-tls', reason: `${resource} was issued by the ACME ${issuerKind} ${issuerName} (cert-manager.io/issuer-name)` };
  }
  const request = ctx.requests.find((r) => r.secretName === name && (r.namespace ?? 'default') === ns);
  if (request) {
    const guess = requestRole(ctx, request);
    if (guess.role !== 'other') return { role: guess.role, reason: `${resource} is written by cert-manager Certificate ${request.namespace ?? 'default'}/${request.name}: ${guess.reason}` };
  }
  if (/webhook/i.test(name)) return { role: 'webhook-tls', reason: `${resource}: its name says it holds a webhook's TLS certificate` };
  return undefined;
}

function byReference(ctx: RoleContext, file: string): RoleGuess | undefined {
  const spire = ctx.spireCaFiles.get(file);
  if (spire) return { role: 'spire-svid', reason: `${spire}: SPIRE's CA, the table's SPIRE row` };
  const step = ctx.stepCaFiles.get(file);
  if (step) {
    return ctx.stepServesCertManager
      ? { role: 'cert-manager-ca-issuer', reason: `${step}; a StepIssuer/StepClusterIssuer makes it a cert-manager CA (the guide's Phase 3)` }
      : { role: 'other', reason: `${step}; no StepIssuer/StepClusterIssuer uses it` };
  }
  return undefined;
}

function byContent(ctx: RoleContext, cert: DecodedCertificate): RoleGuess | undefined {
  const spiffe = cert.sans.find((s) => s.type === 'uri' && s.value.startsWith('spiffe://'))?.value;
  if (spiffe) {
    const trustDomain = /^spiffe:\/\/([^/]+)/.exec(spiffe)?.[1] ?? '';
    if (ctx.spireTrustDomains.has(trustDomain)) return { role: 'spire-svid', reason: `SPIFFE ID ${spiffe} in trust domain ${trustDomain}, served by the SPIRE server of this workspace` };
    if (/(?:^|,)O=(SPIFFE|SPIRE)(?:,|$)/.test(cert.issuer) || /(?:^|,)O=SPIRE(?:,|$)/.test(cert.subject)) {
      return { role: 'spire-svid', reason: `SPIFFE ID ${spiffe} issued by a SPIRE CA (${cert.issuer})` };
    }
    const istioCa = /(?:^|,)O=Istio(?:,|$)/.test(cert.issuer) || /(?:^|,)O=cluster\.local(?:,|$)/.test(cert.issuer) || trustDomain === 'cluster.local';
    if (istioCa || /^spiffe:\/\/[^/]+\/ns\/[^/]+\/sa\/[^/]+$/.test(spiffe)) {
      return { role: 'istio-workload', reason: `SPIFFE ID ${spiffe}${istioCa ? ` issued by the Istio CA (${cert.issuer})` : ' in Istio\'s ns/…/sa/… form'}` };
    }
    return { role: 'spire-svid', reason: `SPIFFE ID ${spiffe}: an SVID` };
  }
  const cn = commonName(cert.subject) ?? '';
  const org = attr(cert.subject, 'O');
  if (cert.isCa && cert.selfIssued) {
    if (cn === 'kubernetes') return { role: 'cluster-ca', reason: 'self-signed CA named "kubernetes", kubeadm\'s cluster CA' };
    if (cn === 'etcd-ca') return { role: 'etcd-ca', reason: 'self-signed CA named "etcd-ca", kubeadm\'s etcd CA' };
    if (cn === 'front-proxy-ca') return { role: 'front-proxy-ca', reason: 'self-signed CA named "front-proxy-ca", kubeadm\'s front proxy CA' };
  }
  if (cn === 'kube-apiserver' && cert.extKeyUsage?.includes('serverAuth')) return { role: 'apiserver-serving', reason: 'CN kube-apiserver with serverAuth: the API server\'s serving certificate' };
  if (cn === 'kube-apiserver-kubelet-client') return { role: 'apiserver-kubelet-client', reason: 'CN kube-apiserver-kubelet-client (kubeadm)' };
  if (cn === 'kube-apiserver-etcd-client') return { role: 'etcd-client', reason: 'CN kube-apiserver-etcd-client (kubeadm)' };
  if (cn.startsWith('system:node:') && cert.extKeyUsage?.includes('serverAuth')) return { role: 'kubelet-server', reason: `${cn} with serverAuth: a kubelet serving certificate` };
  if (cert.isCa && org === 'Istio') return { role: 'istio-root-ca', reason: `CA with O=Istio (${cert.subject})` };
  if (cert.isCa && org === 'SPIFFE') return { role: 'spire-svid', reason: `CA with O=SPIFFE (${cert.subject}): a SPIRE CA` };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// cert-manager resources

export function issuerRole(issuer: { kind: string; name: string; issuerType?: string }): RoleGuess {
  const what = `${issuer.kind} ${issuer.name}`;
  switch (issuer.issuerType) {
    case 'ca': return { role: 'cert-manager-ca-issuer', reason: `${what} is a cert-manager CA issuer` };
    case 'step': return { role: 'cert-manager-ca-issuer', reason: `${what} issues from step-ca (the guide's Phase 3 hybrid CA)` };
    case 'acme': return { role: 'ingress-tls', reason: `${what} is an ACME issuer, the table's Ingress TLS signer` };
    default: return { role: 'other', reason: `${what} (${issuer.issuerType ?? 'unknown type'}) is not a row of the guide's table` };
  }
}

export function requestRole(ctx: RoleContext, request: CertificateRequestInfo): RoleGuess {
  const ns = request.namespace ?? 'default';
  const key = `${ns}/${request.name}`;
  if (request.secretName) {
    for (const ref of ctx.caIssuerSecrets.get(request.secretName) ?? []) {
      if (ref.kind === 'ClusterIssuer' || ref.namespace === ns) return { role: 'cert-manager-ca-issuer', reason: `its Secret ${request.secretName} is the CA of ${ref.kind} ${ref.name}` };
    }
  }
  const webhook = ctx.injectCaFrom.get(key);
  if (webhook) return { role: 'webhook-tls', reason: `${webhook} injects its CA (cert-manager.io/inject-ca-from)` };
  if (request.secretName) {
    const ingress = ctx.ingressSecrets.get(`${ns}/${request.secretName}`);
    if (ingress) return { role: 'ingress-tls', reason: `its Secret ${request.secretName} is the TLS secret of ${ingress}` };
  }
  const issuerKey = `${request.issuerRef.kind}/${request.issuerRef.kind === 'ClusterIssuer' ? '' : ns}/${request.issuerRef.name}`;
  if (request.issuerRef.group === 'cert-manager.io' && ctx.acmeIssuers.has(issuerKey)) return { role: 'ingress-tls', reason: `issued by the ACME ${request.issuerRef.kind} ${request.issuerRef.name}` };
  if ([request.name, request.secretName ?? '', ...request.dnsNames].some((n) => /webhook/i.test(n))) return { role: 'webhook-tls', reason: `its name or DNS names say webhook (${request.name})` };
  const spiffe = request.uris.find((u) => u.startsWith('spiffe://'));
  if (spiffe) return { role: 'istio-workload', reason: `SPIFFE URI ${spiffe} (istio-csr / workload certificate)` };
  if (request.isCA) return { role: 'other', reason: 'a CA certificate that no CA issuer in the workspace uses' };
  return { role: 'other', reason: 'no issuer, Ingress or webhook reference ties it to a row of the guide\'s table' };
}
