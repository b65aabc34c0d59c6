// Generated workloads shared by the load tests (protocol) and the slow suite.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from '../helpers.js';

/** A manifest of about 5,000 lines: issuers, Certificates with RSA keys, Secrets, and ConfigMaps with inline certificates. */
export function largeManifest(groups = 160): string {
  const pem = readFileSync(join(fixturesDir, 'certs', 'ecdsa-p256-ca.pem'), 'utf8').trim().split('\n').map((l) => `    ${l}`).join('\n');
  const parts: string[] = [];
  for (let i = 0; i < groups; i++) {
    parts.push(`apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: issuer-${i}
spec:
  ca:
    secretName: ca-${i}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: cert-${i}
  namespace: team-${i % 7}
spec:
  secretName: cert-${i}-tls
  dnsNames: [svc-${i}.example.com]
  privateKey:
    algorithm: RSA
    size: 2048
  issuerRef:
    name: issuer-${i}
    kind: ClusterIssuer
---
apiVersion: v1
kind: Secret
metadata:
  name: opaque-${i}
type: Opaque
data:
  note: ${Buffer.from(`note ${i} `.repeat(20)).toString('base64')}
`);
    if (i % 16 === 0) parts.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: trust-${i}\ndata:\n  ca.crt: |\n${pem}\n`);
  }
  return parts.join('---\n');
}
