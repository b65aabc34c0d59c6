// StepIssuer / StepClusterIssuer resources whose step-issuer or cert-manager version (image tags and
// chart versions found anywhere in the workspace) is older than what the resource needs: the
// knowledge table's `compatibility` entries (keyed by resource kind) and `features` (keyed by the
// provisioner fields used, e.g. passwordEnv → step-issuer v0.11.0).
//
// Fixes are per-file edits, and the version usually lives in another file than the resource, so
// the rule reports twice: at the resource (kind value or field key) naming the version and where it
// is, and at the version itself with the fix that bumps it to the smallest version that satisfies
// every resource in the workspace.
import { defineRule } from '../../rule.js';
import type { YamlFile } from '../../parse.js';
import { feature, statusPhrase, type KnowledgeStatus, type Knowledge } from '../../knowledge.js';
import { checkableDocuments, nodeAt, nodeSpan, pairAt, type YamlDocument } from '../../formats/yaml.js';
import type { IssuerFact, VersionFact } from '../../workspace/facts.js';
import { isOlderThan } from '../../versions.js';
import type { Fix, Severity, Span } from '../../types.js';
import { bumpFix, deployedVersions, describeVersion, DIGEST_NOTE, documentAt, isPlaceholderVersion, listSome, maxVersion, pinnedByDigest } from '../version-common.js';

const STEP_GROUP = 'certmanager.step.sm';
const STEP_KINDS = ['StepIssuer', 'StepClusterIssuer'];

/** Provisioner fields whose first step-issuer version is a `features` entry of the knowledge table. */
const FIELD_FEATURES: Readonly<Record<string, string>> = {
  passwordEnv: 'step-issuer/password-env',
  passwordFile: 'step-issuer/password-file',
};

/** One thing a resource needs: a component at a minimum version, and why. */
interface Requirement {
  issuer: IssuerFact;
  /** What in the resource causes it: its kind, or a provisioner field. */
  trigger: { type: 'kind' } | { type: 'field'; field: string };
  component: string;
  minVersion: string;
  status: KnowledgeStatus;
  why: string;
  note?: string;
}

export default defineRule({
  meta: {
    id: 'step-issuer/version-mismatch',
    severity: 'error',
    description: 'A StepIssuer/StepClusterIssuer needs a newer cert-manager or step-issuer than the one deployed in the workspace (knowledge table compatibility and feature versions).',
    appliesTo: ['kubernetes-yaml'],
    fixable: true,
    sources: [
      'smallstep/step-issuer README (cert-manager v1.0.0+; CertificateRequest approval from cert-manager v1.3)',
      'smallstep/step-issuer api/v1beta1 types and controllers/password.go (passwordEnv/passwordFile, v0.11.0)',
      'seeds/000_913be8e6bf26f545.txt (Failure Modes: "cert-manager v1.15 and earlier do not support the StepClusterIssuer CRD")',
    ],
  },
  check({ file, index, knowledge, report }) {
    if (file.kind !== 'kubernetes-yaml') return;
    // Findings sit only at this file's resources and versions; without either, nothing to read.
    const ownIssuers = index.ofFile('issuers', file.path).filter(isStepIssuer);
    const ownVersions = index.ofFile('versions', file.path);
    if (ownIssuers.length === 0 && ownVersions.length === 0) return;
    const documents = checkableDocuments(file.yaml);

    // 1. At the resources in this file: the version(s) they need and where those are.
    const ownRequirements = ownIssuers.flatMap((issuer) => requirementsOf(issuer, knowledge));
    const needed = new Set(ownRequirements.map((r) => r.component));
    const versions = needed.size > 0 ? index.derive('versions', versionsOf, needed) : [];
    for (const issuer of ownIssuers) {
      const doc = documentAt(documents, issuer.span);
      if (!doc || doc.span.start !== issuer.span.start) continue;
      const own = ownRequirements.filter((r) => r.issuer === issuer);
      const groups = new Map<string, Requirement[]>();
      for (const r of own) {
        const key = `${r.trigger.type === 'kind' ? '' : r.trigger.field}\u0000${r.component}`;
        groups.set(key, [...(groups.get(key) ?? []), r]);
      }
      for (const group of groups.values()) reportAtResource(file, doc, group, versions, report);
    }

    // 2. At the versions in this file: what needs them newer, with the bump.
    if (ownVersions.length === 0) return;
    const deployed = new Set(ownVersions.map((v) => v.component));
    const requirements = index.derive('issuers', stepIssuersNeeding, deployed, knowledge)
      .flatMap((issuer) => requirementsOf(issuer, knowledge))
      .filter((r) => deployed.has(r.component));
    if (requirements.length === 0) return;
    for (const fact of ownVersions) {
      if (!documentAt(documents, fact.span)) continue;
      if (isPlaceholderVersion(fact.version)) continue;
      const violated = requirements.filter((r) => r.component === fact.component && isOlderThan(fact.version, r.minVersion));
      if (violated.length === 0) continue;
      const target = maxVersion(violated.map((r) => r.minVersion))!;
      const needers = unique(violated.map((r) => `${r.issuer.kind} ${r.issuer.name} (${r.issuer.file})`));
      const reasons = reasonsText(violated);
      const latest = knowledge.components.find((c) => c.id === fact.component)?.latest;
      const fix = bumpFix(file.text, fact, target);
      const message =
        `${fact.component} ${fact.version} is older than ${target}, which ${listSome(needers)} ${needers.length === 1 ? 'needs' : 'need'}: ${reasons}. ` +
        `Upgrade ${fact.component} to ${target} or later${latest ? ` (latest known release: ${latest})` : ''}.` +
        (pinnedByDigest(file.text, fact) ? ` ${DIGEST_NOTE}` : '');
      report({ span: fact.span, message, severity: severityOf(violated), fixes: fix ? [fix] : [] });
    }
  },
});

