// Private keys written into configuration: PEM PRIVATE KEY blocks in any file, Secret data /
// stringData entries such as tls.key, kubeconfig client-key-data. Only the location and the PEM
// label are used; the key material is never decoded, copied or shown.
import { defineRule } from '../../rule.js';
import { locatePrivateKeys } from '../../x509/locate.js';

export default defineRule({
  meta: {
    id: 'secret/inline-private-key',
    severity: 'warning',
    description: 'A private key is stored inline in a configuration file (PEM PRIVATE KEY block, Secret tls.key / *.key data, kubeconfig client-key-data).',
    appliesTo: ['kubernetes-yaml', 'pem', 'step-ca-json', 'unknown'],
    fixable: false,
    sources: [
      'Kubernetes documentation: Good practices for Kubernetes Secrets (do not commit Secret manifests with data to source control)',
      'cert-manager documentation (keys generated in-cluster and stored in Secrets it manages)',
    ],
  },
  check(ctx) {
    for (const key of locatePrivateKeys(ctx.file)) {
      const where = key.keyPath ? ` at ${key.keyPath}` : '';
      ctx.report({
        span: key.span,
        message: `Private key stored in this file${where} (${key.label}). Anyone with read access to the file or its history has the key. Generate keys where they are used (cert-manager, step-ca, an HSM/KMS) or reference them from a secret store (External Secrets, Vault, SOPS-encrypted files); if this key was ever committed, rotate it.`,
      });
    }
  },
});
