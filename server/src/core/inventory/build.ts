// Builds the inventory from an analysed workspace: the engine's index (certificates, issuers,
// step-ca, SPIRE, TLS and OpenSSL facts, versions), the parsed files (bare public keys, cert-manager
// Certificates) and the findings of each file. No I/O; never throws (a file that fails is skipped).
import { keyTypes, tlsGroup, type Knowledge, type PqcClass } from '../knowledge.js';
import type { ParsedFile } from '../parse.js';
import type { Finding, Span } from '../types.js';
import { jsonValueSpan } from '../formats/json.js';
import { nodeAt, nodeSpan, stringAt } from '../formats/yaml.js';
import type { IssuerFact, StepCaFact, VersionFact } from '../workspace/facts.js';
import type { WorkspaceIndex } from '../workspace/index.js';
import { analyseCnf, cnfViews } from '../workspace/openssl-facts.js';
import type { SpireFact, SpireSetting } from '../workspace/spire-facts.js';
import type { TlsFact, TlsGroupItem } from '../workspace/tls-facts.js';
import { lookupAlgorithm } from '../x509/algorithms.js';
import type { CertificateOccurrence, DecodedCertificate } from '../x509/model.js';
import { findIssuers } from '../x509/verify.js';
import { compareVersions, parseVersion, type Version } from '../versions.js';
import { type Inventory, type InventoryAlgorithm, type InventoryAsset, type InventoryClass, type InventoryKind, type InventoryLocation } from './model.js';
import { locatePublicKeys, type PublicKeyDescription } from './public-keys.js';
import {
  buildRoleContext, certificateRole, commonName, documentAt, issuerRole, publicKeyRole, requestRole, roleEntry,
  type CertificateRequestInfo, type RoleContext, type RoleGuess,
} from './roles.js';
import { summarize } from './summary.js';

/** What the inventory reads; the Engine has exactly this shape. */
export interface InventorySource {
  readonly index: WorkspaceIndex;
  paths(): string[];
  file(path: string): ParsedFile | undefined;
  analyze(path: string): Finding[];
}

export interface InventoryOptions {
  /** Clock for the expired/expiring counts (default: now). */
  now?: Date;
  /** Days before notAfter a certificate counts as expiring (default 30). */
  expiringDays?: number;
}

/** The guide's Phase 2: "Enable PQC key exchange" (upgrade Kubernetes, hybrid TLS groups). */
export const KEY_EXCHANGE_PHASE = 2;

export function buildInventory(source: InventorySource, knowledge: Knowledge, options: InventoryOptions = {}): Inventory {
  const now = options.now ?? new Date();
  const assets: InventoryAsset[] = [];
  let ctx: RoleContext | undefined;
  const paths = [...source.paths()].sort();
  try {
    ctx = buildRoleContext(knowledge, source.index, paths, (p) => source.file(p));
  } catch {
    ctx = undefined;
  }
  if (ctx) {
    const builder = new Builder(source, knowledge, ctx);
    for (const path of paths) {
      try {
        builder.addFile(path);
      } catch {
        // One broken file must not cost the inventory of the others.
      }
    }
    builder.link();
    assets.push(...builder.assets);
  }
  return {
    assets,
    summary: summarize(assets, { now, expiringDays: options.expiringDays ?? 30 }),
    generatedAt: now.toISOString(),
    knowledgeVersion: knowledge.version,
  };
}

// ---------------------------------------------------------------------------------------------

export function classOf(pqcClass: PqcClass | undefined): InventoryClass {
  switch (pqcClass) {
    case 'classical': return 'classical';
    case 'pq': return 'pq';
    case 'composite': return 'hybrid';
    case 'legacy-pq': return 'legacy-pq';
    default: return 'unknown';
  }
}

const PARAMETER_SET = /(\d+)(?!.*\d)/;

class Builder {
  readonly assets: InventoryAsset[] = [];
  private readonly ids = new Set<string>();
  private readonly certAssets: { asset: InventoryAsset; cert: DecodedCertificate }[] = [];

  constructor(private readonly source: InventorySource, private readonly knowledge: Knowledge, private readonly ctx: RoleContext) {}

  addFile(path: string): void {
    const file = this.source.file(path);
    if (!file) return;
    const facts = this.source.index.factsOf(path);
    const before = this.assets.length;
    if (facts) {
      this.certificates(file, facts.certificates.map((c) => c.occurrence));
      for (const issuer of facts.issuers) this.issuer(file, issuer);
      for (const step of facts.stepCa) this.stepCa(file, step);
      for (const spire of facts.spire) this.spire(file, spire);
      for (const version of facts.versions) if (version.component === 'kubernetes') this.kubernetes(file, version);
      for (const tls of facts.tls) this.tls(file, tls);
    }
    this.publicKeys(file);
    this.openssl(file);
    for (const request of this.ctx.requests) if (request.file === path) this.request(file, request);
    const added = this.assets.slice(before);
    if (added.length > 0) this.attachFindings(path, added);
  }

