// cert-manager generates every Certificate's private key itself, and its privateKey.algorithm
// offers only classical keys (RSA, ECDSA, Ed25519; RSA 2048 when omitted). Nothing in the
// Certificate can change that today, so the finding is informational and has no fix.
import { isMap, isScalar } from 'yaml';
import { defineRule } from '../../rule.js';
import { checkableDocuments, nodeAt, pairAt } from '../../formats/yaml.js';
import type { Span } from '../../types.js';
import {
  certManagerKeyTypes, hybridStatus, isCertManagerKind, listValues, pendingPqText, releasedThrough, valueSpan,
} from '../cert-manager-common.js';

export default defineRule({
  meta: {
    id: 'cert-manager/classical-key-algorithm',
    severity: 'info',
    description: 'A cert-manager Certificate gets a classical private key (privateKey.algorithm RSA, ECDSA, Ed25519, or omitted = RSA 2048): cert-manager has no ML-DSA key type.',
    appliesTo: ['kubernetes-yaml'],
    fixable: false,
    sources: [
      'cert-manager/cert-manager pkg/apis/certmanager/v1/types_certificate.go (privateKey.algorithm Enum=RSA;ECDSA;Ed25519, through v1.21.1)',
      'cert-manager/cert-manager pkg/util/pki GeneratePrivateKeyForCertificate (omitted algorithm = RSA 2048)',
      'cert-manager/cert-manager#8929 (ML-DSA plan), cert-manager/cert-manager#8527 (WIP MLDSA65)',
      'seeds/000_913be8e6bf26f545.txt (Option 2: step-issuer; Option 1: hybrid key exchange)',
    ],
  },
  check(ctx) {
    if (ctx.file.kind !== 'kubernetes-yaml') return;
    const file = ctx.file;
    const types = certManagerKeyTypes(ctx.knowledge);
    if (types.classical.length === 0) return;
    const pending = pendingPqText(types);
    // Should the knowledge table ever list a released post-quantum key type, say so instead.
    const explanation = types.releasedPq.length > 0
      ? `cert-manager also offers ${listValues(types.releasedPq, 'and')} (${releasedThrough(ctx.knowledge)}). Switch privateKey.algorithm once every client of this certificate supports it.`
      : `cert-manager offers only ${listValues(types.classical, 'and')} keys (${releasedThrough(ctx.knowledge)}) and has no ML-DSA key type yet${pending ? ` (${pending})` : ''}. ` +
        `The practical step today is a hybrid issuer (step-issuer; hybrid issuance is ${hybridStatus(ctx.knowledge)}) plus ML-KEM key exchange (X25519MLKEM768) on the endpoints that serve this certificate.`;
    for (const doc of checkableDocuments(file.yaml)) {
      if (!isCertManagerKind(doc, ['Certificate'])) continue;
      const root = doc.doc.contents;
      const spec = nodeAt(root, ['spec']);
      if (!isMap(spec)) continue;
      const label = `Certificate "${doc.name ?? '(unnamed)'}"`;
      const algorithm = nodeAt(root, ['spec', 'privateKey', 'algorithm']);
      let span: Span | undefined;
      let found: string;
      if (isScalar(algorithm) && algorithm.value !== null && String(algorithm.value).length > 0) {
        const value = String(algorithm.value);
        // The enum is case-sensitive; post-quantum, proposed, misspelt or unknown values are not this rule's business.
        const entry = types.classical.find((k) => k.value === value);
        if (!entry) continue;
        span = valueSpan(file.text, algorithm);
        found = `uses privateKey.algorithm ${value}, a classical key`;
      } else {
        // Should cert-manager's default ever become a post-quantum key, an omitted algorithm is fine.
        if (types.defaultEntry && types.defaultEntry.pqcClass !== 'classical') continue;
        const fallback = types.defaultEntry?.value ?? types.classical[0].value;
        const privateKeyPair = pairAt(root, ['spec', 'privateKey']);
        const key = privateKeyPair?.key ?? pairAt(root, ['spec'])?.key;
        span = key?.range ? { start: key.range[0], end: key.range[1] } : undefined;
        found = `sets no privateKey.algorithm, so cert-manager generates its default ${fallback}${fallback === 'RSA' ? ' 2048' : ''} key, a classical key`;
      }
      if (!span) continue;
      ctx.report({ span, message: `${label} ${found}: ${explanation}` });
    }
  },
});
