// A SPIRE server/agent image older than the first SPIRE version that has a setting used in the
// workspace's SPIRE configuration. The versions are the knowledge table's features; the setting
// names below only say which feature a configuration key belongs to.
import { defineRule } from '../../rule.js';
import { feature, statusPhrase, type FeatureEntry } from '../../knowledge.js';
import { bumpVersionText, compareVersions, isOlderThan, parseVersion } from '../../versions.js';
import { isTrue, type SpireFact } from '../../workspace/spire-facts.js';
import type { Severity } from '../../types.js';
import { derivedFrom } from '../lookup-common.js';

interface Requirement {
  /** Knowledge feature id that holds the first version. */
  feature: string;
  /** Is the setting used by this SPIRE server/agent? */
  used(fact: SpireFact): boolean;
  /** Severity when the image is older than the feature. */
  severity: Severity;
  describe(f: FeatureEntry, mlkem: FeatureEntry | undefined): string;
}

const REQUIREMENTS: readonly Requirement[] = [
  {
    feature: 'spire/require-pq-kem',
    // An older SPIRE rejects the unknown key even when it is false.
    used: (f) => f.requirePqKem !== undefined || f.upstreamAuthorities.some((u) => u.requirePqKem !== undefined),
    severity: 'error',
    describe: (f, mlkem) => `require_pq_kem needs SPIRE ${f.since} (${statusPhrase(f.status)})${mlkem ? `, and its ML-KEM group X25519MLKEM768 needs ${mlkem.since}` : ''}`,
  },
  {
    feature: 'spire/require-pq-kem-mlkem',
    used: (f) => isTrue(f.requirePqKem) || f.upstreamAuthorities.some((u) => isTrue(u.requirePqKem)),
    severity: 'warning',
    describe: (f) => `before SPIRE ${f.since}, require_pq_kem allows only the pre-standard draft Kyber group; X25519MLKEM768 needs ${f.since} (${statusPhrase(f.status)})`,
  },
  {
    feature: 'spire/pqc-svid-key-type',
    used: (f) => f.pqcSvidKeyType !== undefined || f.dualStackSvids !== undefined,
    severity: 'error',
    describe: (f) => `pqc_svid_key_type and dual_stack_svids need SPIRE ${f.since} according to the migration guide (${statusPhrase(f.status)})`,
  },
];

export default defineRule({
  meta: {
    id: 'spire/version',
    severity: 'error',
    description: 'A SPIRE server/agent image is older than the first SPIRE version that supports a setting used in the workspace\'s SPIRE configuration.',
    appliesTo: ['kubernetes-yaml'],
    fixable: true,
    sources: [
      'spiffe/spire PR #5601 (v1.11.1): experimental.require_pq_kem',
      'spiffe/spire PR #6703 (v1.14.3): require_pq_kem negotiates X25519MLKEM768',
      'spiffe/spire cmd/spire-server/cli/run/run.go checkForUnknownConfig (unknown keys are an error)',
      'seeds/000_913be8e6bf26f545.txt ("SPIRE 1.10 ... experimental support for ML-DSA SVIDs")',
    ],
  },
  check(ctx) {
    if (ctx.file.kind !== 'kubernetes-yaml') return;
    const images = ctx.index.ofFile('versions', ctx.file.path).filter((v) => v.component === 'spire' && v.origin === 'image');
    if (images.length === 0) return;
    const used = ctx.index.derive('spire', usedRequirements);
    const mlkem = feature(ctx.knowledge, 'spire/require-pq-kem-mlkem');
    const active = used
      .map((r) => ({ r, f: feature(ctx.knowledge, r.feature) }))
      .filter((x): x is { r: Requirement; f: FeatureEntry } => x.f !== undefined && parseVersion(x.f.since) !== undefined);
    if (active.length === 0) return;
    for (const image of images) {
      const unmet = active.filter(({ f }) => isOlderThan(image.version, f.since));
      if (unmet.length === 0) continue;
      const severity: Severity = unmet.some(({ r }) => r.severity === 'error') ? 'error' : 'warning';
      // Bump to the newest version any used setting wants, ML-KEM included when require_pq_kem is on.
      const target = unmet.map(({ f }) => f.since).reduce((a, b) => (compareVersions(parseVersion(a)!, parseVersion(b)!) >= 0 ? a : b));
      const parts = unmet
        // The draft-Kyber note is already part of the require_pq_kem text when both are unmet.
        .filter(({ r }) => !(r.feature === 'spire/require-pq-kem-mlkem' && unmet.some((u) => u.r.feature === 'spire/require-pq-kem')))
        .map(({ r, f }) => r.describe(f, mlkem));
      const message = `SPIRE image tag "${image.version}" is older than the workspace's SPIRE configuration needs: ${parts.join('; ')}. Update the image to ${target} or later.`;
      const newText = bumpedTag(image.version, target);
      // A digest after the tag pins the old image whatever the tag says: no tag-only fix then.
      const pinned = ctx.file.text[image.span.end] === '@';
      ctx.report({
        span: image.span,
        message,
        severity,
        fixes: newText !== image.version && !pinned ? [{ title: `Update the SPIRE image to ${newText}`, safe: false, edits: [{ span: image.span, newText }] }] : [],
      });
    }
  },
});

/** The tag rewritten to `target` in its own style; a short "1.9" tag becomes a full version when "1.14" would still be older. */
function bumpedTag(raw: string, target: string): string {
  const bumped = bumpVersionText(raw, target);
  if (!isOlderThan(bumped, target)) return bumped;
  return (raw.trim().startsWith('v') ? 'v' : '') + target;
}

/** The settings with a minimum version that some SPIRE configuration of the workspace uses. */
const usedRequirements = derivedFrom((spire: readonly SpireFact[]) => REQUIREMENTS.filter((r) => spire.some((s) => r.used(s))));
