// Generates the certificate material of examples/ (and the YAML files that embed it):
//
//   examples/pki/{ca.crt, apiserver.crt, etcd/ca.crt, sa.pub}   kubeadm PKI, RSA-2048 (the kubeadm default)
//   examples/pki/hybrid-ca.crt                                    composite ML-DSA-65 + ECDSA P-256 CA (the guide's Phase 3)
//   examples/step/certs/{root_ca.crt, intermediate_ca.crt}        step-ca chain, ECDSA P-256 (what `step ca init` makes)
//   examples/spire/upstream_ca.crt                                SPIRE UpstreamAuthority "disk" CA, ECDSA P-256
//   examples/istio/cacerts.yaml                                   Istio plug-in CA Secret, ECDSA P-256, with ONE example key
//   examples/step/step-issuer.yaml                                caBundle = base64 of step/certs/root_ca.crt
//
// Private keys are generated in memory and thrown away, except the Istio intermediate key that is
// written into cacerts.yaml on purpose (labelled as an example) so `secret/inline-private-key` has
// something to find. Existing certificates are kept unless --force is given, so re-running the
// script does not churn the committed files; step-issuer.yaml is always re-rendered from root_ca.crt.
//
// Usage: node scripts/gen-examples.mjs [--force]
import 'reflect-metadata';
import { webcrypto, createHash, generateKeyPairSync, sign as nodeSign, verify as nodeVerify, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as x509 from '@peculiar/x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, Extension, Extensions, Name, SubjectPublicKeyInfo, TBSCertificate, Time, Validity, Version } from '@peculiar/asn1-x509';
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'examples');
const force = process.argv.includes('--force');
const crypto = webcrypto;
x509.cryptoProvider.set(crypto);

// Fixed validity windows so the files read like a cluster set up in November 2026.
const NOT_BEFORE = new Date('2026-11-20T09:00:00Z');
const years = (n) => new Date(Date.UTC(NOT_BEFORE.getUTCFullYear() + n, NOT_BEFORE.getUTCMonth(), NOT_BEFORE.getUTCDate(), 9));

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const EC = { name: 'ECDSA', namedCurve: 'P-256' };
const EC_SIGN = { name: 'ECDSA', hash: 'SHA-256' };

function serial() {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f; // positive INTEGER
  return Buffer.from(bytes).toString('hex');
}

function write(rel, text) {
  const path = join(out, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  console.log(`wrote examples/${rel}`);
}

function needed(rel) {
  return force || !existsSync(join(out, rel));
}

function pem(label, der) {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

async function keys(alg) {
  return crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
}

const caExtensions = async (publicKey, pathLength) => [
  new x509.BasicConstraintsExtension(true, pathLength, true),
  new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
  await x509.SubjectKeyIdentifierExtension.create(publicKey),
];

async function selfSignedCa(subject, alg, signingAlgorithm, notAfter, pathLength) {
  const pair = await keys(alg);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(), name: subject, notBefore: NOT_BEFORE, notAfter, signingAlgorithm, keys: pair,
    extensions: await caExtensions(pair.publicKey, pathLength),
  });
  return { cert, keys: pair };
}

async function issued(issuer, subject, alg, signingAlgorithm, notAfter, extensions) {
  const pair = await keys(alg);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(), subject, issuer: issuer.cert.subject, notBefore: NOT_BEFORE, notAfter, signingAlgorithm,
    publicKey: pair.publicKey, signingKey: issuer.keys.privateKey,
    extensions: [
      ...(await extensions(pair.publicKey)),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.cert),
    ],
  });
  return { cert, keys: pair };
}

// --- kubeadm PKI (RSA-2048, kubeadm's default encryptionAlgorithm) ------------------------------
async function kubeadmPki() {
  if (needed('pki/ca.crt') || needed('pki/apiserver.crt')) {
    const ca = await selfSignedCa('CN=kubernetes', RSA, RSA, years(10), undefined);
    const apiserver = await issued(ca, 'CN=kube-apiserver', RSA, RSA, years(1), async (pub) => [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      await x509.SubjectKeyIdentifierExtension.create(pub),
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'cp-1' },
        { type: 'dns', value: 'kubernetes' },
        { type: 'dns', value: 'kubernetes.default' },
        { type: 'dns', value: 'kubernetes.default.svc' },
        { type: 'dns', value: 'kubernetes.default.svc.cluster.local' },
        { type: 'dns', value: 'k8s-api.example.internal' },
        { type: 'ip', value: '10.96.0.1' },
        { type: 'ip', value: '192.168.10.11' },
      ]),
    ]);
    write('pki/ca.crt', ca.cert.toString('pem') + '\n');
    write('pki/apiserver.crt', apiserver.cert.toString('pem') + '\n');
  }
  if (needed('pki/etcd/ca.crt')) {
    const etcd = await selfSignedCa('CN=etcd-ca', RSA, RSA, years(10), undefined);
    write('pki/etcd/ca.crt', etcd.cert.toString('pem') + '\n');
  }
  if (needed('pki/sa.pub')) {
    const sa = await keys(RSA);
    write('pki/sa.pub', pem('PUBLIC KEY', await crypto.subtle.exportKey('spki', sa.publicKey)));
  }
}