  // --- assets --------------------------------------------------------------------------------

  private push(file: ParsedFile, kind: InventoryKind, span: Span, guess: RoleGuess, rest: Omit<InventoryAsset, 'id' | 'file' | 'span' | 'range' | 'kind' | 'role' | 'roleReason' | 'hndlRisk' | 'phase' | 'phaseReason' | 'roleSource' | 'alsoAt' | 'findings'> & { phaseOverride?: { phase: number; reason: string }; alsoAt?: InventoryLocation[] }): InventoryAsset {
    const entry = roleEntry(this.knowledge, guess.role);
    const { phaseOverride, alsoAt, ...fields } = rest;
    let id = `${kind}:${file.path}#${span.start}`;
    for (let n = 2; this.ids.has(id); n++) id = `${kind}:${file.path}#${span.start}.${n}`;
    this.ids.add(id);
    const asset: InventoryAsset = {
      id,
      file: file.path,
      span,
      range: file.lines.range(span),
      kind,
      role: guess.role,
      roleReason: guess.reason,
      hndlRisk: entry.hndlRisk,
      phase: phaseOverride?.phase ?? entry.phase,
      phaseReason: phaseOverride?.reason ?? (entry.status === 'guide'
        ? `the guide's landscape table: "${entry.certificate}" has Migration Priority Phase ${entry.phase}, HNDL risk ${cap(entry.hndlRisk)}`
        : `${entry.source}: ${entry.note ?? `Phase ${entry.phase}, HNDL risk ${cap(entry.hndlRisk)}`}`),
      roleSource: { source: entry.source, status: entry.status },
      alsoAt: alsoAt ?? [],
      findings: [],
      ...fields,
    };
    this.assets.push(asset);
    return asset;
  }

  private certificates(file: ParsedFile, occurrences: readonly CertificateOccurrence[]): void {
    // The same certificate twice in one resource (Istio cacerts: ca-cert.pem, root-cert.pem,
    // cert-chain.pem) is one asset with further locations.
    const byKey = new Map<string, InventoryAsset>();
    for (const occurrence of occurrences) {
      const document = documentAt(file, occurrence.span.start);
      const cert = occurrence.cert;
      const key = cert ? `${document?.span.start ?? -1}:${cert.fingerprintSha256}` : undefined;
      const seen = key ? byKey.get(key) : undefined;
      if (seen) {
        seen.alsoAt.push({ file: file.path, span: occurrence.span, range: file.lines.range(occurrence.span), ...(occurrence.path ? { path: occurrence.path } : {}) });
        continue;
      }
      const guess = certificateRole(this.ctx, { file: file.path, path: occurrence.path, document, cert });
      const where = occurrence.path ? { path: occurrence.path } : {};
      if (!cert) {
        this.push(file, 'certificate', occurrence.span, guess, {
          ...where, name: 'unreadable certificate', algorithm: 'unknown', algorithms: [], pqcClass: 'unknown',
          classReason: occurrence.error ?? 'the certificate could not be decoded',
        });
        continue;
      }
      const asset = this.push(file, 'certificate', occurrence.span, guess, {
        ...where,
        name: commonName(cert.subject) ?? (cert.subject || '(empty subject)'),
        algorithm: cert.publicKey.algorithm === cert.signature.algorithm ? cert.publicKey.algorithm : `${cert.publicKey.algorithm} / ${cert.signature.algorithm}`,
        algorithms: [this.keyAlgorithm(cert.publicKey), this.signatureAlgorithm(cert)],
        pqcClass: classOf(cert.pqcClass),
        notBefore: cert.notBefore,
        notAfter: cert.notAfter,
        subject: cert.subject,
        issuer: cert.issuer,
        selfSigned: cert.selfSigned,
        fingerprintSha256: cert.fingerprintSha256,
      });
      if (key) byKey.set(key, asset);
      this.certAssets.push({ asset, cert });
    }
  }

