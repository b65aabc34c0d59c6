// A step-ca image (smallstep/step-ca) older than the first version the knowledge table gives for a
// feature that a ca.json in the workspace uses. ca.json files carry no image, so every step-ca image
// in the workspace is compared with every ca.json (a workspace usually holds one of each).
//
// Reported at the image tag (with the fix that bumps it) and at the ca.json setting (naming the
// image and where it is). For features that rest on the migration guide only (ML-DSA keys), the
// finding is a warning and says that no released step-ca has the feature, so an upgrade does not
// deliver it.
import { defineRule } from '../../rule.js';
import type { StepCaFile, YamlFile } from '../../parse.js';
import { feature, keyTypes, statusPhrase, type FeatureEntry, type Knowledge } from '../../knowledge.js';
import { jsonValueSpan, type JsonPath } from '../../formats/json.js';
import { checkableDocuments } from '../../formats/yaml.js';
import type { StepCaFact, VersionFact } from '../../workspace/facts.js';
import type { WorkspaceIndex } from '../../workspace/index.js';
import { isOlderThan } from '../../versions.js';
import type { Report, Severity } from '../../types.js';
import { bumpFix, deployedVersions, describeVersion, DIGEST_NOTE, documentAt, isPlaceholderVersion, listSome, maxVersion, pinnedByDigest } from '../version-common.js';

const COMPONENT = 'step-ca';

/** A ca.json setting that needs a feature of the knowledge table. */
interface Usage {
  fact: StepCaFact;
  /** Where the setting is in ca.json. */
  path: JsonPath;
  /** The setting as written, e.g. `crv "ML-DSA-65"`. */
  shown: string;
  feature: FeatureEntry;
}

/**
 * Which ca.json settings need which feature. The versions live in the knowledge table; this only
 * says which settings a feature id is about.
 */
function usagesOf(fact: StepCaFact, knowledge: Knowledge): Usage[] {
  const out: Usage[] = [];
  const mlDsa = feature(knowledge, 'step-ca/ml-dsa-keys');
  if (mlDsa && fact.crv && keyTypes(knowledge, 'step-ca.crv').some((k) => k.value === fact.crv && k.pqcClass !== 'classical')) {
    out.push({ fact, path: ['crv'], shown: `"crv": "${fact.crv}"`, feature: mlDsa });
  }
  return out;
}

export default defineRule({
  meta: {
    id: 'step-ca/version',
    severity: 'error',
    description: 'A step-ca image is older than the first step-ca version the knowledge table gives for a feature the workspace\'s ca.json uses (e.g. ML-DSA keys, which only the migration guide describes).',
    appliesTo: ['kubernetes-yaml', 'step-ca-json'],
    fixable: true,
    sources: [
      'seeds/000_913be8e6bf26f545.txt ("Smallstep step-ca supports PQC key types … as of version 0.25.0"; ca.json "kty": "OKP", "crv": "ML-DSA-65")',
      'smallstep/certificates#2717 (ML-DSA and hybrid certificates "Not available"; ML-KEM hybrid TLS shipped v0.28.3+ via the Go runtime)',
      'smallstep/certificates releases (v0.30.2, 2026-03-19)',
    ],
  },
  check({ file, index, knowledge, report }) {
    if (file.kind === 'kubernetes-yaml') checkImages(file, index, knowledge, report);
    else if (file.kind === 'step-ca-json') checkCaJson(file, index, knowledge, report);
  },
});

