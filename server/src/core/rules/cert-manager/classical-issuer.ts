// cert-manager Issuers/ClusterIssuers of the built-in types sign keys that cert-manager generated,
// and cert-manager only generates RSA, ECDSA and Ed25519 keys: every certificate they issue is
// classical. The fix follows the migration guide's Option 3 (dual-stack): it keeps the issuer and
// appends a StepClusterIssuer for a step-ca found in the workspace.
import { isMap } from 'yaml';
import { defineRule, type RuleContext } from '../../rule.js';
import type { YamlFile } from '../../parse.js';
import { checkableDocuments, nodeAt, type YamlDocument } from '../../formats/yaml.js';
import { keyTypes, type Knowledge, type PqcClass } from '../../knowledge.js';
import type { IssuerFact, StepCaFact } from '../../workspace/facts.js';
import type { WorkspaceIndex } from '../../workspace/index.js';
import type { Fix } from '../../types.js';
import {
  base64, certificatePem, certManagerKeyTypes, CLASSICAL_ISSUER_TYPES, hybridStatus, indentUnit, isCertManagerKind,
  listValues, pairKey, releasedThrough, STEP_ISSUER_API_VERSION, usableStepIssuers, yamlScalar,
} from '../cert-manager-common.js';

export const FIX_TITLE = 'Add a hybrid StepClusterIssuer (dual-stack)';
/** The Secret the generated issuer reads the JWK provisioner password from; the user creates it. */
export const PASSWORD_SECRET = { name: 'step-issuer-provisioner-password', namespace: 'cert-manager', key: 'password' };

/** Everything a StepClusterIssuer needs, taken from one step-ca in the workspace. */
export interface StepCaTarget {
  stepCa: StepCaFact;
  url: string;
  caBundle: string;
  provisioner: { name: string; kid: string };
}

type TargetLookup = { target: StepCaTarget } | { target?: undefined; problem: string };

export default defineRule({
  meta: {
    id: 'cert-manager/classical-issuer',
    severity: 'warning',
    description: 'A cert-manager Issuer or ClusterIssuer (ca, selfSigned, acme, vault, venafi) issues classical-only certificates; offers a hybrid StepClusterIssuer next to it (dual-stack).',
    appliesTo: ['kubernetes-yaml'],
    fixable: true,
    sources: [
      'cert-manager/cert-manager pkg/apis/certmanager/v1/types_certificate.go (privateKey.algorithm Enum=RSA;ECDSA;Ed25519, through v1.21.1)',
      'smallstep/step-issuer api/v1beta1 (StepClusterIssuer: url, caBundle, provisioner{name, kid, passwordRef})',
      'seeds/000_913be8e6bf26f545.txt (Option 3: dual-stack ClusterIssuers; Phase 3: deploy step-ca)',
    ],
  },
  check(ctx) {
    if (ctx.file.kind !== 'kubernetes-yaml') return;
    const file = ctx.file;
    const types = certManagerKeyTypes(ctx.knowledge);
    // The premise is that cert-manager has no released post-quantum key type. Should the knowledge
    // table ever list one, this rule has nothing to say.
    if (types.releasedPq.length > 0 || types.classical.length === 0) return;
    let lookup: TargetLookup | undefined;
    for (const doc of checkableDocuments(file.yaml)) {
      if (!isCertManagerKind(doc, ['Issuer', 'ClusterIssuer'])) continue;
      const spec = nodeAt(doc.doc.contents, ['spec']);
      if (!isMap(spec)) continue;
      const typeKey = spec.items.map((item) => pairKey(item)).find((key) => key !== undefined && CLASSICAL_ISSUER_TYPES.includes(String(key.value)));
      if (!typeKey?.range) continue;
      const span = { start: typeKey.range[0], end: typeKey.range[1] };
      const issuerType = String(typeKey.value);
      const clusterScoped = doc.kind === 'ClusterIssuer';
      const label = `${doc.kind} "${doc.name ?? '(unnamed)'}" (type ${issuerType})`;

      const hybrids = usableStepIssuers(ctx.index, { clusterScoped, namespace: doc.namespace }, 1);
      if (hybrids.length > 0) {
        const hybrid = hybrids[0];
        ctx.report({
          span,
          severity: 'info',
          message: `${label} still issues classical-only certificates; ${hybrid.kind} "${hybrid.name}" is its hybrid counterpart in this workspace (dual-stack, guide Option 3; ${hybridStatus(ctx.knowledge)}). Keep this issuer for legacy clients and move the Certificates that need post-quantum protection to "${hybrid.name}".`,
        });
        continue;
      }

      lookup ??= findStepCaTarget(ctx.index, ctx.knowledge);
      const premise = `${label} issues classical-only certificates: cert-manager generates ${listValues(types.classical, 'or')} keys only (${releasedThrough(ctx.knowledge)}) and has no ML-DSA key type.`;
      if (!lookup.target) {
        ctx.report({ span, message: `${premise} ${lookup.problem}` });
        continue;
      }
      const target = lookup.target;
      ctx.report({
        span,
        message: `${premise} Add a hybrid StepClusterIssuer for the step-ca in ${target.stepCa.file} next to it (dual-stack, guide Option 3); ML-DSA issuance by step-ca is ${hybridStatus(ctx.knowledge)}.`,
        fixes: [dualStackFix(ctx, file, doc, target)],
      });
    }
  },
});