  private publicKeys(file: ParsedFile): void {
    for (const occurrence of locatePublicKeys(file, this.knowledge)) {
      const guess = publicKeyRole(this.ctx, file.path);
      const key = occurrence.key;
      this.push(file, 'public-key', occurrence.span, guess, {
        ...(occurrence.path ? { path: occurrence.path } : {}),
        name: guess.role === 'service-account-key' ? 'service-account signing key' : 'public key',
        algorithm: key?.algorithm ?? 'unknown',
        algorithms: key ? [this.describedKey(key)] : [],
        pqcClass: key ? classOf(key.pqcClass) : 'unknown',
        ...(occurrence.error ? { classReason: occurrence.error } : {}),
      });
    }
  }

  private issuer(file: ParsedFile, issuer: IssuerFact): void {
    const guess = issuerRole(issuer);
    const span = issuerSpan(file, issuer);
    const what = `${issuer.kind} ${issuer.namespace && !issuer.kind.startsWith('Cluster') && issuer.kind !== 'StepClusterIssuer' ? `${issuer.namespace}/` : ''}${issuer.name}`;
    if (issuer.issuerType === 'step') {
      const ca = this.stepCaCertificate(file, issuer);
      this.push(file, 'issuer', span, guess, {
        name: what,
        algorithm: ca ? `step-ca, CA key ${ca.cert.publicKey.algorithm}` : 'step-ca (CA certificate not in the workspace)',
        algorithms: ca ? [{ ...this.keyAlgorithm(ca.cert.publicKey), usage: 'issuing-key' }] : [],
        pqcClass: ca ? classOf(ca.cert.pqcClass) : 'unknown',
        classReason: ca ? `the class of its CA certificate (${ca.where})${this.stepCrvNote()}` : 'its CA certificate is not in the workspace',
        issuer: ca?.cert.subject,
      });
      return;
    }
    // cert-manager's own issuers sign with keys cert-manager generated or was given.
    const released = keyTypes(this.knowledge, 'cert-manager.privateKey.algorithm').filter((k) => k.status === 'released');
    const pqReleased = released.some((k) => k.pqcClass !== 'classical');
    const caCert = issuer.issuerType === 'ca' ? this.caIssuerCertificate(file, issuer) : undefined;
    const algorithm = caCert
      ? `CA key ${caCert.publicKey.algorithm}`
      : issuer.issuerType === 'acme' ? 'ACME (certificate keys per Certificate: RSA, ECDSA or Ed25519)'
        : issuer.issuerType === 'ca' ? 'CA key pair (its Secret is not in the workspace)' : `${issuer.issuerType ?? 'unknown'} (RSA, ECDSA or Ed25519 keys)`;
    this.push(file, 'issuer', span, guess, {
      name: what,
      algorithm,
      algorithms: caCert ? [{ ...this.keyAlgorithm(caCert.publicKey), usage: 'issuing-key' }] : [],
      pqcClass: pqReleased ? (caCert ? classOf(caCert.pqcClass) : 'unknown') : 'classical',
      classReason: pqReleased ? 'the class of its CA certificate' : `cert-manager generates and signs with ${released.map((k) => k.value).join(', ')} keys only (released upstream: ${released[0]?.source ?? 'knowledge table'})`,
      issuer: caCert?.subject,
    });
  }

  private stepCa(file: ParsedFile, fact: StepCaFact): void {
    const root = file.kind === 'step-ca-json' ? file.json.root : undefined;
    const span = jsonValueSpan(root, ['crv']) ?? jsonValueSpan(root, ['kty']) ?? jsonValueSpan(root, ['crt']) ?? { start: 0, end: 0 };
    const guess: RoleGuess = this.ctx.stepServesCertManager
      ? { role: 'cert-manager-ca-issuer', reason: `step-ca configuration; a StepIssuer/StepClusterIssuer serves its certificates to cert-manager (the guide's Phase 3)` }
      : { role: 'other', reason: 'step-ca configuration; no StepIssuer/StepClusterIssuer in the workspace uses it' };
    const crt = fact.crt ? this.certificateInFile(this.source.index.resolvePath(fact.crt, file.path)) : undefined;
    const configured = fact.crv ?? fact.kty;
    const entry = fact.crv ? keyTypes(this.knowledge, 'step-ca.crv').find((k) => k.value.toLowerCase() === fact.crv!.toLowerCase()) : undefined;
    let pqcClass: InventoryClass;
    let classReason: string;
    if (crt) {
      pqcClass = classOf(crt.pqcClass);
      classReason = `the class of its intermediate certificate ${fact.crt}${entry && entry.status !== 'released' ? `; "crv": "${fact.crv}" is ${entry.status === 'guide' ? 'described in the migration guide only' : 'proposed'} (${entry.note ?? entry.source})` : ''}`;
    } else if (entry) {
      pqcClass = entry.status === 'released' ? classOf(entry.pqcClass) : 'classical';
      classReason = entry.status === 'released' ? `"crv": "${fact.crv}" (${entry.source})` : `"crv": "${fact.crv}" is ${entry.status === 'guide' ? 'described in the migration guide only' : 'proposed'}; released step-ca issues classical certificates (${entry.note ?? entry.source})`;
    } else {
      pqcClass = 'unknown';
      classReason = 'neither its intermediate certificate nor a known "crv" is in the workspace';
    }
    this.push(file, 'issuer', span, guess, {
      path: fact.crv ? 'crv' : fact.kty ? 'kty' : undefined,
      name: `step-ca ${fact.dnsNames[0] ?? file.path}`,
      algorithm: `${configured ? `configured ${fact.kty ? `${fact.kty}/` : ''}${fact.crv ?? ''}`.replace(/\/$/, '') : 'no kty/crv'}${crt ? `; intermediate ${crt.publicKey.algorithm}` : ''}`,
      algorithms: crt ? [{ ...this.keyAlgorithm(crt.publicKey), usage: 'issuing-key' }] : [],
      pqcClass,
      classReason,
      issuer: crt?.subject,
    });
  }

