// Generates test/fixtures/inventory/kubeadm-cluster/: the files of a kubeadm cluster with Istio,
// cert-manager, SPIRE, ingress-nginx and an admission webhook, with one certificate (or key) for
// every row of the migration guide's table "Mapping the Kubernetes Certificate Landscape"
// (../shared/seeds/000_913be8e6bf26f545.txt), each with the signer and default algorithm the
// table gives:
//
//   etc/kubernetes/pki/ca.crt                        Cluster CA (root)              self-signed   RSA-2048
//   etc/kubernetes/pki/apiserver.crt                 API server serving cert        Cluster CA    RSA-2048
//   etc/kubernetes/pki/apiserver-kubelet-client.crt  API server kubelet client      Cluster CA    RSA-2048
//   var/lib/kubelet/pki/kubelet.crt                  Kubelet server cert            Cluster CA    ECDSA P-256
//   etc/kubernetes/pki/etcd/ca.crt                   etcd CA                        self-signed   RSA-2048
//   etc/kubernetes/pki/etcd/peer.crt                 etcd peer cert                 etcd CA       RSA-2048
//   etc/kubernetes/pki/apiserver-etcd-client.crt     etcd client cert (apiserver)   etcd CA       RSA-2048
//   etc/kubernetes/pki/front-proxy-ca.crt            Front proxy CA                 self-signed   RSA-2048
//   etc/kubernetes/pki/sa.pub                        Service account signing key    (JWT)         RSA-2048
//   manifests/ingress/shop.yaml                      Ingress TLS (ACME)             ACME CA       ECDSA P-256
//   manifests/webhook/pqc-admission.yaml             Admission webhook TLS          cert-manager  ECDSA P-256
//   manifests/istio/cacerts.yaml                     Istio Root CA                  self-signed   ECDSA P-256
//   captures/istio/productpage-cert-chain.pem        Istio workload cert (SVID)     Istio CA      ECDSA P-256
//   spire/svids/frontend-svid.pem                    SPIRE SVID                     SPIRE CA      ECDSA P-256
//   manifests/cert-manager/internal-ca-secret.yaml   cert-manager ClusterIssuer CA  Cluster CA    ECDSA P-256
//
// plus the configuration around them (kubeadm ClusterConfiguration, cert-manager ClusterIssuers,
// SPIRE server.conf and its UpstreamAuthority CA, Istio and ingress-nginx key-exchange settings,
// openssl.cnf). No private key is written anywhere.
//
// Deterministic: keys come from a fixed seed (RSA primes from an HMAC-SHA-256 stream, ECDSA with
// RFC 6979 signatures from @noble/curves), serial numbers and dates are fixed, so running the
// script again rewrites byte-identical files.
//
// Usage: node scripts/gen-inventory-fixtures.mjs [--out DIR]   (default: the committed location)
import 'reflect-metadata';
import { createHash, createHmac, createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as x509 from '@peculiar/x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, Extension, Extensions, Name, SubjectPublicKeyInfo, TBSCertificate, Time, Validity, Version } from '@peculiar/asn1-x509';
import { p256 } from '@noble/curves/nist.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? resolve(process.argv[outArg + 1]) : join(repo, 'test', 'fixtures', 'inventory', 'kubeadm-cluster');
const SEED = 'pqc-lens inventory fixture v1';

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

function stream(label) {
  let counter = 0;
  let buffer = Buffer.alloc(0);
  return (n) => {
    while (buffer.length < n) {
      const block = createHmac('sha256', SEED).update(`${label}/${counter++}`).digest();
      buffer = Buffer.concat([buffer, block]);
    }
    const bytes = buffer.subarray(0, n);
    buffer = buffer.subarray(n);
    return Buffer.from(bytes);
  };
}

const toBig = (bytes) => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);

function toBytes(value, length) {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const bytes = Buffer.from(hex, 'hex');
  return length && bytes.length < length ? Buffer.concat([Buffer.alloc(length - bytes.length), bytes]) : bytes;
}

