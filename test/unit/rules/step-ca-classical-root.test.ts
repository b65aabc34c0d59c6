import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../../server/src/core/engine.js';
import type { Finding } from '../../../server/src/core/types.js';
import { engineFor, findingsOf } from '../../harness.js';
import { fixturesDir } from '../../helpers.js';

const ID = 'step-ca/classical-root';
const FIXTURES = join(fixturesDir, 'rules', 'step-ca', 'classical-root');
// ECDSA P-256 root and intermediate, ML-DSA-65 root and intermediate, generated for these fixtures.
const EC_ROOT = readFileSync(join(FIXTURES, 'bad-upstream-ec-root', 'step', 'certs', 'root_ca.crt'), 'utf8');
const EC_INT = readFileSync(join(FIXTURES, 'bad-upstream-ec-root', 'step', 'certs', 'intermediate_ca.crt'), 'utf8');
const PQ_ROOT = readFileSync(join(FIXTURES, 'good-pq-root', 'step', 'certs', 'root_ca.crt'), 'utf8');
const STATUS =
  'The guide\'s "crv": "ML-DSA-65" is described in the migration guide, not in a released upstream version — step-ca v0.30.2 does not issue ML-DSA (smallstep/certificates#2717).';

function slice(engine: Engine, f: Finding): string {
  return engine.file(f.file)!.text.slice(f.span.start, f.span.end);
}

function caJson(root: string, extra = ''): string {
  return `{\n  "root": ${root},\n  "crt": "/home/step/certs/intermediate_ca.crt",\n  "key": "/home/step/secrets/intermediate_ca_key",\n${extra}  "authority": {"provisioners": []}\n}\n`;
}

test('an ECDSA root at "root": reported on the path with the decoded algorithms, no fix', async () => {
  const engine = await engineFor({
    'step/config/ca.json': caJson('"/home/step/certs/root_ca.crt"'),
    'step/certs/root_ca.crt': EC_ROOT,
    'step/certs/intermediate_ca.crt': EC_INT,
  });
  const [f, ...rest] = findingsOf(engine, ID);
  assert.equal(rest.length, 0, 'without kty/crv the intermediate is step-ca/classical-ca-key\'s business');
  assert.equal(slice(engine, f), '/home/step/certs/root_ca.crt');
  assert.equal(f.severity, 'warning');
  assert.equal(
    f.message,
    '"root" step/certs/root_ca.crt is classical only (Smallstep Root CA: ECDSA P-256 key, signed with ecdsa-with-SHA256): every certificate this CA issues chains to it ' +
      `and stays forgeable by a future quantum computer until the root is an ML-DSA or composite one. ${STATUS}`,
  );
  assert.deepEqual(f.fixes, []);
});

test('with the guide\'s kty/crv, a classical "crt" is reported as well', async () => {
  const engine = await engineFor({
    'step/config/ca.json': caJson('"/home/step/certs/root_ca.crt"', '  "kty": "OKP",\n  "crv": "ML-DSA-65",\n'),
    'step/certs/root_ca.crt': EC_ROOT,
    'step/certs/intermediate_ca.crt': EC_INT,
  });
  const found = findingsOf(engine, ID);
  assert.deepEqual(found.map((f) => slice(engine, f)), ['/home/step/certs/root_ca.crt', '/home/step/certs/intermediate_ca.crt']);
  assert.equal(
    found[1].message,
    '"crt" step/certs/intermediate_ca.crt is classical only (Smallstep Intermediate CA: ECDSA P-256 key, signed with ecdsa-with-SHA256): it signs every leaf, so leaves stay classical whatever kty/crv say. ' +
      STATUS,
  );
});

test('root lists and bundles: every classical entry is reported; a bundle with a PQ root is not', async () => {
  const engine = await engineFor({
    'step/config/ca.json': caJson('["/home/step/certs/root_ca.crt", "/home/step/certs/bundle.crt", "/home/step/certs/classical-bundle.crt"]'),
    'step/certs/root_ca.crt': EC_ROOT,
    'step/certs/bundle.crt': EC_ROOT + PQ_ROOT,
    'step/certs/classical-bundle.crt': EC_ROOT + EC_INT,
  });
  const found = findingsOf(engine, ID);
  assert.deepEqual(found.map((f) => slice(engine, f)), ['/home/step/certs/root_ca.crt', '/home/step/certs/classical-bundle.crt']);
  assert.ok(found[1].message.startsWith('"root" step/certs/classical-bundle.crt is classical only (2 certificates, first Smallstep Root CA: ECDSA P-256 key, signed with ecdsa-with-SHA256): '));
});

test('not reported: an ML-DSA root, a root that is not in the workspace, relative paths resolving elsewhere', async () => {
  const engine = await engineFor({
    'pq/config/ca.json': caJson('"/home/step/pq/root_ca.crt"'),
    'pq/root_ca.crt': PQ_ROOT,
    'missing/config/ca.json': caJson('"/srv/pki/nowhere.crt"'),
  });
  assert.deepEqual(findingsOf(engine, ID), []);
});
