// The inventory as a CycloneDX 1.6 cryptography bill of materials (CBOM): `cryptographic-asset`
// components for
//   - algorithms (algorithmProperties: primitive, parameterSetIdentifier, curve,
//     nistQuantumSecurityLevel) — certificate keys and signatures, TLS key-exchange groups;
//   - certificates (certificateProperties; one component per certificate, every place it sits in
//     evidence.occurrences) and the cert-manager Certificates that request them;
//   - protocols (TLS key-exchange settings: the groups they allow, as cryptoRefArray);
//   - related crypto material (public keys of certificates, bare public keys such as sa.pub, the
//     CA signing keys that issuer configurations set up — described, never included).
// PQC Lens's own conclusions (role, HNDL risk, phase, class) travel as `pqc-lens:*` properties.
import type { Inventory, InventoryAlgorithm, InventoryAsset } from './model.js';

export interface CbomOptions {
  /** RFC 4122 UUID for serialNumber (the CLI passes a random one); omitted when absent. */
  serialNumber?: string;
  toolVersion?: string;
  /** Display path of a workspace file (relative to the current folder). */
  show?: (file: string) => string;
  /** Name of the analysed workspace (metadata.component). */
  name?: string;
}

type Json = Record<string, unknown>;

const SPEC_VERSION = '1.6';

/**
 * Classical security strength in bits (NIST SP 800-57 Part 1 Rev. 5, Table 2); only for the
 * algorithms whose strength is listed there.
 */
const CLASSICAL_BITS: Record<string, number> = {
  'RSA 2048': 112, 'RSA 3072': 128, 'RSA 7680': 192, 'RSA 15360': 256,
  'ECDSA P-256': 128, 'ECDSA P-384': 192, 'ECDSA P-521': 256, Ed25519: 128, Ed448: 224, X25519: 128, X448: 224,
  'P-256': 128, 'P-384': 192, 'P-521': 256,
};

function functions(primitive: InventoryAlgorithm['primitive']): string[] {
  switch (primitive) {
    case 'signature': return ['sign', 'verify'];
    case 'kem': return ['encapsulate', 'decapsulate'];
    case 'key-agree': return ['keyderive'];
    default: return ['unknown'];
  }
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^-|-$/g, '') || 'x';
}

