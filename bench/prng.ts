// Seeded randomness for the benchmark generators: the same seed gives the same bytes on every run
// and every machine (no Math.random, no clock, no crypto.randomBytes anywhere in bench/).
import { createHash } from 'node:crypto';

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Integer in [min, max] (both inclusive). */
  range(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** A lower-case word of letters and digits, e.g. for names. */
  word(length: number): string;
}

/** mulberry32 seeded from SHA-256 of the seed text. */
export function rng(seed: string): Rng {
  let state = createHash('sha256').update(seed).digest().readUInt32LE(0);
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return {
    next,
    int,
    range: (min, max) => min + int(max - min + 1),
    pick: (items) => items[int(items.length)],
    chance: (p) => next() < p,
    word: (length) => {
      let out = ALPHABET[int(26)];
      while (out.length < length) out += ALPHABET[int(ALPHABET.length)];
      return out;
    },
  };
}

/** A deterministic byte stream (SHA-256 in counter mode) for key material. */
export function byteStream(seed: string): (n: number) => Buffer {
  let counter = 0;
  let pool = Buffer.alloc(0);
  return (n) => {
    while (pool.length < n) pool = Buffer.concat([pool, createHash('sha256').update(`${seed}/${counter++}`).digest()]);
    const out = Buffer.from(pool.subarray(0, n));
    pool = pool.subarray(n);
    return out;
  };
}
