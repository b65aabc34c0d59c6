// Istio meshConfig.tlsDefaults.ecdhCurves set to a list without X25519MLKEM768. The list is the
// key-exchange groups Istio's gateways offer for non-ISTIO_MUTUAL TLS; meshConfig.meshMTLS ignores
// it (istio#56330). Istio's valid curve names (pkg/config/security/security.go ValidECDHCurves)
// include X25519MLKEM768 but not SecP256r1MLKEM768. COMPLIANCE_POLICY=pqc (Istio 1.27.0) replaces
// the list with X25519MLKEM768 alone, so with that policy set the finding drops to info.
// Where the list is read: IstioOperator spec.meshConfig, the `istio` ConfigMap's `mesh` text, Helm
// values `meshConfig:` (also in a Sail Istio resource, a Flux HelmRelease or an Argo CD Application).
import { defineRule, type RuleContext } from '../../rule.js';
import type { YamlFile } from '../../parse.js';
import { feature, statusPhrase, tlsGroup } from '../../knowledge.js';
import type { Fix } from '../../types.js';
import type { VersionFact } from '../../workspace/facts.js';
import type { IstioCompliancePolicyFact, TlsFact } from '../../workspace/tls-facts.js';
import { hybridGroupName, isCurrentPqGroup, listText, ofType, olderImages, ownTlsFacts } from '../tls-common.js';

export const COMPLIANCE_VALUE = 'pqc';

export default defineRule({
  meta: {
    id: 'istio/classical-ecdh-curves',
    severity: 'warning',
    description: 'Istio meshConfig.tlsDefaults.ecdhCurves lists key-exchange groups without X25519MLKEM768, so Istio gateways negotiate only a classical key exchange.',
    appliesTo: ['kubernetes-yaml'],
    fixable: true,
    sources: [
      'istio/istio pkg/config/security/security.go (ValidECDHCurves includes X25519MLKEM768, PR #55589)',
      'istio/istio#56330 (tlsDefaults.ecdhCurves applies to gateways; meshMTLS ignores it)',
      'istio/istio pkg/features/security.go; istio.io 1.27.0 change notes (COMPLIANCE_POLICY=pqc)',
    ],
  },
  check(ctx) {
    if (ctx.file.kind !== 'kubernetes-yaml') return;
    const file = ctx.file as YamlFile;
    const own = ownTlsFacts(file, ctx.knowledge, 'istio-ecdh-curves');
    if (own.length === 0) return;
    const group = hybridGroupName(ctx.knowledge);
    for (const fact of own) {
      const names = fact.curves.map((c) => c.name);
      // An empty list means Envoy's defaults: not an explicit choice this rule judges.
      if (names.length === 0) continue;
      if (names.some((n) => n.toLowerCase() === group.toLowerCase())) continue;
      const notes: string[] = [];
      for (const n of names) {
        const entry = tlsGroup(ctx.knowledge, n);
        if (entry?.replacedBy) notes.push(`${entry.name} is a pre-standard draft, replaced by ${entry.replacedBy}.`);
        else if (isCurrentPqGroup(entry)) notes.push(`${entry!.name} is not among Istio's valid curve names, which include ${group}.`);
      }
      const policy = compliancePolicy(ctx);
      const effect = notes.length > 0 ? `so Istio gateways do not offer ${group} to TLS clients` : 'so Istio gateways offer TLS clients only a classical key exchange';
      const base = `tlsDefaults.ecdhCurves in ${fact.where} is ${listText(names)}, without ${group}, ${effect} (mesh mTLS ignores this list).`;
      const lead = notes.length > 0 ? `${base} ${notes.join(' ')}` : base;
      const fixes: Fix[] = fact.prepend
        ? [{ title: `Prepend ${group} to ecdhCurves`, safe: true, edits: [{ span: { start: fact.prepend.offset, end: fact.prepend.offset }, newText: `${fact.prepend.before}${group}${fact.prepend.after}` }] }]
        : [];
      if (policy.effective) {
        ctx.report({
          span: fact.span,
          severity: 'info',
          message: `${lead} COMPLIANCE_POLICY=${COMPLIANCE_VALUE} set in ${policy.effective} overrides this list with ${group} alone${policy.since ? ` (Istio ${policy.since}+, ${policy.status})` : ''}; add ${group} here too so the list stays post-quantum if the policy is removed.`,
          fixes,
        });
      } else {
        ctx.report({ span: fact.span, message: `${lead} Put ${group} first (a valid Istio curve name)${policy.ignored ? `; ${policy.ignored}` : ''}.`, fixes });
      }
    }
  },
});

interface PolicyState {
  /** Where COMPLIANCE_POLICY=pqc is set, when it applies. */
  effective?: string;
  /** Why a pqc policy found in the workspace does not apply. */
  ignored?: string;
  since?: string;
  status?: string;
}

function compliancePolicy(ctx: RuleContext): PolicyState {
  const facts = ctx.index.derive('tls', pqcCompliancePolicies);
  if (facts.length === 0) return {};
  // istiod writes the gateways' TLS settings, so the policy must reach istiod (its env or pilot.env).
  const istiod = facts.find((f) => f.origin === 'istiod-env' || f.origin === 'pilot-env');
  if (!istiod) {
    return { ignored: `COMPLIANCE_POLICY=${COMPLIANCE_VALUE} is set for proxies only (${facts[0].where}, ${facts[0].file}); Istio's release notes ask for it on istiod (pilot) as well` };
  }
  const where = `${istiod.where} (${istiod.file})`;
  const entry = feature(ctx.knowledge, 'istio/compliance-policy-pqc');
  if (!entry) return { effective: where };
  const istioVersions = ctx.index.derive('versions', istioImages);
  const old = olderImages(istioVersions, 'istio', entry.since);
  if (istioVersions.length > 0 && old.length === istioVersions.length) {
    return { ignored: `COMPLIANCE_POLICY=${COMPLIANCE_VALUE} in ${where} needs Istio ${entry.since} or later, but the workspace deploys Istio ${old[0].version}` };
  }
  return { effective: where, since: entry.since, status: statusPhrase(entry.status) };
}

function pqcCompliancePolicies(tls: readonly TlsFact[]): IstioCompliancePolicyFact[] {
  return ofType(tls, 'istio-compliance-policy').filter((f) => f.value.trim() === COMPLIANCE_VALUE);
}

/** The Istio image versions of the workspace (placeholder v0.0.0 tags left out). */
function istioImages(versions: readonly VersionFact[]): VersionFact[] {
  return versions.filter((v) => v.component === 'istio' && v.origin === 'image' && !/^v?0\.0\.0/.test(v.version));
}
