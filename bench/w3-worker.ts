// W3 measurements inside one Node process (run under Node 20 and under Node 24 by measure-w3.ts):
// decode+classify per second, signature verifications per second with PQC Lens's verifier
// (backend forced to @noble/post-quantum, or automatic = node:crypto where it has ML-DSA), the
// cached re-verify path, and a native baseline: node:crypto's X509Certificate.verify on the
// classes this runtime can verify natively.
// Usage: node out/bench/w3-worker.js W3_JSON noble|auto   -> one JSON object on stdout
import { X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeCertificate } from '../server/src/core/x509/decode.js';
import type { DecodedCertificate } from '../server/src/core/x509/model.js';
import { clearVerifyCache, pqcBackend, setPqcBackend, verifyCertificate } from '../server/src/core/x509/verify.js';
import { defaultKnowledgePath, readKnowledge } from '../server/src/node/workspace.js';
import { median } from './stats.js';

export interface W3Input { certificates: { der: string; keyClass: string; issuer: number; chained: boolean }[] }

export interface W3WorkerResult {
  node: string;
  openssl: string;
  backend: { mlDsa: string; slhDsa: string };
  certificates: number;
  decodePerSec: number;
  verifyPerSec: number;
  verified: number;
  /** Mean milliseconds per verification, by key class. */
  verifyMsByClass: Record<string, number>;
  cachedVerifyPerSec: number;
  /** node:crypto X509Certificate.verify on `nativeClasses` (undefined when none verify natively). */
  native?: { classes: string[]; certificates: number; perSec: number; oursPerSec: number; ratio: number };
}

/** Rounds of native and PQC Lens verification compared for the ratio (medians). */
const NATIVE_ROUNDS = 7;

function perSec(count: number, ms: number): number {
  return Math.round((count / ms) * 1000);
}

export function runW3(input: W3Input, mode: 'noble' | 'auto'): W3WorkerResult {
  const loaded = readKnowledge(defaultKnowledgePath());
  if (!loaded.knowledge) throw new Error(loaded.problems.join('; '));
  const knowledge = loaded.knowledge;
  const ders = input.certificates.map((c) => Buffer.from(c.der, 'base64'));

  // decode + classify (warm up on a few first: the first decodes pay for JIT and lazy tables)
  for (const der of ders.slice(0, 20)) decodeCertificate(der, knowledge);
  let started = performance.now();
  const decoded: DecodedCertificate[] = [];
  for (const der of ders) {
    const result = decodeCertificate(der, knowledge);
    if (!result.ok) throw new Error(`W3 certificate does not decode: ${result.error}`);
    decoded.push(result.cert);
  }
  const decodeMs = performance.now() - started;

  setPqcBackend(mode);
  const byClass = new Map<string, { ms: number; n: number }>();
  let verified = 0;
  const verifyOnce = (indices: readonly number[]): number => {
    const t0 = performance.now();
    for (const i of indices) {
      const t = performance.now();
      const result = verifyCertificate(decoded[i], [decoded[input.certificates[i].issuer]]);
      const slot = byClass.get(input.certificates[i].keyClass) ?? { ms: 0, n: 0 };
      slot.ms += performance.now() - t;
      slot.n++;
      byClass.set(input.certificates[i].keyClass, slot);
      if (result.verified === true) verified++;
    }
    return performance.now() - t0;
  };
  const all = decoded.map((_, i) => i);
  clearVerifyCache();
  verifyOnce(all.slice(0, 10)); // warm-up (backend probe, JIT)
  clearVerifyCache();
  byClass.clear();
  verified = 0;
  const verifyMs = verifyOnce(all);
  const verifiedFirst = verified;
  const verifyMsByClass = Object.fromEntries([...byClass].map(([k, v]) => [k, Math.round((v.ms / v.n) * 1000) / 1000]));
  // the cached path: the same certificates again, results from the verifier's cache
  started = performance.now();
  for (const i of all) verifyCertificate(decoded[i], [decoded[input.certificates[i].issuer]]);
  const cachedMs = performance.now() - started;

  const result: W3WorkerResult = {
    node: process.version,
    openssl: process.versions.openssl,
    backend: pqcBackend(),
    certificates: ders.length,
    decodePerSec: perSec(ders.length, decodeMs),
    verifyPerSec: perSec(ders.length, verifyMs),
    verified: verifiedFirst,
    verifyMsByClass,
    cachedVerifyPerSec: perSec(ders.length, cachedMs),
  };

  // Native baseline: what node:crypto verifies on its own, on the same certificates.
  if (mode === 'auto') {
    // Certificates and issuer keys are prepared outside the timing; OpenSSL cannot import the
    // public key of a class it does not know (composite ML-DSA): such classes are left out.
    const x509: (X509Certificate | undefined)[] = ders.map((der) => {
      try {
        return new X509Certificate(der);
      } catch {
        return undefined;
      }
    });
    const keys: (KeyObject | undefined)[] = input.certificates.map((c) => {
      try {
        return x509[c.issuer]?.publicKey;
      } catch {
        return undefined;
      }
    });
    const works = (i: number): boolean => {
      try {
        return keys[i] !== undefined && x509[i]!.verify(keys[i]!);
      } catch {
        return false;
      }
    };
    const classes = [...new Set(input.certificates.map((c) => c.keyClass))].filter((keyClass) => all.filter((i) => input.certificates[i].keyClass === keyClass).every(works));
    const subset = all.filter((i) => classes.includes(input.certificates[i].keyClass));
    if (subset.length > 0) {
      for (const i of subset.slice(0, 10)) x509[i]!.verify(keys[i]!);
      // Alternating rounds, medians: one pass takes a fraction of a second, so a neighbour's burst
      // on a shared machine would otherwise decide the ratio.
      const nativeRuns: number[] = [];
      const oursRuns: number[] = [];
      for (let round = 0; round < NATIVE_ROUNDS; round++) {
        started = performance.now();
        for (const i of subset) x509[i]!.verify(keys[i]!);
        nativeRuns.push(performance.now() - started);
        clearVerifyCache();
        oursRuns.push(verifyOnce(subset));
      }
      const nativeMs = median(nativeRuns);
      const oursMs = median(oursRuns);
      result.native = { classes, certificates: subset.length, perSec: perSec(subset.length, nativeMs), oursPerSec: perSec(subset.length, oursMs), ratio: Math.round((oursMs / nativeMs) * 100) / 100 };
    }
  }
  setPqcBackend('auto');
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const [path, mode] = process.argv.slice(2);
  const input = JSON.parse(readFileSync(path, 'utf8')) as W3Input;
  process.stdout.write(`${JSON.stringify(runW3(input, mode === 'noble' ? 'noble' : 'auto'))}\n`);
}