  private spire(file: ParsedFile, fact: SpireFact): void {
    if (fact.role === 'server') {
      const caKeyType = typeof fact.caKeyType?.value === 'string' ? fact.caKeyType.value : undefined;
      const entries = keyTypes(this.knowledge, 'spire.ca_key_type');
      const entry = caKeyType ? entries.find((k) => k.value === caKeyType) : entries.find((k) => k.default);
      const value = caKeyType ?? entry?.value ?? 'ec-p256';
      const pqc = typeof fact.pqcSvidKeyType?.value === 'string' ? fact.pqcSvidKeyType.value : undefined;
      const pqcEntry = pqc ? keyTypes(this.knowledge, 'spire.pqc_svid_key_type').find((k) => k.value === pqc) : undefined;
      const pqcCounts = pqcEntry?.status === 'released';
      this.push(file, 'issuer', fact.caKeyType?.span ?? fact.span, { role: 'spire-svid', reason: `SPIRE server${fact.trustDomain ? ` of trust domain ${fact.trustDomain}` : ''}: its CA signs the SVIDs` }, {
        path: fact.caKeyType ? 'server.ca_key_type' : 'server',
        name: `SPIRE server${fact.trustDomain ? ` ${fact.trustDomain}` : ''}`,
        algorithm: `ca_key_type ${value}${caKeyType ? '' : ' (default)'}${pqc ? `; pqc_svid_key_type ${pqc}` : ''}`,
        algorithms: [],
        pqcClass: pqcCounts ? classOf(pqcEntry!.pqcClass) : entry ? classOf(entry.pqcClass) : 'unknown',
        classReason: `ca_key_type ${value}${entry ? ` (${entry.source})` : ' is not in the knowledge table'}${pqc && !pqcCounts ? `; pqc_svid_key_type "${pqc}" is ${pqcEntry?.status === 'guide' ? 'described in the migration guide only' : 'not a released SPIRE setting'}${pqcEntry?.note ? ` (${pqcEntry.note})` : ''}` : ''}`,
      });
    }
    const where = `SPIRE ${fact.role}${fact.trustDomain ? ` ${fact.trustDomain}` : ''}`;
    if (fact.requirePqKem) this.requirePqKem(file, fact.requirePqKem, `${where} experimental.require_pq_kem`, `${fact.role}.experimental.require_pq_kem`);
    for (const upstream of fact.upstreamAuthorities) {
      if (upstream.requirePqKem) this.requirePqKem(file, upstream.requirePqKem, `${where} UpstreamAuthority "${upstream.plugin}" require_pq_kem`, 'UpstreamAuthority.plugin_data.experimental.require_pq_kem');
    }
  }

  private requirePqKem(file: ParsedFile, setting: SpireSetting, name: string, path: string): void {
    const on = setting.kind === 'bool' && setting.value === true;
    const group = this.group('X25519MLKEM768');
    this.keyExchange(file, setting.span, { role: 'spire-svid', reason: `${name}: the TLS key exchange of SPIRE's SVID and API traffic` }, {
      path,
      name,
      algorithm: on ? 'X25519MLKEM768 required (TLS 1.3)' : 'PQ key exchange not required (Go defaults; peers may fall back to classical)',
      algorithms: on ? [group] : [],
      pqcClass: on ? 'hybrid' : 'classical',
      classReason: on ? 'require_pq_kem = true restricts SPIRE\'s TLS to post-quantum hybrid groups (spiffe/spire pkg/common/tlspolicy)' : 'require_pq_kem is not true',
    });
  }