function modPow(base, exponent, modulus) {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

function modInverse(a, m) {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new Error('not invertible');
  return ((oldS % m) + m) % m;
}

const SMALL_PRIMES = (() => {
  const out = [];
  for (let n = 3; out.length < 300; n += 2) if (out.every((p) => n % p !== 0)) out.push(n);
  return out.map(BigInt);
})();

function probablyPrime(n, random) {
  for (const p of SMALL_PRIMES) if (n % p === 0n) return n === p;
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  for (let round = 0; round < 24; round++) {
    const a = 2n + (toBig(random(128)) % (n - 3n));
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    let composite = true;
    for (let i = 1; i < s; i++) {
      x = (x * x) % n;
      if (x === n - 1n) {
        composite = false;
        break;
      }
    }
    if (composite) return false;
  }
  return true;
}

function prime(bits, random) {
  for (;;) {
    const bytes = random(bits / 8);
    bytes[0] |= 0xc0; // top two bits: p*q has exactly 2*bits bits
    bytes[bytes.length - 1] |= 1;
    const candidate = toBig(bytes);
    if ((candidate - 1n) % 65537n !== 0n && probablyPrime(candidate, random)) return candidate;
  }
}

const b64url = (bytes) => Buffer.from(bytes).toString('base64url');

// ---------------------------------------------------------------------------------------------
// Keys and signatures

const SHA256_RSA = '1.2.840.113549.1.1.11';
const ECDSA_SHA256 = '1.2.840.10045.4.3.2';

function rsaKey(label) {
  const random = stream(`rsa/${label}`);
  const e = 65537n;
  const p = prime(1024, random);
  let q = prime(1024, random);
  while (q === p) q = prime(1024, random);
  const n = p * q;
  const d = modInverse(e, (p - 1n) * (q - 1n));
  const jwk = {
    kty: 'RSA', n: b64url(toBytes(n)), e: b64url(toBytes(e)), d: b64url(toBytes(d)), p: b64url(toBytes(p)), q: b64url(toBytes(q)),
    dp: b64url(toBytes(d % (p - 1n))), dq: b64url(toBytes(d % (q - 1n))), qi: b64url(toBytes(modInverse(q, p))),
  };
  const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return {
    spki,
    signatureOid: SHA256_RSA,
    signatureParams: null,
    sign: (tbs) => nodeSign('sha256', tbs, privateKey), // PKCS #1 v1.5: deterministic
    verify: (tbs, sig) => nodeVerify('sha256', tbs, createPublicKey(privateKey), sig),
  };
}

function ecKey(label) {
  const secret = createHash('sha256').update(`${SEED}/ec/${label}`).digest();
  const point = p256.getPublicKey(secret, false);
  const jwk = { kty: 'EC', crv: 'P-256', x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33, 65)), d: b64url(secret) };
  const spki = createPublicKey(createPrivateKey({ key: jwk, format: 'jwk' })).export({ type: 'spki', format: 'der' });
  return {
    spki,
    signatureOid: ECDSA_SHA256,
    sign: (tbs) => Buffer.from(p256.sign(tbs, secret, { format: 'der' })), // RFC 6979: deterministic
    verify: (tbs, sig) => nodeVerify('sha256', tbs, createPublicKey({ key: jwk, format: 'jwk' }), sig),
  };
}

// ---------------------------------------------------------------------------------------------
// Certificates

const NOT_BEFORE = new Date('2026-01-15T08:00:00Z');
const after = (days) => new Date(NOT_BEFORE.getTime() + days * 86_400_000);

function asnName(text) {
  return AsnConvert.parse(new x509.Name(text).toArrayBuffer(), Name);
}

function keyId(spki) {
  const info = AsnConvert.parse(spki, SubjectPublicKeyInfo);
  return createHash('sha1').update(Buffer.from(info.subjectPublicKey)).digest('hex');
}

