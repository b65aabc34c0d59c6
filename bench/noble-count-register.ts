// Preloaded with `node --import` by measure-w3.ts: routes every import of
// @noble/post-quantum/ml-dsa.js (the verifier's) through noble-count-shim.js, which counts
// ML-DSA verifications, so the bench can check that re-analysis verifies nothing twice.
import { register } from 'node:module';

register('./noble-count-hooks.js', import.meta.url);
