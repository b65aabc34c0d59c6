// The CycloneDX 1.6 CBOM validates against the official schema (through @cyclonedx/cyclonedx-library's
// validator, which uses ajv + ajv-formats) and round-trips through the library's object model and
// serializer. The library (10.x) has no JSON parser and its model has no cryptoProperties, so the
// round trip covers components, bom-refs, properties and dependencies; the crypto properties are
// covered by the schema validation and the assertions below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildInventory } from '../../server/src/core/inventory/build.js';
import { toCbom } from '../../server/src/core/inventory/cbom.js';
import { defaultKnowledge, engineForDir, TEST_NOW } from '../harness.js';
import { fixturesDir, repoRoot } from '../helpers.js';

// The library is CommonJS with a `node` export condition; require() picks the Node build.
const cdx = createRequire(import.meta.url)('@cyclonedx/cyclonedx-library') as typeof import('@cyclonedx/cyclonedx-library');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

async function cbomOf(dir: string): Promise<Json> {
  const engine = await engineForDir(dir);
  return toCbom(buildInventory(engine, defaultKnowledge(), { now: TEST_NOW }), { serialNumber: '3e671687-395b-41f5-a30f-a58921a69b79', toolVersion: '0.1.0', name: 'test' });
}

async function validate(bom: unknown): Promise<unknown> {
  const validator = new cdx.Validation.JsonValidator(cdx.Spec.Version.v1dot6);
  return validator.validate(JSON.stringify(bom));
}

const FIXTURE = join(fixturesDir, 'inventory', 'kubeadm-cluster');

test('CBOM of the kubeadm fixture and of examples/ validates against CycloneDX 1.6', async () => {
  for (const dir of [FIXTURE, join(repoRoot, 'examples')]) {
    const bom = await cbomOf(dir);
    assert.equal(await validate(bom), null, dir);
    assert.equal(bom.specVersion, '1.6');
    assert.ok((bom.components as Json[]).every((c) => c.type === 'cryptographic-asset'));
  }
});

test('the validator is not a rubber stamp: a wrong assetType or a bad date is rejected', async () => {
  const bom = await cbomOf(FIXTURE);
  const broken = structuredClone(bom);
  broken.components[0].cryptoProperties.assetType = 'key';
  assert.notEqual(await validate(broken), null);
  const badDate = structuredClone(bom);
  const cert = badDate.components.find((c: Json) => c.cryptoProperties.assetType === 'certificate' && c.cryptoProperties.certificateProperties.notValidAfter);
  cert.cryptoProperties.certificateProperties.notValidAfter = 'next year';
  assert.notEqual(await validate(badDate), null);
});

test('CBOM content: certificates, algorithms, protocols and related material with occurrences', async () => {
  const bom = await cbomOf(FIXTURE);
  const components = bom.components as Json[];
  const byType = (t: string) => components.filter((c) => c.cryptoProperties.assetType === t);
  const refs = new Set(components.map((c) => c['bom-ref']));
  assert.equal(refs.size, components.length, 'bom-refs are unique');

  // 15 certificates (the cacerts root once, at three places), each with file and line evidence.
  const certs = byType('certificate');
  assert.equal(certs.length, 15);
  const istio = certs.find((c) => c.cryptoProperties.certificateProperties.subjectName === 'CN=Root CA,O=Istio')!;
  assert.deepEqual(istio.evidence.occurrences.map((o: Json) => [o.location, o.line, o.additionalContext]), [
    ['manifests/istio/cacerts.yaml', 10, 'data.ca-cert.pem'],
    ['manifests/istio/cacerts.yaml', 11, 'data.root-cert.pem'],
    ['manifests/istio/cacerts.yaml', 12, 'data.cert-chain.pem'],
  ]);
  const peer = certs.find((c) => c.evidence.occurrences[0].location === 'etc/kubernetes/pki/etcd/peer.crt')!;
  assert.deepEqual(peer.properties.filter((p: Json) => ['pqc-lens:role', 'pqc-lens:hndlRisk', 'pqc-lens:phase'].includes(p.name)).map((p: Json) => p.value), ['etcd-peer', 'critical', '2']);
  const props = peer.cryptoProperties.certificateProperties;
  assert.equal(props.certificateFormat, 'X.509');
  assert.equal(props.notValidAfter, '2027-01-15T08:00:00Z');
  // References point at existing components: the signature algorithm and the public key.
  const sig = components.find((c) => c['bom-ref'] === props.signatureAlgorithmRef)!;
  assert.equal(sig.name, 'sha256WithRSAEncryption');
  assert.equal(sig.cryptoProperties.algorithmProperties.primitive, 'signature');
  assert.equal(sig.cryptoProperties.algorithmProperties.nistQuantumSecurityLevel, 0);
  const key = components.find((c) => c['bom-ref'] === props.subjectPublicKeyRef)!;
  assert.equal(key.cryptoProperties.relatedCryptoMaterialProperties.type, 'public-key');
  assert.equal(key.cryptoProperties.relatedCryptoMaterialProperties.size, 2048);
  const rsa = components.find((c) => c['bom-ref'] === key.cryptoProperties.relatedCryptoMaterialProperties.algorithmRef)!;
  assert.equal(rsa.name, 'RSA 2048');
  assert.equal(rsa.cryptoProperties.algorithmProperties.parameterSetIdentifier, '2048');
  assert.equal(rsa.cryptoProperties.algorithmProperties.classicalSecurityLevel, 112);

  // Key exchange: TLS protocol components that list their groups.
  const protocols = byType('protocol');
  assert.equal(protocols.length, 5);
  const nginx = protocols.find((p) => p.evidence.occurrences[0].location === 'manifests/ingress-nginx/controller-configmap.yaml')!;
  const groups = (nginx.cryptoProperties.protocolProperties.cryptoRefArray as string[]).map((r) => components.find((c) => c['bom-ref'] === r)!);
  assert.deepEqual(groups.map((g) => [g.name, g.cryptoProperties.algorithmProperties.primitive, g.cryptoProperties.algorithmProperties.nistQuantumSecurityLevel]), [
    ['X25519MLKEM768', 'kem', 3], ['X25519', 'key-agree', 0], ['P-256', 'key-agree', 0],
  ]);
  assert.equal(nginx.cryptoProperties.protocolProperties.type, 'tls');

  // sa.pub: a bare public key, no private key anywhere.
  const related = byType('related-crypto-material');
  const sa = related.find((r) => r.evidence?.occurrences[0].location === 'etc/kubernetes/pki/sa.pub')!;
  assert.equal(sa.cryptoProperties.relatedCryptoMaterialProperties.type, 'public-key');
  assert.ok(!related.some((r) => r.cryptoProperties.relatedCryptoMaterialProperties.type === 'private-key'));

  // Dependencies: a certificate depends on its issuer's certificate.
  const ca = certs.find((c) => c.evidence.occurrences[0].location === 'etc/kubernetes/pki/ca.crt')!;
  const apiserver = certs.find((c) => c.evidence.occurrences[0].location === 'etc/kubernetes/pki/apiserver.crt')!;
  const deps = (bom.dependencies as Json[]).find((d) => d.ref === apiserver['bom-ref'])!;
  assert.ok(deps.dependsOn.includes(ca['bom-ref']));
  assert.ok((bom.dependencies as Json[]).every((d) => refs.has(d.ref) && d.dependsOn.every((r: string) => refs.has(r))));
  assert.equal(bom.metadata.properties.find((p: Json) => p.name === 'pqc-lens:readiness').value, (4 / 24).toFixed(4));
});

