// A cert-manager Certificate whose issuerRef resolves, in the workspace, to one of cert-manager's
// built-in (classical-only) issuers. The fix points issuerRef at a step-issuer resource that the
// workspace already has, as the guide's table says: "Update cert-manager Certificate issuerRef to
// StepClusterIssuer".
import { isMap, isScalar, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { defineRule } from '../../rule.js';
import type { YamlFile } from '../../parse.js';
import { checkableDocuments, nodeAt, pairOf, stringAt } from '../../formats/yaml.js';
import type { IssuerFact } from '../../workspace/facts.js';
import type { Fix, TextEdit } from '../../types.js';
import {
  certManagerKeyTypes, CERT_MANAGER_GROUP, CLASSICAL_ISSUER_TYPES, hybridStatus, isCertManagerKind, lineEnd, listValues,
  releasedThrough, scalarText, usableStepIssuers, valueSpan, yamlScalar,
} from '../cert-manager-common.js';

/** At most this many "Use hybrid issuer …" fixes per finding. */
const MAX_FIXES = 3;

export default defineRule({
  meta: {
    id: 'cert-manager/certificate-classical-issuer',
    severity: 'warning',
    description: 'A cert-manager Certificate is issued by a classical-only Issuer/ClusterIssuer of the workspace; offers to point issuerRef at a hybrid StepIssuer/StepClusterIssuer that exists.',
    appliesTo: ['kubernetes-yaml'],
    fixable: true,
    sources: [
      'cert-manager/cert-manager pkg/apis/certmanager/v1/types_certificate.go (issuerRef; privateKey.algorithm Enum=RSA;ECDSA;Ed25519, through v1.21.1)',
      'smallstep/step-issuer README (issuerRef group certmanager.step.sm, kind StepIssuer | StepClusterIssuer)',
      'seeds/000_913be8e6bf26f545.txt (Expected Outcomes: "Update cert-manager Certificate issuerRef to StepClusterIssuer")',
    ],
  },
  check(ctx) {
    if (ctx.file.kind !== 'kubernetes-yaml') return;
    const file = ctx.file;
    const types = certManagerKeyTypes(ctx.knowledge);
    if (types.releasedPq.length > 0 || types.classical.length === 0) return;
    for (const doc of checkableDocuments(file.yaml)) {
      if (!isCertManagerKind(doc, ['Certificate'])) continue;
      const ref = nodeAt(doc.doc.contents, ['spec', 'issuerRef']);
      if (!isMap(ref)) continue;
      const namePair = pairOf(ref, 'name');
      const nameNode = namePair?.value;
      if (!isScalar(nameNode) || typeof nameNode.value !== 'string' || nameNode.value.length === 0) continue;
      const kind = stringAt(ref, ['kind']);
      const group = stringAt(ref, ['group']);
      const issuer = ctx.index.findIssuer({ name: nameNode.value, kind, group }, doc.namespace);
      if (!issuer || issuer.group !== CERT_MANAGER_GROUP || !issuer.issuerType || !CLASSICAL_ISSUER_TYPES.includes(issuer.issuerType)) continue;
      const span = valueSpan(file.text, nameNode);
      if (!span) continue;
      // A CA certificate (e.g. the selfSigned bootstrap of a `ca` issuer) is not something to move
      // behind step-issuer: step-ca signs leaf certificates with its default provisioner templates.
      const isCa = nodeAt(doc.doc.contents, ['spec', 'isCA']);
      const caCertificate = isScalar(isCa) && (isCa.value === true || String(isCa.value) === 'true');
      const hybrids = caCertificate ? [] : usableStepIssuers(ctx.index, { clusterScoped: false, namespace: doc.namespace }, MAX_FIXES);
      const advice = caCertificate
        ? `It is a CA certificate (isCA: true), which step-issuer does not replace: plan to retire this CA for a hybrid step-ca CA (guide Phase 3; ${hybridStatus(ctx.knowledge)}) instead of moving issuerRef.`
        : `Point issuerRef at a hybrid StepIssuer or StepClusterIssuer once its clients trust that CA (${hybridStatus(ctx.knowledge)}).`;
      // The message does not depend on which hybrid issuers exist: adding one must not turn this
      // finding into a different one (only the offered fixes change).
      ctx.report({
        span,
        message: `Certificate "${doc.name ?? '(unnamed)'}" is issued by ${issuer.kind} "${issuer.name}" (type ${issuer.issuerType}), which issues classical-only certificates (cert-manager keys are ${listValues(types.classical, 'or')}, ${releasedThrough(ctx.knowledge)}). ${advice}`,
        fixes: hybrids.map((h) => useHybridFix(file, ref, namePair as Pair<Scalar, Scalar>, h)),
      });
    }
  },
});

/** Rewrites issuerRef to name/kind/group of `hybrid`, inserting kind/group when they are absent. */
function useHybridFix(file: YamlFile, ref: YAMLMap, namePair: Pair<Scalar, Scalar>, hybrid: IssuerFact): Fix {
  const text = file.text;
  const edits: TextEdit[] = [];
  const wanted: [string, string][] = [['name', hybrid.name], ['kind', hybrid.kind], ['group', hybrid.group]];
  const missing: [string, string][] = [];
  for (const [key, value] of wanted) {
    const pair = key === 'name' ? namePair : pairOf(ref, key);
    const node = pair?.value;
    if (isScalar(node) && node.range) {
      if (String(node.value) !== value) edits.push({ span: { start: node.range[0], end: node.range[1] }, newText: scalarText(node, value) });
    } else if (pair && isScalar(pair.key) && pair.key.range) {
      // `kind:` with no value: write the value after the colon.
      const colon = text.indexOf(':', pair.key.range[1]);
      if (colon >= 0) edits.push({ span: { start: colon + 1, end: colon + 1 }, newText: ` ${yamlScalar(value)}` });
    } else {
      missing.push([key, value]);
    }
  }
  if (missing.length > 0) {
    const last = ref.items[ref.items.length - 1];
    const lastEnd = (isScalar(last.value) || isMap(last.value) ? last.value.range?.[1] : undefined) ?? (isScalar(last.key) ? last.key.range?.[1] : undefined) ?? namePair.value!.range![1];
    if (ref.flow) {
      edits.push({ span: { start: lastEnd, end: lastEnd }, newText: missing.map(([k, v]) => `, ${k}: ${yamlScalar(v)}`).join('') });
    } else {
      const keyStart = namePair.key.range![0];
      const column = ' '.repeat(file.lines.position(keyStart).character);
      const at = lineEnd(text, lastEnd);
      edits.push({ span: { start: at, end: at }, newText: missing.map(([k, v]) => `${file.lines.eol}${column}${k}: ${yamlScalar(v)}`).join('') });
    }
  }
  return { title: `Use hybrid issuer ${hybrid.name} (${hybrid.kind})`, safe: false, edits };
}