// --- composite ML-DSA-65 + ECDSA P-256 (draft-ietf-lamps-pq-composite-sigs -13 and later) -------
const COMPOSITE_OID = '1.3.6.1.5.5.7.6.45'; // id-MLDSA65-ECDSA-P256-SHA512
const COMPOSITE_LABEL = Buffer.from('COMPSIG-MLDSA65-ECDSA-P256-SHA512', 'ascii');
const COMPOSITE_PREFIX = Buffer.from('CompositeAlgorithmSignatures2025', 'ascii');

function compositeMessage(tbs) {
  // M' = Prefix || Label || len(ctx) || ctx || SHA512(M), with an empty ctx for X.509.
  return Buffer.concat([COMPOSITE_PREFIX, COMPOSITE_LABEL, Buffer.from([0]), createHash('sha512').update(tbs).digest()]);
}

function asnName(text) {
  return AsnConvert.parse(new x509.Name(text).toArrayBuffer(), Name);
}

async function hybridCa() {
  if (!needed('pki/hybrid-ca.crt')) return;
  const mldsa = ml_dsa65.keygen();
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = ec.publicKey.export({ format: 'jwk' });
  const ecPoint = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
  const publicKey = Buffer.concat([Buffer.from(mldsa.publicKey), ecPoint]);
  const algorithm = new AlgorithmIdentifier({ algorithm: COMPOSITE_OID }); // parameters ABSENT
  const ski = createHash('sha1').update(publicKey).digest();
  const extensions = [
    new x509.BasicConstraintsExtension(true, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
    new x509.SubjectKeyIdentifierExtension(Buffer.from(ski).toString('hex')),
  ].map((e) => AsnConvert.parse(e.rawData, Extension));
  const name = asnName('CN=kubernetes-hybrid-ca, O=kubernetes');
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: Buffer.from(serial(), 'hex'),
    signature: algorithm,
    issuer: name,
    validity: new Validity({ notBefore: new Time({ utcTime: NOT_BEFORE }), notAfter: new Time({ utcTime: years(10) }) }),
    subject: name,
    subjectPublicKeyInfo: new SubjectPublicKeyInfo({ algorithm, subjectPublicKey: publicKey }),
    extensions: new Extensions(extensions),
  });
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  const message = compositeMessage(tbsDer);
  const mldsaSig = ml_dsa65.sign(message, mldsa.secretKey, { context: COMPOSITE_LABEL });
  const ecSig = nodeSign('sha256', message, ec.privateKey); // DER Ecdsa-Sig-Value
  const cert = new Certificate({ tbsCertificate: tbs, signatureAlgorithm: algorithm, signatureValue: Buffer.concat([Buffer.from(mldsaSig), ecSig]) });
  const der = Buffer.from(AsnConvert.serialize(cert));
  // Self-check with the verification procedure of KNOWLEDGE.md section 10 before writing anything.
  const parsed = AsnConvert.parse(der, Certificate);
  const sig = Buffer.from(parsed.signatureValue);
  const pk = Buffer.from(parsed.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey);
  const m2 = compositeMessage(Buffer.from(parsed.tbsCertificateRaw));
  const okPq = ml_dsa65.verify(sig.subarray(0, 3309), m2, pk.subarray(0, 1952), { context: COMPOSITE_LABEL });
  const okEc = nodeVerify('sha256', m2, ec.publicKey, sig.subarray(3309));
  if (!okPq || !okEc) throw new Error(`composite self-check failed (ML-DSA ${okPq}, ECDSA ${okEc})`);
  write('pki/hybrid-ca.crt', pem('CERTIFICATE', der));
}

