// examples/ is built to show specific problems; these are the ones whose rules exist today.
// (Rules for OpenSSL, ingress-nginx, Istio, kubeadm and certificates arrive separately; add their
// expectations here when they land.)
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
    // Everything parses.
    assert.ok(!output.findings.some((f) => f.ruleId === 'syntax-error' || f.ruleId === 'internal-error'));
    // There are errors among them, so the default --fail-on error exits 1.
    assert.equal(r.status, output.findings.some((f) => f.severity === 'error') ? 1 : 0);
  } finally {
    cleanup();
  }
});
