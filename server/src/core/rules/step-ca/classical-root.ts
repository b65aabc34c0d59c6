// ca.json's "root" (and "crt", when kty/crv claim a key type) resolves to workspace certificates
// that are classical only: every certificate step-ca issues chains to them.
import { defineRule } from '../../rule.js';
import { jsonNodeAt, type JsonNode } from '../../formats/json.js';
import type { StepCaFile } from '../../parse.js';
import { STEP_CA_SOURCES, certificatesAt, describeCertificate, guidePqCrv, pqStatus, stringOf, valueSpan } from '../step-ca-common.js';

export default defineRule({
  meta: {
    id: 'step-ca/classical-root',
    severity: 'warning',
    description: 'The step-ca root (or intermediate) certificate that ca.json points to is classical only (RSA/ECDSA/EdDSA key and signature).',
    appliesTo: ['step-ca-json'],
    fixable: false,
    sources: [STEP_CA_SOURCES.config, STEP_CA_SOURCES.issue, STEP_CA_SOURCES.guide, 'RFC 9881 (ML-DSA in X.509)'],
  },
  check(ctx) {
    const file = ctx.file as StepCaFile;
    if (file.kind !== 'step-ca-json') return;
    const root = file.json.root;
    if (root?.type !== 'object') return;
    const target = guidePqCrv(ctx.knowledge);
    const status = target ? ` The guide's "crv": "${target.value}" is ${pqStatus(target)}.` : '';
    const paths: { label: string; node: JsonNode }[] = [];
    const rootNode = jsonNodeAt(root, ['root']);
    if (rootNode?.type === 'string') paths.push({ label: 'root', node: rootNode });
    if (rootNode?.type === 'array') for (const item of rootNode.children ?? []) if (item.type === 'string') paths.push({ label: 'root', node: item });
    // Without kty/crv, step-ca/classical-ca-key already reports a classical "crt".
    const crtNode = jsonNodeAt(root, ['crt']);
    if (crtNode?.type === 'string' && (jsonNodeAt(root, ['kty']) || jsonNodeAt(root, ['crv']))) paths.push({ label: 'crt', node: crtNode });

    for (const { label, node } of paths) {
      const reference = stringOf(node);
      if (!reference) continue;
      const { path, certs } = certificatesAt(ctx.index, reference, file.path);
      if (!path || certs.length === 0 || certs.some((c) => c.pqcClass !== 'classical')) continue;
      const what = certs.length === 1 ? describeCertificate(certs[0]) : `${certs.length} certificates, first ${describeCertificate(certs[0])}`;
      const role = label === 'root'
        ? 'every certificate this CA issues chains to it and stays forgeable by a future quantum computer until the root is an ML-DSA or composite one'
        : 'it signs every leaf, so leaves stay classical whatever kty/crv say';
      ctx.report({ span: valueSpan(node), message: `"${label}" ${path} is classical only (${what}): ${role}.${status}` });
    }
  },
});
