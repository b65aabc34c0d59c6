// The step-ca intermediate CA key is classical: the migration guide's top-level "kty"/"crv" name an
// EC/RSA/Ed25519 key, or (without them, as in every upstream ca.json) the intermediate certificate
// at "crt" carries a classical public key.
import { defineRule } from '../../rule.js';
import { keyTypes, type KeyTypeEntry } from '../../knowledge.js';
import { jsonNodeAt } from '../../formats/json.js';
import type { StepCaFile } from '../../parse.js';
import type { Fix, Span } from '../../types.js';
import {
  CRV_SETTING, GUIDE_PQ_KTY, KTY_SETTING, STEP_CA_SOURCES, certificatesAt, guidePqCrv, knownValue, pqStatus,
  renamedValue, setKeyTypeEdits, stringOf, valueSpan,
} from '../step-ca-common.js';

export default defineRule({
  meta: {
    id: 'step-ca/classical-ca-key',
    severity: 'warning',
    description: 'The step-ca intermediate CA key is classical (kty/crv EC, RSA or Ed25519, or a classical key in the "crt" certificate).',
    appliesTo: ['step-ca-json'],
    fixable: true,
    sources: [STEP_CA_SOURCES.guide, STEP_CA_SOURCES.issue, STEP_CA_SOURCES.config, 'RFC 7518 / RFC 8037 (JWK kty and crv values)'],
  },
  check(ctx) {
    const file = ctx.file as StepCaFile;
    if (file.kind !== 'step-ca-json') return;
    const root = file.json.root;
    if (root?.type !== 'object') return;
    const { knowledge } = ctx;
    const crvTypes = keyTypes(knowledge, CRV_SETTING);
    const target = guidePqCrv(knowledge);
    if (!target) return;
    const ktyNode = jsonNodeAt(root, ['kty']);
    const crvNode = jsonNodeAt(root, ['crv']);
    const guide = `The migration guide's "kty": "${GUIDE_PQ_KTY}", "crv": "${target.value}" is ${pqStatus(target)}`;

    if (ktyNode || crvNode) {
      let entry: KeyTypeEntry | undefined;
      let span: Span;
      let found: string;
      if (crvNode) {
        const crv = stringOf(crvNode);
        if (crv === undefined) return;
        entry = knownValue(crvTypes, crv) ?? renamedValue(knowledge, crvTypes, crv);
        span = valueSpan(crvNode);
        found = `"crv": "${entry?.value ?? crv}"`;
      } else {
        const kty = stringOf(ktyNode);
        if (kty === undefined || !ktyNode) return;
        entry = knownValue(keyTypes(knowledge, KTY_SETTING), kty);
        span = valueSpan(ktyNode);
        found = `"kty": "${entry?.value ?? kty}" (no "crv")`;
      }
      if (!entry || entry.pqcClass !== 'classical') return;
      const message = `The intermediate CA key type ${found} is classical, so certificates this CA signs stay forgeable by a future quantum computer. ${guide}; upstream ca.json has no top-level kty/crv at all (the key type comes from the key at "key").`;
      const edits = setKeyTypeEdits(file, GUIDE_PQ_KTY, target.value);
      const fixes: Fix[] = edits.length > 0
        ? [{ title: `Set "kty": "${GUIDE_PQ_KTY}", "crv": "${target.value}" (migration guide; no released step-ca issues ML-DSA)`, safe: false, edits }]
        : [];
      ctx.report({ span, message, fixes });
      return;
    }

    // No kty/crv (every upstream ca.json): the intermediate key is the public key of "crt".
    const crtNode = jsonNodeAt(root, ['crt']);
    const crt = stringOf(crtNode);
    if (!crt || !crtNode) return;
    const { path, certs } = certificatesAt(ctx.index, crt, file.path);
    const cert = certs[0];
    if (!path || !cert || cert.pqcClass !== 'classical') return;
    ctx.report({
      span: valueSpan(crtNode),
      message: `The intermediate certificate "crt" (${path}) has a classical ${cert.publicKey.algorithm} key, so this CA's intermediate key is classical. ${guide}.`,
    });
  },
});