/**
 * The first step-ca in the workspace that can back a hybrid StepClusterIssuer: a post-quantum or
 * composite root certificate in the workspace (and no classical intermediate), reachable (dnsNames
 * + address with a port), with a JWK provisioner that has a kid. Otherwise, what is missing.
 */
export function findStepCaTarget(index: WorkspaceIndex, knowledge: Knowledge): TargetLookup {
  const stepCas = index.all('stepCa');
  const status = hybridStatus(knowledge);
  if (stepCas.length === 0) {
    return { problem: `No step-ca configuration (ca.json) is in the workspace: deploy step-ca first (guide Phase 3), then add a StepClusterIssuer next to this issuer (dual-stack, guide Option 3); ML-DSA issuance by step-ca is ${status}.` };
  }
  let firstProblem: string | undefined;
  for (const stepCa of stepCas) {
    const roots = certificatesAt(index, stepCa.roots[0], stepCa.file);
    const intermediates = certificatesAt(index, stepCa.crt, stepCa.file);
    const classicalKey = keyTypes(knowledge, 'step-ca.crv').find((k) => k.value === stepCa.crv && k.pqcClass === 'classical');
    const missing: string[] = [];
    // A "hybrid" issuer is only worth adding when the chain its clients trust is post-quantum:
    // the root (and the intermediate, where the workspace has it or ca.json names its key type).
    if (roots.length === 0) missing.push(stepCa.roots.length === 0 ? 'a root certificate path' : `a root certificate in the workspace (${stepCa.roots[0]} was not found)`);
    else if (!roots.every((r) => isPostQuantum(r.pqcClass))) missing.push('a post-quantum root (its root certificate is classical)');
    if (intermediates.some((c) => !isPostQuantum(c.pqcClass)) || (intermediates.length === 0 && classicalKey)) missing.push('a post-quantum intermediate (its intermediate CA is classical)');
    if (stepCa.dnsNames.length === 0) missing.push('dnsNames');
    const port = portOf(stepCa.address);
    if (!port) missing.push('an address with a port');
    const jwk = stepCa.provisioners.find((p) => p.type.toUpperCase() === 'JWK' && p.kid);
    if (!jwk) missing.push('a JWK provisioner with a key id (kid)');
    if (missing.length === 0 && port && jwk?.kid) {
      const pem = roots.map((r) => certificatePem(r.der)).join('');
      return {
        target: {
          stepCa,
          url: `https://${stepCa.dnsNames[0]}:${port}`,
          caBundle: base64(new TextEncoder().encode(pem)),
          provisioner: { name: jwk.name, kid: jwk.kid },
        },
      };
    }
    firstProblem ??= `The step-ca in ${stepCa.file} lacks ${joinList(missing)}, so no hybrid StepClusterIssuer can be generated for it; complete it (guide Phase 3) and add one next to this issuer (dual-stack, guide Option 3). ML-DSA issuance by step-ca is ${status}.`;
  }
  return { problem: firstProblem ?? '' };
}