test('examples/: the composite CA is an ML-DSA-65 + ECDSA P-256 algorithm at NIST level 3', async () => {
  const bom = await cbomOf(join(repoRoot, 'examples'));
  const composite = (bom.components as Json[]).find((c) => c.cryptoProperties.oid === '1.3.6.1.5.5.7.6.45' && c.cryptoProperties.assetType === 'algorithm')!;
  assert.equal(composite.name, 'id-MLDSA65-ECDSA-P256-SHA512');
  assert.equal(composite.cryptoProperties.algorithmProperties.nistQuantumSecurityLevel, 3);
  assert.equal(composite.properties[0].value, 'hybrid');
});

test('CBOM round-trips through the CycloneDX library model and serializer', async () => {
  const bom = await cbomOf(FIXTURE);
  const { Models, Enums, Serialize, Spec } = cdx;
  const model = new Models.Bom();
  model.serialNumber = bom.serialNumber;
  model.metadata.timestamp = new Date(bom.metadata.timestamp);
  for (const tool of bom.metadata.tools.components) model.metadata.tools.components.add(new Models.Component(Enums.ComponentType.Application, tool.name, { version: tool.version }));
  for (const p of bom.metadata.properties) model.metadata.properties.add(new Models.Property(p.name, p.value));
  const byRef = new Map<string, InstanceType<typeof Models.Component>>();
  for (const c of bom.components as Json[]) {
    const component = new Models.Component(c.type as typeof Enums.ComponentType.CryptographicAsset, c.name, { bomRef: c['bom-ref'], description: c.description });
    for (const p of c.properties ?? []) component.properties.add(new Models.Property(p.name, p.value));
    byRef.set(c['bom-ref'], component);
    model.components.add(component);
  }
  for (const d of bom.dependencies as Json[]) for (const to of d.dependsOn) byRef.get(d.ref)!.dependencies.add(byRef.get(to)!.bomRef);
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  const text = serializer.serialize(model, { sortLists: false, space: 2 });
  assert.equal(await new cdx.Validation.JsonValidator(Spec.Version.v1dot6).validate(text), null);
  const again = JSON.parse(text) as Json;
  assert.equal(again.serialNumber, bom.serialNumber);
  assert.equal(again.metadata.timestamp, new Date(bom.metadata.timestamp).toISOString());
  const shape = (components: Json[]) => components.map((c) => [c['bom-ref'], c.type, c.name, (c.properties ?? []).map((p: Json) => `${p.name}=${p.value}`).sort().join('|')]).sort();
  assert.deepEqual(shape(again.components), shape(bom.components));
  const edges = (deps: Json[]) => deps.flatMap((d) => (d.dependsOn ?? []).map((to: string) => `${d.ref} -> ${to}`)).sort();
  assert.deepEqual(edges(again.dependencies), edges(bom.dependencies));
  assert.deepEqual(again.metadata.properties, bom.metadata.properties);
});