  private kubernetes(file: ParsedFile, version: VersionFact): void {
    const parsed = parseVersion(version.version);
    const entry = parsed ? kubernetesGoFor(this.knowledge, parsed) : undefined;
    const groups = (entry?.defaultPqGroups ?? []).map((g) => this.group(g));
    const listClass = groupListClass(groups);
    const source = version.origin === 'kubeadm' ? 'kubeadm kubernetesVersion' : version.origin === 'image' ? 'image tag' : 'chart';
    this.keyExchange(file, version.span, { role: 'apiserver-serving', reason: `Kubernetes ${version.version} (${source}): the control plane's TLS key exchange comes from the Go release it is built with` }, {
      path: version.origin === 'kubeadm' ? 'kubernetesVersion' : undefined,
      name: `Kubernetes ${version.version}`,
      algorithm: entry ? `Go ${entry.go} default groups: ${entry.defaultPqGroups.length > 0 ? `${entry.defaultPqGroups.join(', ')}, X25519, P-256` : 'X25519, P-256 (no PQ group)'}` : 'Go version unknown',
      algorithms: groups,
      pqcClass: entry ? (groups.length > 0 ? listClass : 'classical') : 'unknown',
      classReason: entry ? `Kubernetes ${entry.kubernetes} is built with Go ${entry.go} (${entry.source})` : `Kubernetes ${version.version} is not in the knowledge table's kubernetesGo list`,
    });
  }

  private tls(file: ParsedFile, fact: TlsFact): void {
    switch (fact.type) {
      case 'ingress-nginx-ecdh-curve': {
        const auto = fact.groups.length === 0 || fact.groups.some((g) => /^(auto|default)$/i.test(g.name.replace(/^[?*-]+/, '')));
        const groups = auto ? [this.group('X25519MLKEM768')] : this.groupItems(fact.groups);
        this.keyExchange(file, fact.span, { role: 'ingress-tls', reason: `ssl-ecdh-curve in ${fact.where}: the key exchange of ingress-nginx's TLS termination` }, {
          path: 'ssl-ecdh-curve',
          name: `ingress-nginx ssl-ecdh-curve (${fact.where})`,
          algorithm: auto ? `${fact.value || 'auto'} (OpenSSL's default groups; X25519MLKEM768 first with OpenSSL 3.5+)` : fact.value,
          algorithms: groups,
          pqcClass: groupListClass(groups),
          classReason: auto ? '"auto" keeps OpenSSL\'s default list, which offers X25519MLKEM768 from OpenSSL 3.5 (the controller image\'s OpenSSL decides)' : 'the best group of the explicit list',
        });
        return;
      }
      case 'istio-ecdh-curves': {
        const groups = this.groupItems(fact.curves);
        this.keyExchange(file, fact.span, { role: 'ingress-tls', reason: `tlsDefaults.ecdhCurves in ${fact.where}: applies to Istio gateways (mesh mTLS ignores it)` }, {
          path: 'meshConfig.tlsDefaults.ecdhCurves',
          name: `Istio ecdhCurves (${fact.where})`,
          algorithm: fact.curves.map((c) => c.name).join(', '),
          algorithms: groups,
          pqcClass: groupListClass(groups),
          classReason: 'the best curve of the list',
        });
        return;
      }
      case 'istio-compliance-policy': {
        const pqc = fact.value.trim().toLowerCase() === 'pqc';
        const groups = pqc ? [this.group('X25519MLKEM768')] : [];
        this.keyExchange(file, fact.span, { role: 'istio-workload', reason: `COMPLIANCE_POLICY in ${fact.where}: the mesh's TLS policy` }, {
          path: 'COMPLIANCE_POLICY',
          name: `Istio COMPLIANCE_POLICY (${fact.where})`,
          algorithm: pqc ? 'pqc: X25519MLKEM768 only, TLS 1.3' : `${fact.value || '(empty)'}: classical groups`,
          algorithms: groups,
          pqcClass: pqc ? 'hybrid' : 'classical',
          classReason: pqc ? 'COMPLIANCE_POLICY=pqc limits Envoy, istiod and gRPC to X25519MLKEM768 (istio pkg/features/security.go)' : `COMPLIANCE_POLICY "${fact.value}" does not select post-quantum groups`,
        });
        return;
      }
      default:
        return;
    }
  }