interface LocatedCertificate { der: Uint8Array; pqcClass: PqcClass }

function isPostQuantum(pqcClass: PqcClass): boolean {
  return pqcClass === 'pq' || pqcClass === 'composite';
}

/** The decoded certificates of the file a ca.json path (root, crt) names, in file order. */
function certificatesAt(index: WorkspaceIndex, reference: string | undefined, fromFile: string): LocatedCertificate[] {
  if (!reference) return [];
  const path = index.resolvePath(reference, fromFile);
  if (!path) return [];
  return index.ofFile('certificates', path)
    .filter((c) => c.occurrence.cert)
    .sort((a, b) => a.occurrence.span.start - b.occurrence.span.start || a.occurrence.index - b.occurrence.index)
    .map((c) => ({ der: c.occurrence.cert!.raw.der, pqcClass: c.occurrence.cert!.pqcClass }));
}

/** ":9000" → "9000", "0.0.0.0:443" → "443", "[::]:9000" → "9000". */
export function portOf(address: string | undefined): string | undefined {
  const match = /:(\d{1,5})$/.exec(address?.trim() ?? '');
  return match ? match[1] : undefined;
}

function joinList(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function dualStackFix(ctx: RuleContext, file: YamlFile, doc: YamlDocument, target: StepCaTarget): Fix {
  const text = file.text;
  const eol = file.lines.eol;
  const u = indentUnit(doc, file.lines);
  const taken = new Set(ctx.index.derive('issuers', stepClusterIssuerNames));
  const base = `${doc.name ?? 'issuer'}-hybrid`;
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  const lines = [
    '---',
    `# Hybrid issuer next to ${doc.kind} "${doc.name ?? ''}" (dual-stack, migration guide Option 3): keep both and move Certificates over one by one.`,
    `apiVersion: ${STEP_ISSUER_API_VERSION}`,
    'kind: StepClusterIssuer',
    'metadata:',
    `${u}name: ${yamlScalar(name)}`,
    'spec:',
    `${u}url: ${yamlScalar(target.url)}`,
    `${u}caBundle: ${yamlScalar(target.caBundle)}`,
    `${u}provisioner:`,
    `${u}${u}name: ${yamlScalar(target.provisioner.name)}`,
    `${u}${u}kid: ${yamlScalar(target.provisioner.kid)}`,
    `${u}${u}passwordRef:`,
    `${u}${u}${u}# Placeholder: create this Secret with the JWK provisioner's password, or point to your own.`,
    `${u}${u}${u}name: ${PASSWORD_SECRET.name}`,
    `${u}${u}${u}namespace: ${PASSWORD_SECRET.namespace}`,
    `${u}${u}${u}key: ${PASSWORD_SECRET.key}`,
  ];
  // The document's span ends where the next document's `---` starts, or at the end of the file.
  const at = doc.span.end;
  const lead = at > 0 && text[at - 1] !== '\n' && text[at - 1] !== '\r' ? eol : '';
  return { title: FIX_TITLE, safe: false, edits: [{ span: { start: at, end: at }, newText: lead + lines.join(eol) + eol }] };
}

function stepClusterIssuerNames(issuers: readonly IssuerFact[]): string[] {
  return issuers.filter((i) => i.kind === 'StepClusterIssuer').map((i) => i.name);
}