function isStepIssuer(issuer: IssuerFact): boolean {
  return issuer.issuerType === 'step' && issuer.group === STEP_GROUP && STEP_KINDS.includes(issuer.kind);
}

function requirementsOf(issuer: IssuerFact, knowledge: Knowledge): Requirement[] {
  const out: Requirement[] = [];
  for (const c of knowledge.compatibility) {
    if (c.component !== 'step-issuer' || c.when !== issuer.kind) continue;
    out.push({ issuer, trigger: { type: 'kind' }, component: c.requires.component, minVersion: c.requires.minVersion, status: c.status, why: c.description, note: c.note });
  }
  for (const field of issuer.provisionerKeys ?? []) {
    const id = FIELD_FEATURES[field];
    const f = id ? feature(knowledge, id) : undefined;
    if (!f) continue;
    out.push({ issuer, trigger: { type: 'field', field }, component: f.component, minVersion: f.since, status: f.status, why: `${f.description} first appeared in ${f.component} v${f.since}`, note: f.note });
  }
  return out;
}

function reportAtResource(file: YamlFile, doc: YamlDocument, group: Requirement[], versions: readonly VersionFact[], report: (r: { span: Span; message: string; severity?: Severity; fixes?: Fix[] }) => void): void {
  const first = group[0];
  const deployed = deployedVersions(versions, first.component);
  const violated = group.filter((r) => deployed.some((v) => isOlderThan(v.version, r.minVersion)));
  if (violated.length === 0) return;
  const target = maxVersion(violated.map((r) => r.minVersion))!;
  const old = deployed.filter((v) => isOlderThan(v.version, target));
  const span = triggerSpan(doc, first.trigger);
  if (!span) return;
  const what = first.trigger.type === 'kind' ? `${first.issuer.kind} ${first.issuer.name}` : `spec.provisioner.${first.trigger.field} in ${first.issuer.kind} ${first.issuer.name}`;
  // When every outdated version sits in this same file, the bump can be offered here too.
  const sameFile = old.every((v) => v.file === file.path);
  const fixes: Fix[] = [];
  if (sameFile) {
    const bumps = old.map((v) => bumpFix(file.text, v, target));
    if (bumps.every((b): b is Fix => b !== undefined)) {
      fixes.push({ title: `Upgrade ${first.component} to ${target}`, safe: false, edits: bumps.flatMap((b) => b.edits) });
    }
  }
  const message =
    `${what} needs ${first.component} ${target} or later, but the workspace deploys ${listSome(unique(old.map(describeVersion)))}: ${reasonsText(violated)}. ` +
    `Upgrade ${first.component} to ${target} or later where it is deployed.`;
  report({ span, message, severity: severityOf(violated), fixes });
}

/** The `kind:` value for kind-triggered requirements, the field's key for field-triggered ones. */
function triggerSpan(doc: YamlDocument, trigger: Requirement['trigger']): Span | undefined {
  const root = doc.doc.contents;
  if (trigger.type === 'kind') return nodeSpan(nodeAt(root, ['kind']));
  return nodeSpan(pairAt(root, ['spec', 'provisioner', trigger.field])?.key);
}

/** "cert-manager v1.15 and earlier … (described in the migration guide, …; upstream note)", strictest first. */
function reasonsText(requirements: readonly Requirement[]): string {
  const sorted = [...requirements].sort((a, b) => (isOlderThan(a.minVersion, b.minVersion) ? 1 : isOlderThan(b.minVersion, a.minVersion) ? -1 : 0));
  const texts = unique(sorted.map((r) => `${r.why} — ${statusPhrase(r.status)}${r.status !== 'released' && r.note ? `; ${lowerFirst(r.note).replace(/\.$/, '')}` : ''}`));
  return texts.join('. Also: ');
}

/** Error when an upstream (released) requirement is broken; a guide-only claim alone gives a warning. */
function severityOf(violated: readonly Requirement[]): Severity {
  return violated.some((r) => r.status === 'released') ? 'error' : 'warning';
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

function lowerFirst(text: string): string {
  return text.length > 1 && /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

function versionsOf(versions: readonly VersionFact[], components: ReadonlySet<string>): VersionFact[] {
  return versions.filter((v) => components.has(v.component));
}

/** The step-issuer resources of the workspace with a version requirement on one of `components`. */
function stepIssuersNeeding(issuers: readonly IssuerFact[], components: ReadonlySet<string>, knowledge: Knowledge): IssuerFact[] {
  return issuers.filter((issuer) => isStepIssuer(issuer) && requirementsOf(issuer, knowledge).some((r) => components.has(r.component)));
}