  private openssl(file: ParsedFile): void {
    for (const view of cnfViews(file)) {
      const analysis = analyseCnf(view.model);
      for (const setting of analysis.groups) {
        const span = view.exact ? view.span(setting.entry.span) : view.anchor;
        const groups = setting.tokens.filter((t) => !t.prefix.includes('-')).map((t) => this.group(t.name));
        const name = `OpenSSL [${setting.section.name}] ${setting.entry.key}${view.path ? ` (${view.path})` : ''}`;
        this.keyExchange(file, span, { role: 'other', reason: `${name}: the TLS groups of programs that load this OpenSSL configuration` }, {
          path: `[${setting.section.name}] ${setting.entry.key}`,
          name,
          algorithm: setting.tokens.map((t) => t.text).join(':'),
          algorithms: groups,
          pqcClass: groupListClass(groups),
          classReason: analysis.loaded ? 'the best group of the list' : 'the best group of the list (note: no openssl_conf chain loads this section)',
        });
      }
    }
  }

  private request(file: ParsedFile, request: CertificateRequestInfo): void {
    const guess = requestRole(this.ctx, request);
    const algorithmName = request.privateKeyAlgorithm ?? 'RSA';
    const entries = keyTypes(this.knowledge, 'cert-manager.privateKey.algorithm');
    const entry = entries.find((k) => k.value.toLowerCase() === algorithmName.toLowerCase());
    const size = request.privateKeySize;
    const display = /^rsa$/i.test(algorithmName) ? `RSA ${size ?? 2048}` : /^ecdsa$/i.test(algorithmName) ? `ECDSA P-${size === 384 ? 384 : size === 521 ? 521 : 256}` : algorithmName;
    const issuerKind = request.issuerRef.kind;
    this.push(file, 'certificate-request', request.document.span, { role: guess.role, reason: `cert-manager Certificate ${request.namespace ?? 'default'}/${request.name}: ${guess.reason}` }, {
      name: `Certificate ${request.namespace ?? 'default'}/${request.name}`,
      algorithm: `${display}${request.privateKeyAlgorithm ? '' : ' (cert-manager default)'}`,
      algorithms: [this.named(display, 'public-key')],
      pqcClass: entry ? (entry.status === 'released' ? classOf(entry.pqcClass) : 'classical') : 'unknown',
      classReason: entry
        ? entry.status === 'released' ? `privateKey.algorithm ${entry.value} (${entry.source})` : `privateKey.algorithm ${entry.value} is ${entry.status === 'guide' ? 'described in the migration guide only' : 'proposed, not in a released cert-manager'}; cert-manager issues classical keys`
        : `privateKey.algorithm "${algorithmName}" is not in the knowledge table`,
      issuer: `${issuerKind} ${request.issuerRef.name}`,
    });
  }

  private keyExchange(file: ParsedFile, span: Span, guess: RoleGuess, fields: Pick<InventoryAsset, 'name' | 'algorithm' | 'algorithms' | 'pqcClass' | 'classReason'> & { path?: string }): void {
    this.push(file, 'key-exchange', span, guess, {
      ...fields,
      ...(fields.path ? { path: fields.path } : {}),
      phaseOverride: { phase: KEY_EXCHANGE_PHASE, reason: 'the guide\'s Phase 2 "Enable PQC key exchange": hybrid key exchange protects recorded sessions before any certificate changes' },
    });
  }

  // --- lookups -------------------------------------------------------------------------------

  private certificateInFile(path: string | undefined): DecodedCertificate | undefined {
    if (!path) return undefined;
    return this.source.index.factsOf(path)?.certificates.find((c) => c.occurrence.cert)?.occurrence.cert;
  }

  private caIssuerCertificate(file: ParsedFile, issuer: IssuerFact): DecodedCertificate | undefined {
    const document = documentAt(file, issuer.span.start);
    const secretName = document ? stringAt(document.doc.contents, ['spec', 'ca', 'secretName']) : undefined;
    if (!secretName) return undefined;
    const namespace = issuer.kind === 'ClusterIssuer' ? undefined : issuer.namespace ?? 'default';
    for (const secret of this.source.index.all('secrets')) {
      if (secret.name !== secretName || (namespace !== undefined && (secret.namespace ?? 'default') !== namespace)) continue;
      const cert = this.source.index.factsOf(secret.file)?.certificates
        .find((c) => c.occurrence.cert && c.occurrence.span.start >= secret.span.start && c.occurrence.span.end <= secret.span.end && /tls\.crt$|ca\.crt$/.test(c.occurrence.path ?? ''))?.occurrence.cert;
      if (cert) return cert;
    }
    return undefined;
  }