/** At each step-ca image tag in this file: the ca.json settings that need a newer step-ca. */
function checkImages(file: YamlFile, index: WorkspaceIndex, knowledge: Knowledge, report: (r: Report) => void): void {
  const images = index.ofFile('versions', file.path).filter((v) => v.component === COMPONENT && !isPlaceholderVersion(v.version));
  if (images.length === 0) return;
  const usages = index.derive('stepCa', withUsages, knowledge).flatMap((fact) => usagesOf(fact, knowledge));
  const documents = checkableDocuments(file.yaml);
  for (const image of images) {
    if (!documentAt(documents, image.span)) continue;
    const needed = usages.filter((u) => isOlderThan(image.version, u.feature.since));
    if (needed.length === 0) continue;
    const target = maxVersion(needed.map((u) => u.feature.since))!;
    const settings = unique(needed.map((u) => `${u.shown} in ${u.fact.file}`));
    const fix = bumpFix(file.text, image, target);
    const features = needed.map((u) => u.feature);
    const message =
      `step-ca ${image.version} is older than ${target}, which ${listSome(settings)} needs: ${featuresText(features)}. ` +
      `Upgrade step-ca to ${target} or later${latestText(knowledge)}${guideOnlyText(features)}.` +
      (pinnedByDigest(file.text, image) ? ` ${DIGEST_NOTE}` : '');
    report({ span: image.span, message, severity: severityOf(needed.map((u) => u.feature)), fixes: fix ? [fix] : [] });
  }
}

/** At each ca.json setting in this file that a step-ca image in the workspace is too old for. */
function checkCaJson(file: StepCaFile, index: WorkspaceIndex, knowledge: Knowledge, report: (r: Report) => void): void {
  const own = index.ofFile('stepCa', file.path);
  if (own.length === 0) return;
  const images = index.derive('versions', deployedVersions, COMPONENT);
  if (images.length === 0) return;
  for (const usage of own.flatMap((fact) => usagesOf(fact, knowledge))) {
    const old: VersionFact[] = images.filter((v) => isOlderThan(v.version, usage.feature.since));
    if (old.length === 0) continue;
    const span = jsonValueSpan(file.json.root, usage.path);
    if (!span) continue;
    const message =
      `${usage.shown} needs step-ca ${usage.feature.since} or later, but the workspace deploys ${listSome(unique(old.map(describeVersion)))}: ${featuresText([usage.feature])}. ` +
      `Upgrade the step-ca image to ${usage.feature.since} or later${guideOnlyText([usage.feature])}.`;
    report({ span, message, severity: severityOf([usage.feature]) });
  }
}

/** "ML-DSA intermediate CA keys (…) from step-ca 0.25.0 — described in the migration guide, …; the guide claims …". */
function featuresText(features: readonly FeatureEntry[]): string {
  const seen = new Set<string>();
  const texts: string[] = [];
  for (const f of features) {
    if (seen.has(f.id)) continue;
    seen.add(f.id);
    const note = f.status !== 'released' && f.note ? `; ${lowerFirst(f.note).replace(/\.$/, '')}` : '';
    texts.push(`${f.description} from step-ca ${f.since} — ${statusPhrase(f.status)}${note}`);
  }
  return texts.join('. Also: ');
}

/** For features no released step-ca has: the upgrade matches the guide but does not deliver the feature. */
function guideOnlyText(features: readonly FeatureEntry[]): string {
  return features.every((f) => f.status !== 'released') ? ', although no released version delivers this yet' : '';
}

function lowerFirst(text: string): string {
  return text.length > 1 && /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

function latestText(knowledge: Knowledge): string {
  const latest = knowledge.components.find((c) => c.id === COMPONENT)?.latest;
  return latest ? ` (latest known release: ${latest})` : '';
}

/**
 * Error when the feature is released upstream. A feature that only the migration guide describes
 * gives a warning: the upgrade it asks for is real, but no released step-ca has the feature.
 */
function severityOf(features: readonly FeatureEntry[]): Severity {
  return features.some((f) => f.status === 'released') ? 'error' : 'warning';
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

/** The step-ca configurations that use a setting with a minimum step-ca version. */
function withUsages(stepCa: readonly StepCaFact[], knowledge: Knowledge): StepCaFact[] {
  return stepCa.filter((fact) => usagesOf(fact, knowledge).length > 0);
}