function pem(label, der) {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/**
 * A certificate for `key`, signed by `issuer` (itself when absent).
 * spec: { subject, days, ca?, pathLength?, usages?, eku?, sans? }
 */
function certificate(label, key, spec, issuer) {
  const signer = issuer ?? { key, subject: spec.subject, keyId: keyId(key.spki) };
  const serial = createHash('sha256').update(`${SEED}/serial/${label}`).digest().subarray(0, 16);
  serial[0] &= 0x7f;
  const usages = spec.usages ?? (spec.ca
    ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature
    : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment);
  const extensions = [
    new x509.BasicConstraintsExtension(spec.ca === true, spec.pathLength, true),
    new x509.KeyUsagesExtension(usages, true),
    ...(spec.eku ? [new x509.ExtendedKeyUsageExtension(spec.eku)] : []),
    new x509.SubjectKeyIdentifierExtension(keyId(key.spki)),
    ...(issuer ? [new x509.AuthorityKeyIdentifierExtension(signer.keyId)] : []),
    ...(spec.sans ? [new x509.SubjectAlternativeNameExtension(spec.sans)] : []),
  ].map((e) => AsnConvert.parse(e.rawData, Extension));
  const algorithm = new AlgorithmIdentifier({ algorithm: signer.key.signatureOid, ...(signer.key.signatureOid === SHA256_RSA ? { parameters: null } : {}) });
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: serial,
    signature: algorithm,
    issuer: asnName(signer.subject),
    validity: new Validity({ notBefore: new Time({ utcTime: NOT_BEFORE }), notAfter: new Time({ utcTime: after(spec.days) }) }),
    subject: asnName(spec.subject),
    subjectPublicKeyInfo: AsnConvert.parse(key.spki, SubjectPublicKeyInfo),
    extensions: new Extensions(extensions),
  });
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  const signature = signer.key.sign(tbsDer);
  if (!signer.key.verify(tbsDer, signature)) throw new Error(`self-check failed for ${label}`);
  const der = Buffer.from(AsnConvert.serialize(new Certificate({ tbsCertificate: tbs, signatureAlgorithm: algorithm, signatureValue: signature })));
  return { der, pem: pem('CERTIFICATE', der), subject: spec.subject, key, keyId: keyId(key.spki) };
}

// ---------------------------------------------------------------------------------------------
// The cluster

const files = new Map();
const write = (rel, text) => files.set(rel, text);
const b64 = (text) => Buffer.from(text).toString('base64');
const SERVER = [x509.ExtendedKeyUsage.serverAuth];
const CLIENT = [x509.ExtendedKeyUsage.clientAuth];

// kubeadm PKI (kubeadm's default encryptionAlgorithm RSA-2048; names as `kubeadm init` writes them)
const clusterCa = certificate('cluster-ca', rsaKey('cluster-ca'), { subject: 'CN=kubernetes', days: 3650, ca: true });
const apiserver = certificate('apiserver', rsaKey('apiserver'), {
  subject: 'CN=kube-apiserver', days: 365, eku: SERVER,
  sans: [
    { type: 'dns', value: 'cp-1' }, { type: 'dns', value: 'kubernetes' }, { type: 'dns', value: 'kubernetes.default' },
    { type: 'dns', value: 'kubernetes.default.svc' }, { type: 'dns', value: 'kubernetes.default.svc.cluster.local' },
    { type: 'ip', value: '10.96.0.1' }, { type: 'ip', value: '192.168.10.11' },
  ],
}, clusterCa);
const kubeletClient = certificate('apiserver-kubelet-client', rsaKey('apiserver-kubelet-client'), { subject: 'CN=kube-apiserver-kubelet-client, O=kubeadm:cluster-admins', days: 365, eku: CLIENT, usages: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment }, clusterCa);
const etcdCa = certificate('etcd-ca', rsaKey('etcd-ca'), { subject: 'CN=etcd-ca', days: 3650, ca: true });
const etcdPeer = certificate('etcd-peer', rsaKey('etcd-peer'), {
  subject: 'CN=cp-1', days: 365, eku: [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth],
  sans: [{ type: 'dns', value: 'cp-1' }, { type: 'dns', value: 'localhost' }, { type: 'ip', value: '192.168.10.11' }, { type: 'ip', value: '127.0.0.1' }],
}, etcdCa);
const etcdClient = certificate('apiserver-etcd-client', rsaKey('apiserver-etcd-client'), { subject: 'CN=kube-apiserver-etcd-client', days: 365, eku: CLIENT }, etcdCa);
const frontProxyCa = certificate('front-proxy-ca', rsaKey('front-proxy-ca'), { subject: 'CN=front-proxy-ca', days: 3650, ca: true });
const saKey = rsaKey('sa');
// The table gives ECDSA P-256 for the kubelet server certificate, signed by the cluster CA (serverTLSBootstrap).
const kubelet = certificate('kubelet', ecKey('kubelet'), {
  subject: 'CN=system:node:cp-1, O=system:nodes', days: 365, eku: SERVER, usages: x509.KeyUsageFlags.digitalSignature,
  sans: [{ type: 'dns', value: 'cp-1' }, { type: 'ip', value: '192.168.10.11' }],
}, clusterCa);