  private stepCaCertificate(file: ParsedFile, issuer: IssuerFact): { cert: DecodedCertificate; where: string } | undefined {
    for (const step of this.source.index.all('stepCa')) {
      const crt = step.crt ? this.certificateInFile(this.source.index.resolvePath(step.crt, step.file)) : undefined;
      if (crt) return { cert: crt, where: `intermediate ${step.crt} of ${step.file}` };
    }
    const inline = this.source.index.factsOf(file.path)?.certificates.find((c) => c.occurrence.cert && c.occurrence.span.start >= issuer.span.start && c.occurrence.span.end <= issuer.span.end);
    return inline?.occurrence.cert ? { cert: inline.occurrence.cert, where: 'its caBundle' } : undefined;
  }

  private stepCrvNote(): string {
    for (const step of this.source.index.all('stepCa')) {
      if (!step.crv) continue;
      const entry = keyTypes(this.knowledge, 'step-ca.crv').find((k) => k.value.toLowerCase() === step.crv!.toLowerCase());
      if (entry && entry.status !== 'released') return `; ca.json asks for "crv": "${step.crv}", which is ${entry.status === 'guide' ? 'described in the migration guide only' : 'proposed'} (${entry.note ?? entry.source})`;
    }
    return '';
  }

  private keyAlgorithm(key: DecodedCertificate['publicKey']): InventoryAlgorithm {
    const entry = lookupAlgorithm(this.knowledge, key.oid);
    const pqcClass = classOf(key.pqcClass ?? entry?.pqcClass);
    const kem = entry?.use === 'kem';
    const agree = entry?.family === 'ECDH';
    return {
      name: key.algorithm,
      oid: key.oid,
      primitive: kem ? 'kem' : agree ? 'key-agree' : 'signature',
      usage: 'public-key',
      pqcClass,
      ...(key.parameterSet ? { parameterSet: PARAMETER_SET.exec(key.parameterSet)?.[1] ?? key.parameterSet } : key.bits && !key.curve ? { parameterSet: String(key.bits) } : {}),
      ...(key.curve ? { curve: key.curve } : {}),
      ...(key.bits ? { bits: key.bits } : {}),
      nistQuantumLevel: pqcClass === 'classical' ? 0 : entry?.nistLevel,
    };
  }

  private describedKey(key: PublicKeyDescription): InventoryAlgorithm {
    return this.keyAlgorithm({ algorithm: key.algorithm, oid: key.oid, bits: key.bits, curve: key.curve, parameterSet: key.parameterSet, pqcClass: key.pqcClass, size: 0 });
  }

  private signatureAlgorithm(cert: DecodedCertificate): InventoryAlgorithm {
    const entry = lookupAlgorithm(this.knowledge, cert.signature.oid);
    const pqcClass = classOf(cert.signature.pqcClass ?? entry?.pqcClass);
    const set = typeof entry?.params?.parameterSet === 'string' ? PARAMETER_SET.exec(entry.params.parameterSet)?.[1] : undefined;
    return {
      name: cert.signature.algorithm,
      oid: cert.signature.oid,
      primitive: 'signature',
      usage: 'signature',
      pqcClass,
      ...(set ? { parameterSet: set } : {}),
      nistQuantumLevel: pqcClass === 'classical' ? 0 : entry?.nistLevel,
    };
  }

  private named(name: string, usage: InventoryAlgorithm['usage']): InventoryAlgorithm {
    const rsa = /^RSA (\d+)$/.exec(name);
    const ec = /^ECDSA (P-\d+)$/.exec(name);
    return {
      name, usage, primitive: 'signature', pqcClass: 'classical', nistQuantumLevel: 0,
      ...(rsa ? { parameterSet: rsa[1], bits: Number(rsa[1]) } : {}),
      ...(ec ? { curve: ec[1], bits: Number(ec[1].slice(2)) } : {}),
    };
  }

  private groupItems(items: readonly TlsGroupItem[]): InventoryAlgorithm[] {
    return items.filter((i) => !i.name.startsWith('-')).map((i) => this.group(i.name.replace(/^[?*]+/, '')));
  }

  private group(name: string): InventoryAlgorithm {
    const entry = tlsGroup(this.knowledge, name);
    if (!entry) return { name, usage: 'key-exchange', primitive: 'unknown', pqcClass: 'unknown' };
    const pure = /^(ml-?kem|kyber)\d+$/i.test(entry.name);
    const pqcClass: InventoryClass = !entry.pq ? 'classical' : entry.replacedBy ? 'legacy-pq' : pure ? 'pq' : 'hybrid';
    const kem = /(?:mlkem|kyber)(512|768|1024)/i.exec(entry.name)?.[1];
    const level = kem === '512' ? 1 : kem === '768' ? 3 : kem === '1024' ? 5 : undefined;
    return {
      name: entry.name,
      usage: 'key-exchange',
      primitive: entry.pq ? 'kem' : 'key-agree',
      pqcClass,
      ...(kem ? { parameterSet: kem } : {}),
      nistQuantumLevel: entry.pq ? level : 0,
    };
  }

