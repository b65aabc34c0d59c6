// ingress-nginx `ssl-ecdh-curve` set to an explicit group list without a post-quantum group.
// The key becomes nginx's ssl_ecdh_curve; its default "auto" leaves OpenSSL's own group list in
// place, which from OpenSSL 3.5 (controller v1.14.2 ships 3.5.4) offers X25519MLKEM768 first.
// An explicit list such as "X25519:prime256v1:secp384r1" replaces that list and removes the hybrid.
// Which ConfigMaps count: the controller's by name (ingress-nginx-controller, nginx-configuration,
// <release>-ingress-nginx-controller), by ingress-nginx labels or namespace, or the one a controller
// workload in the workspace names with --configmap; plus `controller.config` in Helm values.
import { defineRule } from '../../rule.js';
import type { YamlFile } from '../../parse.js';
import { feature, statusPhrase, tlsGroup } from '../../knowledge.js';
import type { Fix } from '../../types.js';
import type { IngressNginxCurveFact, TlsFact } from '../../workspace/tls-facts.js';
import type { VersionFact } from '../../workspace/facts.js';
import { hybridGroupName, isCurrentPqGroup, ofType, olderImages, ownTlsFacts } from '../tls-common.js';

export default defineRule({
  meta: {
    id: 'ingress-nginx/classical-ecdh-curve',
    severity: 'warning',
    description: 'The ingress-nginx controller ConfigMap sets ssl-ecdh-curve to an explicit list without a post-quantum group such as X25519MLKEM768, which turns off the hybrid key exchange OpenSSL 3.5 offers by default.',
    appliesTo: ['kubernetes-yaml'],
    fixable: true,
    sources: [
      'kubernetes/ingress-nginx internal/ingress/controller/config/config.go (ssl-ecdh-curve, default "auto")',
      'kubernetes/ingress-nginx#14482 (controller v1.14.2 ships OpenSSL 3.5.4)',
      'openssl CHANGES.md 3.5.0 (default TLS groups start with X25519MLKEM768; group list syntax)',
    ],
  },
  check(ctx) {
    if (ctx.file.kind !== 'kubernetes-yaml') return;
    const file = ctx.file as YamlFile;
    const own = ownTlsFacts(file, ctx.knowledge, 'ingress-nginx-ecdh-curve');
    if (own.length === 0) return;
    const group = hybridGroupName(ctx.knowledge);
    const opensslFeature = feature(ctx.knowledge, 'ingress-nginx/openssl-3.5');
    for (const fact of own) {
      if (!fact.controllerHint) {
        if (!ctx.index.derive('tls', controllerReads, fact.configMap)) continue;
      }
      const entries = groupsOf(fact);
      if (entries.length === 0 || entries.some((e) => /^(auto|default)$/i.test(e))) continue;
      if (entries.some((e) => isCurrentPqGroup(tlsGroup(ctx.knowledge, e)))) continue;
      const drafts = entries.map((e) => tlsGroup(ctx.knowledge, e)).filter((g) => g?.replacedBy).map((g) => ` ${g!.name} is a pre-standard draft, replaced by ${g!.replacedBy}.`);
      const old = opensslFeature ? ctx.index.derive('versions', firstOlderImage, opensslFeature.since) : undefined;
      const shipped = opensslFeature ? ` (the controller image ships OpenSSL 3.5 as of v${opensslFeature.since}, ${statusPhrase(opensslFeature.status)})` : '';
      const upgrade = old && opensslFeature
        ? ` The controller image ${old.version} (${old.file}) predates v${opensslFeature.since}; an OpenSSL older than 3.5 does not know ${group} and nginx would reject the list, so upgrade the controller first.`
        : '';
      const message = `ssl-ecdh-curve in ${fact.where} is "${fact.value}", an explicit group list without a standard post-quantum group, so the controller never negotiates ${group}, which its OpenSSL offers by default${shipped}.${drafts.join('')} Put ${group} first or set "auto".${upgrade}`;
      const fixes: Fix[] = [];
      const first = fact.groups[0];
      if (fact.editable && first) {
        fixes.push({ title: `Prepend ${group} to ssl-ecdh-curve`, safe: old === undefined, edits: [{ span: { start: first.span.start, end: first.span.start }, newText: `${group}:` }] });
      }
      ctx.report({ span: fact.span, message, fixes });
    }
  },
});

/** Group names of the list: OpenSSL 3.5 prefixes "?" (ignore if unknown) and "*" (key share) stripped; "-name" (removal) dropped. */
function groupsOf(fact: IngressNginxCurveFact): string[] {
  return fact.groups.map((g) => g.name).filter((n) => !n.startsWith('-')).map((n) => n.replace(/^[?*]+/, '')).filter((n) => n.length > 0);
}

function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

/** Whether an ingress-nginx controller of the workspace reads the ConfigMap `configMap`. */
function controllerReads(tls: readonly TlsFact[], configMap: IngressNginxCurveFact['configMap']): boolean {
  return ofType(tls, 'ingress-nginx-controller').some((c) => c.configMap && configMap && c.configMap.name === configMap.name && sameNamespace(c.configMap.namespace, configMap.namespace));
}

/** The first ingress-nginx image of the workspace older than `since` (the one messages name). */
function firstOlderImage(versions: readonly VersionFact[], since: string): VersionFact | undefined {
  return olderImages(versions, 'ingress-nginx', since)[0];
}