write('etc/kubernetes/pki/ca.crt', clusterCa.pem);
write('etc/kubernetes/pki/apiserver.crt', apiserver.pem);
write('etc/kubernetes/pki/apiserver-kubelet-client.crt', kubeletClient.pem);
write('etc/kubernetes/pki/apiserver-etcd-client.crt', etcdClient.pem);
write('etc/kubernetes/pki/front-proxy-ca.crt', frontProxyCa.pem);
write('etc/kubernetes/pki/sa.pub', pem('PUBLIC KEY', saKey.spki));
write('etc/kubernetes/pki/etcd/ca.crt', etcdCa.pem);
write('etc/kubernetes/pki/etcd/peer.crt', etcdPeer.pem);
write('var/lib/kubelet/pki/kubelet.crt', kubelet.pem);

write('etc/kubernetes/kubeadm-config.yaml', `# kubeadm init --config kubeadm-config.yaml (the PKI above is what it created).
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
clusterName: fixture
kubernetesVersion: v1.33.2
controlPlaneEndpoint: cp-1:6443
certificatesDir: /etc/kubernetes/pki
encryptionAlgorithm: RSA-2048
---
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
serverTLSBootstrap: true
rotateCertificates: true
`);

write('etc/ssl/openssl.cnf', `# Node OpenSSL configuration (the migration guide's provider set-up, OpenSSL 3.5 group names).
openssl_conf = openssl_init

[openssl_init]
providers = provider_sect
ssl_conf = ssl_sect

[provider_sect]
default = default_sect

[default_sect]
activate = 1

[ssl_sect]
system_default = system_default_sect

[system_default_sect]
MinProtocol = TLSv1.3
Groups = X25519MLKEM768:X25519:P-256
`);

// cert-manager: a CA ClusterIssuer whose CA certificate the cluster CA signed, and an ACME issuer.
const internalCa = certificate('internal-ca', ecKey('internal-ca'), { subject: 'CN=internal-ca, O=platform', days: 1825, ca: true, pathLength: 0 }, clusterCa);
write('manifests/cert-manager/cluster-issuers.yaml', `apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: internal-ca
spec:
  ca:
    secretName: internal-ca
---
apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: letsencrypt-prod
spec:
  acme:
    server: https://acme.example.net/directory
    email: platform@example.com
    privateKeySecretRef:
      name: letsencrypt-prod-account-key
    solvers:
      - http01:
          ingress:
            ingressClassName: nginx
`);
write('manifests/cert-manager/internal-ca-secret.yaml', `# The CA key pair of ClusterIssuer internal-ca (tls.key is not part of the fixture).
apiVersion: v1
kind: Secret
metadata:
  name: internal-ca
  namespace: cert-manager
type: kubernetes.io/tls
data:
  tls.crt: ${b64(internalCa.pem)}
`);

// Ingress TLS from an ACME CA (the CA itself is outside the cluster, so it is not in the workspace).
const acmeCa = { key: ecKey('acme-ca'), subject: 'CN=Fixture ACME Intermediate, O=Example ACME CA, C=US' };
acmeCa.keyId = keyId(acmeCa.key.spki);
const shop = certificate('shop', ecKey('shop'), { subject: 'CN=shop.example.com', days: 90, eku: SERVER, usages: x509.KeyUsageFlags.digitalSignature, sans: [{ type: 'dns', value: 'shop.example.com' }] }, acmeCa);
write('manifests/ingress/shop.yaml', `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt-prod
spec:
  ingressClassName: nginx
  tls:
    - hosts:
        - shop.example.com
      secretName: shop-example-com-tls
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: shop
                port:
                  number: 8080
---
# Issued by cert-manager from letsencrypt-prod (tls.key is not part of the fixture).
apiVersion: v1
kind: Secret
metadata:
  name: shop-example-com-tls
  namespace: shop
  annotations:
    cert-manager.io/issuer-name: letsencrypt-prod
    cert-manager.io/issuer-kind: ClusterIssuer
type: kubernetes.io/tls
data:
  tls.crt: ${b64(shop.pem)}
`);
write('manifests/ingress-nginx/controller-configmap.yaml', `apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
  labels:
    app.kubernetes.io/name: ingress-nginx
    app.kubernetes.io/component: controller
data:
  ssl-ecdh-curve: "X25519MLKEM768:X25519:prime256v1"
`);

