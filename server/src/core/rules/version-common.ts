// Shared by the rules that compare a component's deployed version (workspace VersionFacts: image
// tags, chart versions, kubeadm kubernetesVersion) with a minimum from the knowledge table
// (step-issuer/version-mismatch, step-ca/version, kubernetes/no-pq-key-exchange). This file sits
// directly under rules/, so the generated registry does not take it for a rule.
import type { YamlDocument } from '../formats/yaml.js';
import type { VersionFact } from '../workspace/facts.js';
import { bumpVersionText, compareVersions, parseVersion } from '../versions.js';
import type { Fix, Span } from '../types.js';

/** The document that contains `span`, of a file's checkable documents (checkableDocuments, listed once per check). */
export function documentAt(documents: readonly YamlDocument[], span: Span): YamlDocument | undefined {
  return documents.find((d) => d.span.start <= span.start && span.end <= d.span.end);
}

/**
 * True when a version text is a stand-in rather than a release: "v0.0.0" is what release tools
 * write into charts before they stamp the real version (cert-manager's Chart.yaml does).
 */
export function isPlaceholderVersion(raw: string): boolean {
  const v = parseVersion(raw);
  return v === undefined || (v[0] === 0 && v[1] === 0 && v[2] === 0);
}

/** Versions of `component` that count for comparisons: known, real releases. */
export function deployedVersions(all: readonly VersionFact[], component: string): VersionFact[] {
  return all.filter((v) => v.component === component && !isPlaceholderVersion(v.version));
}

/** The highest of some "x.y.z" minimums. */
export function maxVersion(versions: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const v of versions) {
    const parsed = parseVersion(v);
    const current = best === undefined ? undefined : parseVersion(best);
    if (parsed && (!current || compareVersions(parsed, current) > 0)) best = v;
  }
  return best;
}

/** "image tag", "chart version", "kubeadm kubernetesVersion". */
export function originText(fact: VersionFact): string {
  switch (fact.origin) {
    case 'image': return 'image tag';
    case 'chart': return 'chart version';
    case 'kubeadm': return 'kubeadm kubernetesVersion';
  }
}

/** "cert-manager v1.14.4 (image tag in deploy/cert-manager.yaml)". */
export function describeVersion(fact: VersionFact): string {
  return `${fact.component} ${fact.version} (${originText(fact)} in ${fact.file})`;
}

/** Lists up to three items and counts the rest: "a, b and 2 more". */
export function listSome(items: readonly string[], conjunction = 'and'): string {
  const shown = items.slice(0, 3);
  const rest = items.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} ${conjunction} ${rest} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} ${conjunction} ${shown[shown.length - 1]}`;
}

/** True when the image reference pins a digest right after this tag ("…:v1.2.3@sha256:…"). */
export function pinnedByDigest(text: string, fact: VersionFact): boolean {
  // Recorded in the fact, so that adding or removing a digest changes the fact and re-runs the
  // files and documents that read it.
  return fact.origin === 'image' && (fact.digest === true || text[fact.span.end] === '@');
}

/**
 * The fix that rewrites a version in place, keeping its style ("v" prefix, "x.y" tags stay short).
 * None when the image is pinned by digest (a new tag with the old digest would still pull the old
 * image) or when the text would not change.
 */
export function bumpFix(text: string, fact: VersionFact, target: string, safe = false): Fix | undefined {
  if (pinnedByDigest(text, fact)) return undefined;
  if (text.slice(fact.span.start, fact.span.end) !== fact.version) return undefined;
  const newText = bumpVersionText(fact.version, target);
  if (newText === fact.version) return undefined;
  return { title: `Upgrade ${fact.component} to ${newText}`, safe, edits: [{ span: fact.span, newText }] };
}

/** The sentence appended when no fix can be offered because the image is pinned by digest. */
export const DIGEST_NOTE = 'The image is pinned by digest, so change the tag and the digest together.';
