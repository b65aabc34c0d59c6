// examples/ is built to show specific problems. These expectations cover the rules that existed
// when the examples were written; add new rules' expectations here when they should fire.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, copyToTemp, examplesDir, type JsonOutput } from './run.js';

test('examples/: the findings the examples were written to show', () => {
  const { dir, cleanup } = copyToTemp(examplesDir, 'examples');
  try {
    const r = cli(['check', '--format', 'json', 'examples'], dir);
    const output = JSON.parse(r.stdout) as JsonOutput;
    const has = (ruleId: string, file: string, pattern?: RegExp): boolean =>
      output.findings.some((f) => f.ruleId === ruleId && f.file === file && (!pattern || pattern.test(f.message)));
    const expect = (ruleId: string, file: string, pattern?: RegExp): void =>
      assert.ok(has(ruleId, file, pattern), `expected ${ruleId} in ${file}${pattern ? ` ~ ${pattern}` : ''}\n${JSON.stringify(output.findings.map((f) => `${f.file}: ${f.ruleId}`), null, 1)}`);

    // cert-manager v1.15.3 does not serve StepClusterIssuer (guide, Failure Modes).
    expect('step-issuer/version-mismatch', 'examples/cert-manager/install.yaml', /1\.15\.3/);
    expect('step-issuer/version-mismatch', 'examples/step/step-issuer.yaml', /StepClusterIssuer/);
    // passwordEnv needs step-issuer 0.11.0; the Deployment runs 0.10.0.
    expect('step-issuer/version-mismatch', 'examples/step/step-issuer.yaml', /passwordEnv/);
    // Classical issuers and keys.
    expect('cert-manager/classical-issuer', 'examples/cert-manager/issuers.yaml', /classical-ca-issuer/);
    expect('cert-manager/classical-issuer', 'examples/cert-manager/issuers.yaml', /letsencrypt-prod/);
    expect('cert-manager/certificate-classical-issuer', 'examples/cert-manager/certificates.yaml', /admission-webhook-tls/);
    expect('cert-manager/classical-key-algorithm', 'examples/cert-manager/certificates.yaml', /RSA/);
    expect('cert-manager/classical-key-algorithm', 'examples/cert-manager/certificates.yaml', /ECDSA/);
    // The hybrid Certificate is not reported as using a classical issuer.
    assert.ok(!has('cert-manager/certificate-classical-issuer', 'examples/cert-manager/certificates.yaml', /my-service-hybrid-tls/));
    // SPIRE's UpstreamAuthority "disk" points at a classical ECDSA CA.
    expect('spire/upstream-authority-classical', 'examples/spire/server.conf', /upstream_ca\.crt/);
    // Kubernetes v1.32.4 is built with Go 1.23: no X25519MLKEM768 by default.
    expect('kubernetes/no-pq-key-exchange', 'examples/kubeadm/cluster-configuration.yaml', /1\.32/);
    // Explicit classical curve lists remove ML-KEM.
    expect('ingress-nginx/classical-ecdh-curve', 'examples/ingress/ingress.yaml');
    expect('istio/classical-ecdh-curves', 'examples/istio/istio-operator.yaml');
    expect('openssl/classical-groups', 'examples/openssl/openssl.cnf');
    // The one deliberate example key.
    expect('secret/inline-private-key', 'examples/istio/cacerts.yaml', /ca-key\.pem/);
    assert.deepEqual(output.findings.filter((f) => f.ruleId === 'secret/inline-private-key').map((f) => f.file), ['examples/istio/cacerts.yaml']);
    // Classical CA certificates; step-ca's root is classical while ca.json asks for ML-DSA-65.
    expect('certificate/classical-signature', 'examples/pki/ca.crt', /RSA/);
    expect('certificate/classical-signature', 'examples/step/certs/root_ca.crt', /ECDSA/);
    expect('step-ca/classical-root', 'examples/step/ca.json');
    // The generated certificates are well-formed and correctly signed (expiry is not asserted: they age); the composite
    // hybrid CA is not reported as classical.
    assert.ok(!output.findings.some((f) => f.file === 'examples/pki/hybrid-ca.crt' && f.ruleId.startsWith('certificate/')), JSON.stringify(output.findings.filter((f) => f.file === 'examples/pki/hybrid-ca.crt')));
    for (const id of ['certificate/bad-signature', 'certificate/invalid']) assert.ok(!output.findings.some((f) => f.ruleId === id), id);
    // Everything parses.
    assert.ok(!output.findings.some((f) => f.ruleId === 'syntax-error' || f.ruleId === 'internal-error'));
    // There are errors among them, so the default --fail-on error exits 1.
    assert.equal(r.status, output.findings.some((f) => f.severity === 'error') ? 1 : 0);
  } finally {
    cleanup();
  }
});