// Admission webhook: a cert-manager selfSigned serving certificate, injected as the caBundle.
const webhook = certificate('webhook', ecKey('webhook'), {
  subject: 'CN=pqc-admission.platform-system.svc', days: 365, eku: SERVER, usages: x509.KeyUsageFlags.digitalSignature,
  sans: [{ type: 'dns', value: 'pqc-admission.platform-system.svc' }],
});
write('manifests/webhook/pqc-admission.yaml', `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: pqc-admission
webhooks:
  - name: validate.pqc-admission.platform-system.svc
    admissionReviewVersions: ["v1"]
    sideEffects: None
    clientConfig:
      service:
        name: pqc-admission
        namespace: platform-system
        path: /validate
      caBundle: ${b64(webhook.pem)}
    rules:
      - apiGroups: ["apps"]
        apiVersions: ["v1"]
        operations: ["CREATE", "UPDATE"]
        resources: ["deployments"]
`);

// Istio: the plug-in CA (its root serves as the signing CA) and a workload certificate from a sidecar.
const istioRoot = certificate('istio-root', ecKey('istio-root'), { subject: 'O=Istio, CN=Root CA', days: 3650, ca: true });
write('manifests/istio/cacerts.yaml', `# Istio plug-in CA (kubectl create secret generic cacerts -n istio-system --from-file=...).
# The root signs workload certificates directly; ca-key.pem is not part of the fixture.
apiVersion: v1
kind: Secret
metadata:
  name: cacerts
  namespace: istio-system
type: Opaque
data:
  ca-cert.pem: ${b64(istioRoot.pem)}
  root-cert.pem: ${b64(istioRoot.pem)}
  cert-chain.pem: ${b64(istioRoot.pem)}
`);
write('manifests/istio/istio-operator.yaml', `apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata:
  name: control-plane
  namespace: istio-system
spec:
  meshConfig:
    tlsDefaults:
      ecdhCurves:
        - X25519
        - P-256
`);
const productpage = certificate('productpage', ecKey('productpage'), {
  subject: 'O=cluster.local', days: 365, eku: [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth],
  usages: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
  sans: [{ type: 'url', value: 'spiffe://cluster.local/ns/bookinfo/sa/bookinfo-productpage' }],
}, istioRoot);
write('captures/istio/productpage-cert-chain.pem', productpage.pem);

// SPIRE: the UpstreamAuthority "disk" CA and an SVID it signed (as `spire-agent api fetch x509` writes it).
const spireCa = certificate('spire-upstream', ecKey('spire-upstream'), { subject: 'CN=example.org upstream CA, O=SPIFFE, C=US', days: 1825, ca: true });
const frontend = certificate('frontend-svid', ecKey('frontend-svid'), {
  subject: 'O=SPIRE, C=US', days: 365, eku: [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth],
  usages: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
  sans: [{ type: 'url', value: 'spiffe://example.org/ns/shop/sa/frontend' }],
}, spireCa);
write('spire/upstream_ca.crt', spireCa.pem);
write('spire/svids/frontend-svid.pem', frontend.pem);
write('spire/server.conf', `server {
  bind_address = "0.0.0.0"
  bind_port = "8081"
  trust_domain = "example.org"
  data_dir = "/run/spire/data"
  ca_key_type = "ec-p256"

  experimental {
    require_pq_kem = true
  }
}

plugins {
  DataStore "sql" {
    plugin_data {
      database_type = "sqlite3"
      connection_string = "/run/spire/data/datastore.sqlite3"
    }
  }

  KeyManager "disk" {
    plugin_data {
      keys_path = "/run/spire/data/keys.json"
    }
  }

  UpstreamAuthority "disk" {
    plugin_data {
      key_file_path = "/run/spire/conf/upstream_ca.key"
      cert_file_path = "/run/spire/conf/upstream_ca.crt"
    }
  }
}
`);

write('README.md', `# Inventory fixture: a kubeadm cluster with Istio, cert-manager and SPIRE

Generated by \`node scripts/gen-inventory-fixtures.mjs\` (deterministic: running it again rewrites
the same bytes). One certificate or key per row of the migration guide's table "Mapping the
Kubernetes Certificate Landscape", with the signer and default algorithm the table gives; see the
header of the script for which file holds which row. The files carry no private keys.
`);

// ---------------------------------------------------------------------------------------------

rmSync(out, { recursive: true, force: true });
for (const [rel, text] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
  const path = join(out, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
console.log(`wrote ${files.size} files to ${out}`);
