// How the verifier checks a signature algorithm, as the knowledge table describes it: the hash of an
// RSA/ECDSA/DSA signature OID, the FIPS 204/205 parameter set and sizes, the components of composite
// ML-DSA (draft-ietf-lamps-pq-composite-sigs -13+). decode.ts attaches the scheme to the decoded
// certificate, so the verifier, which its callers give certificates only, needs no table of its own.
import type { AlgorithmEntry, Knowledge } from '../knowledge.js';
import { lookupAlgorithm, paramNumber, paramString } from './algorithms.js';

export interface MlDsaScheme { kind: 'ml-dsa'; oid: string; parameterSet: string; publicKeyBytes: number; signatureBytes: number }

/** The traditional half of a composite signature. */
export type TraditionalScheme =
  | { kind: 'rsa-pkcs1'; hash: string }
  | { kind: 'rsa-pss'; hash: string; saltLength: number }
  | { kind: 'ecdsa'; hash: string; curveOid: string }
  | { kind: 'eddsa'; oid: string };

/** Hash names as the table spells them: "SHA-256" for signatures, "SHA512" / "SHAKE256" for composite pre-hashes. */
export type SignatureScheme =
  | { kind: 'rsa-pkcs1' | 'ecdsa' | 'dsa'; hash: string }
  /** Hash, MGF and salt come from the certificate's AlgorithmIdentifier parameters. */
  | { kind: 'rsa-pss' }
  | { kind: 'eddsa' }
  | MlDsaScheme
  | { kind: 'slh-dsa'; parameterSet: string }
  | { kind: 'composite'; mlDsa: MlDsaScheme; trad: TraditionalScheme; preHash: string; label: string };

// Resolved once per table and entry (only OIDs the table has, so this stays bounded).
const resolved = new WeakMap<Knowledge, Map<AlgorithmEntry, SignatureScheme | null>>();

/** The scheme of signature algorithm `oid`; undefined when the table does not describe one. */
export function signatureScheme(knowledge: Knowledge, oid: string): SignatureScheme | undefined {
  const entry = lookupAlgorithm(knowledge, oid);
  if (!entry) return undefined;
  let schemes = resolved.get(knowledge);
  if (!schemes) resolved.set(knowledge, (schemes = new Map()));
  let scheme = schemes.get(entry);
  if (scheme === undefined) {
    scheme = resolve(knowledge, entry) ?? null;
    schemes.set(entry, scheme);
  }
  return scheme ?? undefined;
}

function resolve(knowledge: Knowledge, entry: AlgorithmEntry): SignatureScheme | undefined {
  // legacy-pq entries (pre-standard OIDs, earlier composite drafts) sign other messages than these schemes
  if (entry.use !== 'signature' || entry.pqcClass === 'legacy-pq') return undefined;
  const hash = paramString(entry, 'hash');
  switch (entry.family) {
    case 'RSA': {
      const scheme = paramString(entry, 'scheme');
      if (scheme === 'PSS') return { kind: 'rsa-pss' };
      return scheme === 'PKCS1-v1_5' && hash ? { kind: 'rsa-pkcs1', hash } : undefined;
    }
    case 'ECDSA': return hash ? { kind: 'ecdsa', hash } : undefined;
    case 'DSA': return hash ? { kind: 'dsa', hash } : undefined;
    case 'EdDSA': return { kind: 'eddsa' };
    case 'ML-DSA': return mlDsa(entry);
    case 'SLH-DSA': {
      const parameterSet = paramString(entry, 'parameterSet');
      return parameterSet ? { kind: 'slh-dsa', parameterSet } : undefined;
    }
    case 'composite ML-DSA': return composite(knowledge, entry);
  }
  return undefined;
}

function mlDsa(entry: AlgorithmEntry): MlDsaScheme | undefined {
  const parameterSet = paramString(entry, 'parameterSet');
  const publicKeyBytes = paramNumber(entry, 'publicKeyBytes');
  const signatureBytes = paramNumber(entry, 'signatureBytes');
  if (!parameterSet || publicKeyBytes === undefined || signatureBytes === undefined) return undefined;
  return { kind: 'ml-dsa', oid: entry.oid, parameterSet, publicKeyBytes, signatureBytes };
}

/** Components are named as the table names its entries: params.mldsa "ML-DSA-65", params.tradSignature "ecdsa-with-SHA256". */
function composite(knowledge: Knowledge, entry: AlgorithmEntry): SignatureScheme | undefined {
  const named = (name: string | undefined): AlgorithmEntry | undefined => knowledge.algorithms.find((a) => a.name === name && a.use === 'signature' && a.pqcClass !== 'legacy-pq');
  const mlDsaEntry = named(paramString(entry, 'mldsa'));
  const tradEntry = named(paramString(entry, 'tradSignature'));
  const mlDsaScheme = mlDsaEntry?.family === 'ML-DSA' ? mlDsa(mlDsaEntry) : undefined;
  const trad = tradEntry && traditional(knowledge, entry, tradEntry);
  const preHash = paramString(entry, 'hash');
  const label = paramString(entry, 'label');
  if (!mlDsaScheme || !trad || !preHash || !label) return undefined;
  return { kind: 'composite', mlDsa: mlDsaScheme, trad, preHash, label };
}

function traditional(knowledge: Knowledge, entry: AlgorithmEntry, tradEntry: AlgorithmEntry): TraditionalScheme | undefined {
  const scheme = resolve(knowledge, tradEntry);
  switch (scheme?.kind) {
    case 'rsa-pkcs1': return { kind: 'rsa-pkcs1', hash: scheme.hash };
    case 'rsa-pss': {
      // fixed by the composite OID instead of carried in RSASSA-PSS-params
      const hash = paramString(entry, 'pssHash');
      const saltLength = paramNumber(entry, 'pssSaltLength');
      return hash && saltLength !== undefined ? { kind: 'rsa-pss', hash, saltLength } : undefined;
    }
    case 'ecdsa': {
      // params.trad names the curve as the table does: "ECDSA P-256", "ECDSA brainpoolP384r1"
      const trad = paramString(entry, 'trad');
      const curve = knowledge.algorithms.find((a) => a.family === 'EC curve' && trad === `ECDSA ${a.name}`);
      return curve ? { kind: 'ecdsa', hash: scheme.hash, curveOid: curve.oid } : undefined;
    }
    case 'eddsa': return { kind: 'eddsa', oid: tradEntry.oid };
  }
  return undefined;
}