// --- step-ca chain (ECDSA P-256, as `step ca init` creates it) ----------------------------------
async function stepChain() {
  if (!needed('step/certs/root_ca.crt') && !needed('step/certs/intermediate_ca.crt')) return;
  const rootCa = await selfSignedCa('CN=Example Platform Root CA, O=Example Platform', EC, EC_SIGN, years(10), 1);
  const intermediate = await issued(rootCa, 'CN=Example Platform Intermediate CA, O=Example Platform', EC, EC_SIGN, years(10), async (pub) => [
    new x509.BasicConstraintsExtension(true, 0, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
    await x509.SubjectKeyIdentifierExtension.create(pub),
  ]);
  write('step/certs/root_ca.crt', rootCa.cert.toString('pem') + '\n');
  write('step/certs/intermediate_ca.crt', intermediate.cert.toString('pem') + '\n');
}

// --- SPIRE upstream CA --------------------------------------------------------------------------
async function spireUpstream() {
  if (!needed('spire/upstream_ca.crt')) return;
  const ca = await selfSignedCa('CN=example.org upstream CA, O=SPIFFE, C=US', EC, EC_SIGN, years(5), undefined);
  write('spire/upstream_ca.crt', ca.cert.toString('pem') + '\n');
}

// --- Istio plug-in CA (cacerts Secret) ----------------------------------------------------------
async function istioCacerts() {
  if (!needed('istio/cacerts.yaml')) return;
  const rootCa = await selfSignedCa('O=Istio, CN=Root CA', EC, EC_SIGN, years(10), undefined);
  const intermediate = await issued(rootCa, 'O=Istio, CN=Intermediate CA, L=cluster1', EC, EC_SIGN, years(2), async (pub) => [
    new x509.BasicConstraintsExtension(true, 0, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
    await x509.SubjectKeyIdentifierExtension.create(pub),
    new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'istiod.istio-system.svc' }]),
  ]);
  const rootPem = rootCa.cert.toString('pem') + '\n';
  const caPem = intermediate.cert.toString('pem') + '\n';
  const keyPem = pem('PRIVATE KEY', await crypto.subtle.exportKey('pkcs8', intermediate.keys.privateKey));
  const b64 = (text) => Buffer.from(text).toString('base64');
  write('istio/cacerts.yaml', `# Istio "plug in CA certificates": istiod signs workload certificates with ca-cert.pem/ca-key.pem.
# Created like the Istio docs show (kubectl create secret generic cacerts -n istio-system --from-file=...).
#
# EXAMPLE ONLY: ca-key.pem below is a throwaway ECDSA key generated by scripts/gen-examples.mjs for
# this example repository. It protects nothing. It is here so that PQC Lens can show what it reports
# when a CA private key is committed inline in a manifest (rule secret/inline-private-key).
apiVersion: v1
kind: Secret
metadata:
  name: cacerts
  namespace: istio-system
  labels:
    app.kubernetes.io/part-of: pqc-lens-examples
  annotations:
    pqc-lens.dev/example: "throwaway key generated for the PQC Lens examples; not a real credential"
type: Opaque
data:
  ca-cert.pem: ${b64(caPem)}
  ca-key.pem: ${b64(keyPem)}
  root-cert.pem: ${b64(rootPem)}
  cert-chain.pem: ${b64(caPem + rootPem)}
`);
}

// --- step-issuer resources (caBundle = base64 of the step-ca root PEM) --------------------------
function stepIssuer() {
  const rootPem = readFileSync(join(out, 'step/certs/root_ca.crt'), 'utf8');
  const caBundle = Buffer.from(rootPem).toString('base64');
  write('step/step-issuer.yaml', `# smallstep step-issuer: cert-manager external issuers backed by the step-ca in step/step-ca.yaml.
# caBundle is the base64 of step/certs/root_ca.crt (written by scripts/gen-examples.mjs).
apiVersion: certmanager.step.sm/v1beta1
kind: StepClusterIssuer
metadata:
  name: hybrid-pqc-issuer
spec:
  url: https://step-ca.cert-manager.svc.cluster.local:9000
  caBundle: ${caBundle}
  provisioner:
    name: k8s-provisioner
    kid: ${stepProvisionerKid()}
    passwordRef:
      name: step-provisioner-password
      namespace: cert-manager
      key: password
---
# A namespaced issuer for the payments team that reads the provisioner password from the
# controller's environment (spec.provisioner.passwordEnv).
apiVersion: certmanager.step.sm/v1beta1
kind: StepIssuer
metadata:
  name: payments-step-issuer
  namespace: payments
spec:
  url: https://step-ca.cert-manager.svc.cluster.local:9000
  caBundle: ${caBundle}
  provisioner:
    name: k8s-provisioner
    kid: ${stepProvisionerKid()}
    passwordEnv: STEP_PROVISIONER_PASSWORD
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: step-issuer
  namespace: step-issuer-system
  labels:
    app.kubernetes.io/name: step-issuer
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: step-issuer
  template:
    metadata:
      labels:
        app.kubernetes.io/name: step-issuer
    spec:
      serviceAccountName: step-issuer
      containers:
        - name: manager
          image: cr.step.sm/smallstep/step-issuer:0.10.0
          args:
            - --metrics-addr=127.0.0.1:8080
            - --enable-leader-election
          env:
            - name: STEP_PROVISIONER_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: step-provisioner-password
                  key: password
          resources:
            limits:
              cpu: 100m
              memory: 64Mi
`);
}

// The JWK provisioner's kid (RFC 7638 thumbprint) is fixed in step/ca.json; reuse it here.
function stepProvisionerKid() {
  const ca = JSON.parse(readFileSync(join(out, 'step/ca.json'), 'utf8'));
  const jwk = ca.authority.provisioners.find((p) => p.type === 'JWK');
  return jwk.key.kid;
}

await kubeadmPki();
await hybridCa();
await stepChain();
await spireUpstream();
await istioCacerts();
stepIssuer();
