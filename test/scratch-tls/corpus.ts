import { join } from 'node:path';
import { engineForDir, findingsOf } from '../harness.js';
import { corpusDir } from '../helpers.js';
const mine = ['ingress/classical-only-tls', 'ingress-nginx/classical-ecdh-curve', 'istio/classical-ecdh-curves', 'pqpolicy/pre-standard-algorithm', 'pqpolicy/hybrid-disabled', 'pqpolicy/invalid-spec'];
const engine = await engineForDir(join(corpusDir, 'real-configs'));
const all = findingsOf(engine);
console.log('total', all.length, 'mine', all.filter((f) => mine.includes(f.ruleId)).length);
for (const f of all.filter((f) => f.ruleId === 'internal-error')) console.log(f.file, f.message);
