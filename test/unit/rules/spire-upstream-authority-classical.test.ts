import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir, fixturesDir } from '../../helpers.js';
import { engineFor, findingsOf } from '../../harness.js';

const ID = 'spire/upstream-authority-classical';
const GUIDE_STATUS = 'described in the migration guide, not in a released upstream version';
const ECDSA_CA = readFileSync(join(fixturesDir, 'rules/spire/upstream-authority-classical/bad-guide-ecdsa-ca/run/spire/conf/upstream_ca.crt'), 'utf8');
const SPIRE_DUMMY_CA = readFileSync(join(fixturesDir, 'rules/spire/upstream-authority-classical/bad-upstream-dummy-ca/conf/server/dummy_upstream_ca.crt'), 'utf8');
const ML_DSA_65 = readFileSync(join(corpusDir, 'pqc-certs/rfc9881-ml-dsa/ML-DSA-65.crt'), 'utf8');

function server(plugin: string, certPath: string): string {
  return [
    'server {',
    '    trust_domain = "example.org"',
    '}',
    'plugins {',
    `    UpstreamAuthority "${plugin}" {`,
    '        plugin_data {',
    '            key_file_path = "/run/spire/conf/upstream_ca.key"',
    `            cert_file_path = "${certPath}"`,
    '        }',
    '    }',
    '}',
    '',
  ].join('\n');
}

test('disk plugin pointing at an ECDSA CA in the workspace: warning at the path, with the decoded algorithms', async () => {
  const engine = await engineFor({
    'spire/server.conf': server('disk', '/run/spire/conf/upstream_ca.crt'),
    'pki/run/spire/conf/upstream_ca.crt': ECDSA_CA,
  });
  const findings = findingsOf(engine, ID);
  assert.equal(findings.length, 1);
  const [f] = findings;
  assert.equal(f.severity, 'warning');
  assert.equal(f.file, 'spire/server.conf');
  assert.equal(engine.file(f.file)!.text.slice(f.span.start, f.span.end), '/run/spire/conf/upstream_ca.crt');
  assert.equal(
    f.message,
    'UpstreamAuthority "disk" signs with pki/run/spire/conf/upstream_ca.crt (CN=example.org SPIRE upstream CA,O=Example Org,C=US), ' +
      'a classical-only certificate (ECDSA P-256 key, ecdsa-with-SHA256 signature): every SVID of this server chains to a quantum-vulnerable CA. ' +
      `Replacing it with a hybrid or ML-DSA CA is ${GUIDE_STATUS} (SPIRE v1.15.3 has no ML-DSA key type), so keep it on the migration inventory.`,
  );
  assert.deepEqual(f.fixes, []);
});

test('relative paths as in SPIRE\'s own conf/server/server.conf resolve; P-521 keys are named', async () => {
  const engine = await engineFor({
    'conf/server/server.conf': server('disk', './conf/server/dummy_upstream_ca.crt'),
    'conf/server/dummy_upstream_ca.crt': SPIRE_DUMMY_CA,
  });
  const [f] = findingsOf(engine, ID);
  assert.match(f.message, /signs with conf\/server\/dummy_upstream_ca\.crt \(no subject\), a classical-only certificate \(ECDSA P-521 key, ecdsa-with-SHA512 signature\)/);
});

test('quiet for an ML-DSA CA, a CA outside the workspace, and other plugins', async () => {
  const engine = await engineFor({
    'a/server.conf': server('disk', '/run/spire/conf/upstream_ca.crt'),
    'a/run/spire/conf/upstream_ca.crt': ML_DSA_65,
    'b/server.conf': server('disk', '/etc/spire/elsewhere/not_here.crt'),
    'c/server.conf': server('spire', '/run/spire/conf/upstream_ca.crt'),
  });
  assert.deepEqual(findingsOf(engine, ID), []);
});

test('the finding follows the certificate file: added, replaced, removed', async () => {
  const engine = await engineFor({ 'spire/server.conf': server('disk', '/run/spire/conf/upstream_ca.crt') });
  assert.equal(findingsOf(engine, ID).length, 0);
  engine.setFile('run/spire/conf/upstream_ca.crt', ECDSA_CA);
  assert.equal(findingsOf(engine, ID).length, 1, 'a new classical CA file is picked up');
  engine.setFile('run/spire/conf/upstream_ca.crt', ML_DSA_65);
  assert.equal(findingsOf(engine, ID).length, 0, 'replaced by an ML-DSA CA');
  engine.setFile('run/spire/conf/upstream_ca.crt', ECDSA_CA);
  engine.removeFile('run/spire/conf/upstream_ca.crt');
  assert.equal(findingsOf(engine, ID).length, 0, 'removed');
});