  // --- links and findings ----------------------------------------------------------------------

  link(): void {
    const byFingerprint = new Map<string, InventoryAsset>();
    for (const { asset, cert } of this.certAssets) if (!byFingerprint.has(cert.fingerprintSha256)) byFingerprint.set(cert.fingerprintSha256, asset);
    const pool = this.certAssets.map((c) => c.cert);
    for (const { asset, cert } of this.certAssets) {
      if (cert.selfSigned) continue;
      const issuer = findIssuers(cert, pool).find((c) => c.fingerprintSha256 !== cert.fingerprintSha256);
      if (issuer) asset.issuerId = byFingerprint.get(issuer.fingerprintSha256)?.id;
    }
    const issuers = this.assets.filter((a) => a.kind === 'issuer');
    for (const asset of this.assets) {
      if (asset.kind !== 'certificate-request' || !asset.issuer) continue;
      const [kind, name] = asset.issuer.split(' ');
      const namespace = /^Certificate ([^/]+)\//.exec(asset.name)?.[1];
      const match = issuers.find((i) => i.name === `${kind} ${name}` || i.name === `${kind} ${namespace}/${name}`);
      if (match) asset.issuerId = match.id;
    }
  }

  private attachFindings(path: string, assets: readonly InventoryAsset[]): void {
    let findings: Finding[];
    try {
      findings = this.source.analyze(path);
    } catch {
      return;
    }
    for (const finding of findings) {
      // The asset whose own span holds the finding wins (the smallest, when they nest: a caBundle
      // inside a StepClusterIssuer). A finding that only touches a further place of a certificate
      // (cert-chain.pem repeating ca-cert.pem) is kept once per rule.
      const primary = smallest(assets.filter((a) => overlaps(a.span, finding.span)), (a) => a.span);
      if (primary.length > 0) {
        for (const asset of primary) asset.findings.push(finding);
        continue;
      }
      for (const asset of assets) {
        const elsewhere = asset.alsoAt.some((l) => l.file === path && overlaps(l.span, finding.span));
        if (elsewhere && !asset.findings.some((f) => f.ruleId === finding.ruleId)) asset.findings.push(finding);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function smallest<T>(items: readonly T[], spanOf: (item: T) => Span): T[] {
  let best: T[] = [];
  let size = Infinity;
  for (const item of items) {
    const s = spanOf(item);
    const n = s.end - s.start;
    if (n < size) {
      best = [item];
      size = n;
    } else if (n === size) best.push(item);
  }
  return best;
}

function overlaps(a: Span, b: Span): boolean {
  if (a.start === a.end || b.start === b.end) {
    const point = b.start === b.end ? b.start : a.start;
    const range = b.start === b.end ? a : b;
    return range.start <= point && point <= Math.max(range.end, range.start);
  }
  return a.start < b.end && b.start < a.end;
}

function issuerSpan(file: ParsedFile, issuer: IssuerFact): Span {
  // metadata.name is where a person looks for the resource; fall back to the document.
  const document = documentAt(file, issuer.span.start);
  return (document ? nodeSpan(nodeAt(document.doc.contents, ['metadata', 'name'])) : undefined) ?? issuer.span;
}

function kubernetesGoFor(knowledge: Knowledge, version: Version) {
  const rows = knowledge.kubernetesGo
    .map((entry) => ({ entry, version: parseVersion(entry.kubernetes) }))
    .filter((r): r is { entry: (typeof knowledge.kubernetesGo)[number]; version: Version } => r.version !== undefined)
    .sort((a, b) => compareVersions(a.version, b.version));
  const minor: Version = [version[0], version[1], 0];
  let found: (typeof knowledge.kubernetesGo)[number] | undefined;
  for (const row of rows) if (compareVersions(row.version, minor) <= 0) found = row.entry;
  return found;
}

/** The class a list of TLS groups gives a connection: the best standard group wins. */
export function groupListClass(groups: readonly InventoryAlgorithm[]): InventoryClass {
  const classes = groups.map((g) => g.pqcClass);
  if (classes.includes('hybrid')) return 'hybrid';
  if (classes.includes('pq')) return 'pq';
  if (classes.includes('legacy-pq')) return 'legacy-pq';
  if (classes.includes('classical')) return 'classical';
  return 'unknown';
}

