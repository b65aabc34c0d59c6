// Knowledge is data (schemas/knowledge.json, validated by schemas/knowledge.schema.json):
// OIDs, component versions and capabilities, compatibility and TLS groups. Rules read it
// through the lookups below; users can supply their own copy (`--knowledge FILE`).

/** released: shipped upstream; guide: described in the migration guide only; proposed: a proposal/draft. */
export type KnowledgeStatus = 'released' | 'guide' | 'proposed';

export interface Sourced {
  /** Upstream reference (repo@tag path, RFC, URL) or a seed file name such as "seeds/000_913be8e6bf26f545.txt". */
  source: string;
  status: KnowledgeStatus;
  note?: string;
}

export type PqcClass = 'classical' | 'pq' | 'composite' | 'legacy-pq';

export interface AlgorithmEntry extends Sourced {
  oid: string;
  /** Display name as in KNOWLEDGE.md, e.g. "ML-DSA-65", "id-MLDSA65-ECDSA-P256-SHA512", "ECDSA P-256". */
  name: string;
  /** signature | kem | key (public-key type such as rsaEncryption/id-ecPublicKey) | hash-signature */
  use: 'signature' | 'kem' | 'key' | 'hash';
  family: string;
  pqcClass: PqcClass;
  /** NIST PQC security category where defined. */
  nistLevel?: number;
  /** For drafts and pre-standard OIDs: which draft/version defined it. */
  draft?: string;
  /** The current OID to re-issue with (legacy entries). */
  replacedBy?: string;
  /** Free-form parameters (e.g. composite components: { mldsa: "ML-DSA-65", trad: "ECDSA P-256", hash: "SHA512", label: "..." }). */
  params?: Record<string, string | number>;
}

export interface ComponentEntry extends Sourced {
  /** Component id used across the table, e.g. "cert-manager". */
  id: string;
  /** Container image repositories (without registry host variations) that carry this component's version in their tag. */
  images: string[];
  /** Helm chart names that carry the component's version. */
  charts: string[];
  /** Newest release known when the table was written. */
  latest?: string;
}

export interface FeatureEntry extends Sourced {
  /** e.g. "step-issuer/password-env". */
  id: string;
  component: string;
  /** First version that has the feature (semver without "v"). */
  since: string;
  description: string;
}

export interface CompatibilityEntry extends Sourced {
  id: string;
  /** The component whose resources need the other. */
  component: string;
  /** What triggers the requirement, e.g. a resource kind "StepClusterIssuer". */
  when: string;
  requires: { component: string; minVersion: string };
  description: string;
}

export interface KubernetesGoEntry extends Sourced {
  kubernetes: string;
  go: string;
  /** Hybrid/PQ TLS groups offered by default by that Go version. */
  defaultPqGroups: string[];
}

export interface TlsGroupEntry extends Sourced {
  name: string;
  /** Other spellings accepted by OpenSSL/Istio/etc. */
  aliases: string[];
  codepoint?: string;
  /** Go crypto/tls CurveID (decimal), as used by --tls-curve-preferences. */
  goCurveId?: number;
  pq: boolean;
  /** For pre-standard groups: the standard group to use instead. */
  replacedBy?: string;
}

export interface RenameEntry extends Sourced {
  /** Pre-standard name, lower case, e.g. "dilithium3", "kyber768". */
  from: string;
  to: string;
}

export interface KeyTypeEntry extends Sourced {
  /** Where the value is written: "step-ca.crv", "spire.ca_key_type", "spire.pqc_svid_key_type", "cert-manager.privateKey.algorithm". */
  setting: string;
  value: string;
  pqcClass: PqcClass;
  /** The value the component uses when the setting is absent (e.g. SPIRE's ca_key_type defaults to ec-p256). */
  default?: boolean;
}

/** Certificate roles of the migration guide's landscape table (inventory). */
export type RoleId =
  | 'cluster-ca' | 'apiserver-serving' | 'apiserver-kubelet-client' | 'kubelet-server' | 'etcd-ca' | 'etcd-peer'
  | 'etcd-client' | 'front-proxy-ca' | 'service-account-key' | 'ingress-tls' | 'webhook-tls' | 'istio-root-ca'
  | 'istio-workload' | 'spire-svid' | 'cert-manager-ca-issuer' | 'other';

export type HndlRisk = 'critical' | 'high' | 'medium' | 'low';

/** One row of the guide's "Mapping the Kubernetes Certificate Landscape" table (plus PQC Lens's `other`). */
export interface RoleEntry extends Sourced {
  id: RoleId;
  /** The row as the guide names it, e.g. "etcd client cert (apiserver)". */
  certificate: string;
  signedBy?: string;
  defaultAlgorithm?: string;
  hndlRisk: HndlRisk;
  /** The table's Migration Priority ("Phase 3" -> 3). */
  phase: number;
}

export interface Knowledge {
  version: string;
  algorithms: AlgorithmEntry[];
  components: ComponentEntry[];
  features: FeatureEntry[];
  compatibility: CompatibilityEntry[];
  kubernetesGo: KubernetesGoEntry[];
  tlsGroups: TlsGroupEntry[];
  renames: RenameEntry[];
  keyTypes: KeyTypeEntry[];
  roles: RoleEntry[];
}

export function algorithmByOid(knowledge: Knowledge, oid: string): AlgorithmEntry | undefined {
  return knowledge.algorithms.find((a) => a.oid === oid);
}

export function feature(knowledge: Knowledge, id: string): FeatureEntry | undefined {
  return knowledge.features.find((f) => f.id === id);
}

export function component(knowledge: Knowledge, id: string): ComponentEntry | undefined {
  return knowledge.components.find((c) => c.id === id);
}

export function tlsGroup(knowledge: Knowledge, name: string): TlsGroupEntry | undefined {
  const lower = name.trim().toLowerCase();
  return knowledge.tlsGroups.find((g) => g.name.toLowerCase() === lower || g.aliases.some((a) => a.toLowerCase() === lower));
}

export function rename(knowledge: Knowledge, name: string): RenameEntry | undefined {
  const key = name.trim().toLowerCase().replace(/[\s_-]/g, '');
  return knowledge.renames.find((r) => r.from.replace(/[\s_-]/g, '') === key);
}

export function keyTypes(knowledge: Knowledge, setting: string): KeyTypeEntry[] {
  return knowledge.keyTypes.filter((k) => k.setting === setting);
}

/** Words a message uses to say where a fact comes from. */
export function statusPhrase(status: KnowledgeStatus): string {
  switch (status) {
    case 'released': return 'released upstream';
    case 'guide': return 'described in the migration guide, not in a released upstream version';
    case 'proposed': return 'proposed, not released';
  }
}
