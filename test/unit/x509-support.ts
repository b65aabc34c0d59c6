// Shared by the x509-* tests: corpus and fixture loading.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCertificate } from '../../server/src/core/x509/decode.js';
import type { DecodedCertificate } from '../../server/src/core/x509/model.js';
import { decodeBase64Strict, findPemBlocks } from '../../server/src/core/formats/pem.js';
import { defaultKnowledge } from '../harness.js';
import { corpusDir, fixturesDir } from '../helpers.js';

export const pqcCorpus = join(corpusDir, 'pqc-certs');
export const certFixtures = join(fixturesDir, 'certs');

/** DER of the first CERTIFICATE block of PEM text, or the bytes when they are DER already. */
export function derOf(bytes: Uint8Array): Uint8Array {
  if (bytes[0] === 0x30) return bytes;
  const block = findPemBlocks(new TextDecoder().decode(bytes)).find((b) => b.label === 'CERTIFICATE');
  if (!block) throw new Error('no CERTIFICATE block');
  const decoded = decodeBase64Strict(block.body);
  if (!decoded.ok) throw new Error(decoded.error);
  return decoded.bytes;
}

export function decodeOrThrow(der: Uint8Array): DecodedCertificate {
  const result = decodeCertificate(der, defaultKnowledge());
  if (!result.ok) throw new Error(result.error);
  return result.cert;
}

export function corpusCert(relative: string): DecodedCertificate {
  return decodeOrThrow(derOf(readFileSync(join(pqcCorpus, relative))));
}

export function fixtureCert(name: string): DecodedCertificate {
  return decodeOrThrow(derOf(readFileSync(join(certFixtures, name))));
}

export function fixtureText(name: string): string {
  return readFileSync(join(certFixtures, name), 'utf8');
}

export interface CompositeVector { tcId: string; x5c: string }
export function compositeVectors(): CompositeVector[] {
  return (JSON.parse(readFileSync(join(pqcCorpus, 'composite', 'testvectors.json'), 'utf8')) as { tests: CompositeVector[] }).tests;
}

export function r5Files(): Array<{ file: string; name: string; oid: string }> {
  return readdirSync(join(pqcCorpus, 'hackathon-composite-r5')).filter((f) => f.endsWith('_ta.der')).map((file) => {
    const match = /^(.*)-(\d+(?:\.\d+)+)_ta\.der$/.exec(file);
    if (!match) throw new Error(`unexpected r5 file name ${file}`);
    return { file, name: match[1], oid: match[2] };
  });
}

/** Flips one bit of a copy of `bytes`. */
export function flipBit(bytes: Uint8Array, offset: number, bit = 0): Uint8Array {
  const copy = new Uint8Array(bytes);
  copy[offset] ^= 1 << bit;
  return copy;
}