export function toCbom(inventory: Inventory, options: CbomOptions = {}): Json {
  const show = options.show ?? ((f: string) => f);
  const components: Json[] = [];
  const dependencies = new Map<string, Set<string>>();
  const refs = new Set<string>();
  const uniqueRef = (wanted: string): string => {
    let ref = wanted;
    for (let n = 2; refs.has(ref); n++) ref = `${wanted}#${n}`;
    refs.add(ref);
    return ref;
  };
  const depend = (from: string, to: string | undefined): void => {
    if (!to || to === from) return;
    let set = dependencies.get(from);
    if (!set) dependencies.set(from, (set = new Set()));
    set.add(to);
  };

  // Algorithms, shared by every asset that uses them.
  const algorithmRefs = new Map<string, string>();
  const algorithmRef = (algorithm: InventoryAlgorithm): string => {
    const key = `${algorithm.name}|${algorithm.oid ?? ''}`;
    let ref = algorithmRefs.get(key);
    if (ref) return ref;
    ref = uniqueRef(`crypto/algorithm/${slug(algorithm.name)}${algorithm.oid ? `@${algorithm.oid}` : ''}`);
    algorithmRefs.set(key, ref);
    const properties: Json = {
      primitive: algorithm.primitive,
      ...(algorithm.parameterSet ? { parameterSetIdentifier: algorithm.parameterSet } : {}),
      ...(algorithm.curve ? { curve: algorithm.curve } : {}),
      cryptoFunctions: functions(algorithm.primitive),
      ...(CLASSICAL_BITS[algorithm.name] !== undefined ? { classicalSecurityLevel: CLASSICAL_BITS[algorithm.name] } : {}),
      ...(algorithm.nistQuantumLevel !== undefined ? { nistQuantumSecurityLevel: algorithm.nistQuantumLevel } : {}),
    };
    components.push({
      type: 'cryptographic-asset',
      'bom-ref': ref,
      name: algorithm.name,
      cryptoProperties: { assetType: 'algorithm', algorithmProperties: properties, ...(algorithm.oid ? { oid: algorithm.oid } : {}) },
      properties: [{ name: 'pqc-lens:pqcClass', value: algorithm.pqcClass }],
    });
    return ref;
  };

  const occurrence = (file: string, line: number, path?: string): Json => ({ location: show(file), line, ...(path ? { additionalContext: path } : {}) });
  const occurrencesOf = (asset: InventoryAsset): Json[] => [
    occurrence(asset.file, asset.range.start.line + 1, asset.path),
    ...asset.alsoAt.map((l) => occurrence(l.file, l.range.start.line + 1, l.path)),
  ];
  const lensProperties = (asset: InventoryAsset): Json[] => [
    { name: 'pqc-lens:kind', value: asset.kind },
    { name: 'pqc-lens:role', value: asset.role },
    { name: 'pqc-lens:roleReason', value: asset.roleReason },
    { name: 'pqc-lens:pqcClass', value: asset.pqcClass },
    { name: 'pqc-lens:hndlRisk', value: asset.hndlRisk },
    { name: 'pqc-lens:phase', value: String(asset.phase) },
    ...(asset.findings.length > 0 ? [{ name: 'pqc-lens:findings', value: [...new Set(asset.findings.map((f) => f.ruleId))].join(' ') }] : []),
  ];

  // Certificates: one component per certificate, however often it appears.
  const certificateComponents = new Map<string, Json>();
  const assetRefs = new Map<string, string>();
  for (const asset of inventory.assets) {
    if (asset.kind !== 'certificate') continue;
    const existing = asset.fingerprintSha256 ? certificateComponents.get(asset.fingerprintSha256) : undefined;
    if (existing) {
      (existing.evidence as { occurrences: Json[] }).occurrences.push(...occurrencesOf(asset));
      (existing.properties as Json[]).push(...lensProperties(asset).filter((p) => !(existing.properties as Json[]).some((q) => q.name === p.name && q.value === p.value)));
      assetRefs.set(asset.id, existing['bom-ref'] as string);
      continue;
    }
    const ref = uniqueRef(`crypto/certificate/${asset.fingerprintSha256 ?? slug(asset.id)}`);
    assetRefs.set(asset.id, ref);
    const [keyAlgorithm, signatureAlgorithm] = asset.algorithms;
    let keyRef: string | undefined;
    if (keyAlgorithm) {
      keyRef = uniqueRef(`crypto/key/${asset.fingerprintSha256 ?? slug(asset.id)}`);
      const algRef = algorithmRef(keyAlgorithm);
      components.push({
        type: 'cryptographic-asset',
        'bom-ref': keyRef,
        name: `public key of ${asset.name}`,
        cryptoProperties: {
          assetType: 'related-crypto-material',
          relatedCryptoMaterialProperties: { type: 'public-key', algorithmRef: algRef, ...(keyAlgorithm.bits ? { size: keyAlgorithm.bits } : {}), format: 'SubjectPublicKeyInfo' },
          ...(keyAlgorithm.oid ? { oid: keyAlgorithm.oid } : {}),
        },
      });
      depend(keyRef, algRef);
    }
    const sigRef = signatureAlgorithm ? algorithmRef(signatureAlgorithm) : undefined;
    const extension = /\.([a-z0-9]+)$/i.exec(asset.file)?.[1]?.toLowerCase();
    const component: Json = {
      type: 'cryptographic-asset',
      'bom-ref': ref,
      name: asset.name,
      cryptoProperties: {
        assetType: 'certificate',
        certificateProperties: {
          ...(asset.subject !== undefined ? { subjectName: asset.subject } : {}),
          ...(asset.issuer !== undefined ? { issuerName: asset.issuer } : {}),
          ...(asset.notBefore ? { notValidBefore: asset.notBefore } : {}),
          ...(asset.notAfter ? { notValidAfter: asset.notAfter } : {}),
          ...(sigRef ? { signatureAlgorithmRef: sigRef } : {}),
          ...(keyRef ? { subjectPublicKeyRef: keyRef } : {}),
          certificateFormat: 'X.509',
          ...(extension && ['crt', 'pem', 'cer', 'der'].includes(extension) ? { certificateExtension: extension } : {}),
        },
      },
      evidence: { occurrences: occurrencesOf(asset) },
      properties: [...lensProperties(asset), ...(asset.fingerprintSha256 ? [{ name: 'pqc-lens:fingerprintSha256', value: asset.fingerprintSha256 }] : [])],
    };
    components.push(component);
    if (asset.fingerprintSha256) {
      certificateComponents.set(asset.fingerprintSha256, component);
    }
    depend(ref, sigRef);
    depend(ref, keyRef);
  }

  // Everything else: bare keys, issuer configurations, requested certificates, key exchange.
  for (const asset of inventory.assets) {
    if (asset.kind === 'certificate') continue;
    const algRefs = asset.algorithms.map(algorithmRef);
    let component: Json;
    const base = { type: 'cryptographic-asset', name: asset.name, evidence: { occurrences: occurrencesOf(asset) }, properties: lensProperties(asset) };
    if (asset.kind === 'key-exchange') {
      const ref = uniqueRef(`crypto/protocol/${slug(asset.id)}`);
      component = { ...base, 'bom-ref': ref, cryptoProperties: { assetType: 'protocol', protocolProperties: { type: 'tls', ...(algRefs.length > 0 ? { cryptoRefArray: algRefs } : {}) } } };
    } else if (asset.kind === 'certificate-request') {
      const ref = uniqueRef(`crypto/certificate-request/${slug(asset.id)}`);
      component = {
        ...base,
        'bom-ref': ref,
        description: `cert-manager Certificate: a certificate cert-manager issues with a ${asset.algorithm} key from ${asset.issuer ?? 'its issuer'}`,
        cryptoProperties: { assetType: 'certificate', certificateProperties: { ...(asset.issuer ? { issuerName: asset.issuer } : {}), certificateFormat: 'X.509' } },
      };
    } else {
      const ref = uniqueRef(`crypto/${asset.kind === 'public-key' ? 'key' : 'issuer-key'}/${slug(asset.id)}`);
      component = {
        ...base,
        'bom-ref': ref,
        ...(asset.kind === 'issuer' ? { description: `CA signing key set up by ${asset.name} (the key itself is not part of this inventory)` } : {}),
        cryptoProperties: {
          assetType: 'related-crypto-material',
          relatedCryptoMaterialProperties: {
            type: asset.kind === 'public-key' ? 'public-key' : 'key',
            ...(algRefs[0] ? { algorithmRef: algRefs[0] } : {}),
            ...(asset.algorithms[0]?.bits ? { size: asset.algorithms[0].bits } : {}),
            ...(asset.kind === 'public-key' ? { format: 'SubjectPublicKeyInfo' } : {}),
          },
          ...(asset.algorithms[0]?.oid ? { oid: asset.algorithms[0].oid } : {}),
        },
      };
    }
    components.push(component);
    assetRefs.set(asset.id, component['bom-ref'] as string);
    for (const algRef of algRefs) depend(component['bom-ref'] as string, algRef);
  }

  // Issuer links: a certificate depends on the certificate (or issuer) that signed it.
  for (const asset of inventory.assets) {
    if (!asset.issuerId) continue;
    depend(assetRefs.get(asset.id) ?? '', assetRefs.get(asset.issuerId));
  }

  const summary = inventory.summary;
  return {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: SPEC_VERSION,
    ...(options.serialNumber ? { serialNumber: `urn:uuid:${options.serialNumber}` } : {}),
    version: 1,
    metadata: {
      timestamp: inventory.generatedAt,
      lifecycles: [{ phase: 'discovery' }],
      tools: { components: [{ type: 'application', name: 'pqc-lens', ...(options.toolVersion ? { version: options.toolVersion } : {}) }] },
      ...(options.name ? { component: { type: 'application', 'bom-ref': 'workspace', name: options.name } } : {}),
      properties: [
        { name: 'pqc-lens:readiness', value: summary.readiness.toFixed(4) },
        { name: 'pqc-lens:assets', value: String(summary.total) },
        ...(summary.nextPhase ? [{ name: 'pqc-lens:nextPhase', value: String(summary.nextPhase.phase) }] : []),
        { name: 'pqc-lens:knowledgeVersion', value: inventory.knowledgeVersion },
      ],
    },
    components,
    dependencies: [...dependencies].filter(([ref]) => ref.length > 0).map(([ref, to]) => ({ ref, dependsOn: [...to] })),
  };
}
