// The inventory model: one entry per cryptographic asset of the workspace (certificates, bare
// public keys, issuer configurations, TLS key-exchange settings, cert-manager Certificate requests)
// with its role in the migration guide's landscape table, HNDL risk, migration phase and the
// findings on it. Plain data, built by build.ts from the engine; presenters (CLI, server, views,
// CBOM) read it and never recompute roles.
import type { HndlRisk, KnowledgeStatus, RoleId } from '../knowledge.js';
import type { Finding, Range, Span } from '../types.js';

export type { HndlRisk, RoleId } from '../knowledge.js';

export type InventoryKind = 'certificate' | 'public-key' | 'issuer' | 'key-exchange' | 'certificate-request';

/**
 * Where an asset stands for the migration. `hybrid` covers composite ML-DSA certificates and hybrid
 * key exchange (X25519MLKEM768); `legacy-pq` pre-standard algorithms (round-3 Dilithium, draft
 * Kyber groups) that must be replaced; `unknown` what could not be decoded or resolved.
 */
export type InventoryClass = 'classical' | 'hybrid' | 'pq' | 'legacy-pq' | 'unknown';

export const INVENTORY_CLASSES: readonly InventoryClass[] = ['classical', 'legacy-pq', 'unknown', 'hybrid', 'pq'];
export const HNDL_RISKS: readonly HndlRisk[] = ['critical', 'high', 'medium', 'low'];
export const ROLE_IDS: readonly RoleId[] = [
  'cluster-ca', 'apiserver-serving', 'apiserver-kubelet-client', 'kubelet-server', 'etcd-ca', 'etcd-peer', 'etcd-client',
  'front-proxy-ca', 'service-account-key', 'ingress-tls', 'webhook-tls', 'istio-root-ca', 'istio-workload', 'spire-svid',
  'cert-manager-ca-issuer', 'other',
];

/** PQ or hybrid: what the readiness score counts. */
export function isReady(pqcClass: InventoryClass): boolean {
  return pqcClass === 'pq' || pqcClass === 'hybrid';
}

/** One algorithm an asset uses, for the CBOM's algorithm components. */
export interface InventoryAlgorithm {
  /** Display name: "RSA 2048", "ECDSA P-256", "sha256WithRSAEncryption", "ML-DSA-65", "X25519MLKEM768". */
  name: string;
  oid?: string;
  /** CycloneDX algorithm primitive. */
  primitive: 'signature' | 'kem' | 'key-agree' | 'pke' | 'hash' | 'combiner' | 'other' | 'unknown';
  /** What the asset does with it. */
  usage: 'public-key' | 'signature' | 'key-exchange' | 'issuing-key';
  pqcClass: InventoryClass;
  /** FIPS parameter set or key size: "65" (ML-DSA-65), "768" (ML-KEM-768), "2048" (RSA). */
  parameterSet?: string;
  curve?: string;
  /** NIST PQC security category; 0 for classical algorithms. */
  nistQuantumLevel?: number;
  /** Key size in bits (RSA modulus, EC field). */
  bits?: number;
}

export interface InventoryLocation {
  file: string;
  span: Span;
  /** 0-based, UTF-16 (LSP conventions); presenters add 1 for people. */
  range: Range;
  /** YAML key path or configuration setting, e.g. "data.tls.crt", "spec.ca.secretName". */
  path?: string;
}

export interface InventoryAsset extends InventoryLocation {
  /** Unique within one inventory. */
  id: string;
  kind: InventoryKind;
  /** Short label: the certificate's CN (or subject), the resource or setting name. */
  name: string;
  role: RoleId;
  /** Why this role: the file name, the resource, the reference that gave it away. Roles are inferred. */
  roleReason: string;
  /** Display text of the algorithm(s), e.g. "RSA 2048 / sha256WithRSAEncryption". */
  algorithm: string;
  algorithms: InventoryAlgorithm[];
  pqcClass: InventoryClass;
  /** Why this class, when it is not read off a certificate (settings, issuers, requests). */
  classReason?: string;
  hndlRisk: HndlRisk;
  /** The guide's phase number (the landscape table's Migration Priority; 2 for key exchange). */
  phase: number;
  phaseReason: string;
  /** Where the role's risk and phase come from (the knowledge table's roles entry). */
  roleSource: { source: string; status: KnowledgeStatus };
  notBefore?: string;
  notAfter?: string;
  subject?: string;
  /** Issuer name of a certificate, or what an issuer configuration / request points at. */
  issuer?: string;
  /** The asset that issued this one, when it is in the workspace (a certificate or issuer config). */
  issuerId?: string;
  selfSigned?: boolean;
  fingerprintSha256?: string;
  /** Further places of the same certificate in the same resource (Istio cacerts ca-cert.pem + cert-chain.pem). */
  alsoAt: InventoryLocation[];
  /** Findings of the analysis whose location lies on this asset. */
  findings: Finding[];
}

export interface PhaseSummary {
  phase: number;
  total: number;
  ready: number;
  /** ready / total (0 when the phase has no asset). */
  readiness: number;
  byClass: Record<InventoryClass, number>;
  byRisk: Record<HndlRisk, number>;
}

export interface InventorySummary {
  total: number;
  /** PQ or hybrid assets. */
  ready: number;
  /** Share of assets that are PQ or hybrid, 0..1 (0 for an empty inventory). */
  readiness: number;
  byClass: Record<InventoryClass, number>;
  byRisk: Record<HndlRisk, number>;
  byKind: Record<InventoryKind, number>;
  byRole: Partial<Record<RoleId, number>>;
  /** Ascending by phase number; only phases that have assets. */
  phases: PhaseSummary[];
  /** The lowest phase with assets that are not PQ or hybrid yet; null when everything is ready. */
  nextPhase: { phase: number; notReady: number; roles: RoleId[] } | null;
  /** Certificates whose notAfter is before `now` / within the expiring window. */
  expired: number;
  expiring: number;
}

export interface Inventory {
  assets: InventoryAsset[];
  summary: InventorySummary;
  /** ISO time the inventory was computed for (expiry counts). */
  generatedAt: string;
  knowledgeVersion: string;
}
