// Stands in for @noble/post-quantum/ml-dsa.js when noble-count-register.js is preloaded: the same
// exports, with verify() of ML-DSA-44/65/87 counted (globalThis.__pqcLensBenchMlDsaVerifies).
import * as real from '@noble/post-quantum/ml-dsa.js';

export * from '@noble/post-quantum/ml-dsa.js';

type Counts = Record<'44' | '65' | '87', number>;
const counts: Counts = { 44: 0, 65: 0, 87: 0 };
(globalThis as { __pqcLensBenchMlDsaVerifies?: Counts }).__pqcLensBenchMlDsaVerifies = counts;

function counting<T extends { verify: (...args: never[]) => boolean }>(impl: T, level: keyof Counts): T {
  return {
    ...impl,
    verify: (...args: Parameters<T['verify']>) => {
      counts[level]++;
      return impl.verify(...args);
    },
  };
}

export const ml_dsa44 = counting(real.ml_dsa44, '44');
export const ml_dsa65 = counting(real.ml_dsa65, '65');
export const ml_dsa87 = counting(real.ml_dsa87, '87');
