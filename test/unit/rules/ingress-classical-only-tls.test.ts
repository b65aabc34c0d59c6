import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineFor, findingsOf } from '../../harness.js';
import { fixturesDir } from '../../helpers.js';

const ID = 'ingress/classical-only-tls';
const FIXTURES = join(fixturesDir, 'rules', ID);
const read = (path: string): string => readFileSync(join(FIXTURES, path), 'utf8');

// The guide's dual-TLS Ingress (seeds/000, Option 3) and Secrets with generated certificates.
const GUIDE_INGRESS = read('bad-dual-tls-both-classical/ingress.yaml');
const BOTH_CLASSICAL = read('bad-dual-tls-both-classical/secrets.yaml');
const WITH_COMPOSITE = read('good-dual-tls/secrets.yaml');
const SHOP = read('bad-single-host/shop.yaml');

test("the guide's dual-TLS Ingress whose two secrets are both ECDSA: one info finding on the first secretName", async () => {
  const engine = await engineFor({ 'ingress.yaml': GUIDE_INGRESS, 'secrets.yaml': BOTH_CLASSICAL });
  const findings = findingsOf(engine, ID);
  assert.equal(findings.length, 1);
  const [f] = findings;
  assert.equal(f.severity, 'info');
  assert.equal(GUIDE_INGRESS.slice(f.span.start, f.span.end), 'classical-tls');
  assert.equal(
    f.message,
    'Ingress my-app-dual-tls serves app.example.com only with classical certificates (classical-tls: ECDSA P-256; pqc-hybrid-tls: ECDSA P-256) and no ' +
      'post-quantum or composite certificate exists for it, so its clients can only check signatures that a quantum computer could forge. ' +
      "Its nginx.ingress.kubernetes.io/ssl-certs annotation (the migration guide's dual-stack Option 3) is described in the migration guide, not in a " +
      'released upstream version, and no such annotation was found in ingress-nginx; when the clients can validate them, add an ML-DSA or composite certificate for the host.',
  );
  assert.deepEqual(f.fixes, []);
});

test('a composite ML-DSA-65 + ECDSA certificate for the host is the PQC alternative: quiet', async () => {
  const engine = await engineFor({ 'ingress.yaml': GUIDE_INGRESS, 'secrets.yaml': WITH_COMPOSITE });
  assert.deepEqual(findingsOf(engine, ID), []);
  // Replacing the Secret file re-checks the Ingress in the other file.
  engine.setFile('secrets.yaml', BOTH_CLASSICAL);
  assert.equal(findingsOf(engine, ID).length, 1);
});

test('one entry for several hosts, RSA, without the annotation: the message lists the hosts and points at Option 3', async () => {
  const engine = await engineFor({ 'shop.yaml': SHOP });
  const [f] = findingsOf(engine, ID);
  assert.equal(SHOP.slice(f.span.start, f.span.end), 'shop-tls');
  assert.equal(
    f.message,
    'Ingress shop/storefront serves shop.example.com and www.shop.example.com only with classical certificates (shop-tls: RSA 2048) and no post-quantum ' +
      'or composite certificate exists for these hosts, so its clients can only check signatures that a quantum computer could forge. When its clients ' +
      "can validate them, add an ML-DSA or composite certificate for these hosts next to the classical one (the migration guide's dual-stack Option 3; " +
      'choosing between them per client is described in the migration guide, not in a released upstream version).',
  );
});

test('a secret the workspace lacks, or one in another namespace, keeps the host unjudged', async () => {
  const missing = await engineFor({ 'ingress.yaml': GUIDE_INGRESS, 'secrets.yaml': BOTH_CLASSICAL.split('---')[0] });
  assert.deepEqual(findingsOf(missing, ID), [], 'pqc-hybrid-tls is not in the workspace: it may hold a PQC certificate');
  const elsewhere = await engineFor({ 'shop.yaml': SHOP.replace('  namespace: shop\ntype:', '  namespace: shop-staging\ntype:') });
  assert.deepEqual(findingsOf(elsewhere, ID), []);
});

test('an entry without hosts is the default TLS server', async () => {
  const ingress = SHOP.replace('    - hosts:\n        - shop.example.com\n        - www.shop.example.com\n      secretName', '    - secretName');
  const [f] = findingsOf(await engineFor({ 'shop.yaml': ingress }), ID);
  assert.match(f.message, /^Ingress shop\/storefront serves its default TLS server \(no hosts\) only with classical certificates \(shop-tls: RSA 2048\)/);
});
