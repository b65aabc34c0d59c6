// An Ingress host whose TLS secrets all hold classical-only certificates, with no post-quantum or
// composite certificate for that host anywhere in the workspace: the migration guide's dual-stack
// Option 3 (a classical and a PQC certificate side by side) is not in place. Only hosts whose every
// secret resolves (a Secret of that name in the Ingress's namespace, with a decodable tls.crt) are
// judged; a secret the workspace does not contain (e.g. one cert-manager will create) keeps the
// rule quiet. Info: browsers and most TLS stacks cannot validate ML-DSA or composite certificates
// yet, so this is a migration marker, not a defect.
import { defineRule } from '../../rule.js';
import type { YamlFile } from '../../parse.js';
import { feature, statusPhrase } from '../../knowledge.js';
import type { SecretFact } from '../../workspace/facts.js';
import type { WorkspaceIndex } from '../../workspace/index.js';
import { SSL_CERTS_ANNOTATION, type IngressTlsFact, type TlsFact } from '../../workspace/tls-facts.js';
import type { DecodedCertificate } from '../../x509/model.js';
import { groupedFrom } from '../lookup-common.js';
import { ownTlsFacts } from '../tls-common.js';

const TLS_CRT_PATHS = ['data.tls.crt', 'stringData.tls.crt'];

export default defineRule({
  meta: {
    id: 'ingress/classical-only-tls',
    severity: 'info',
    description: 'An Ingress serves a host only with classical certificates (every TLS secret for the host resolves to an RSA/ECDSA/EdDSA certificate) and no post-quantum or composite certificate exists for it.',
    appliesTo: ['kubernetes-yaml'],
    fixable: false,
    sources: [
      'seeds/000_913be8e6bf26f545.txt (Option 3: dual-stack certificates; Ingress with classical-tls and pqc-hybrid-tls)',
      'Kubernetes networking.k8s.io/v1 Ingress spec.tls (hosts, secretName; the Secret lives in the Ingress namespace)',
      'RFC 9881 (ML-DSA in X.509), draft-ietf-lamps-pq-composite-sigs (composite ML-DSA)',
    ],
  },
  check(ctx) {
    if (ctx.file.kind !== 'kubernetes-yaml') return;
    const file = ctx.file as YamlFile;
    const own = ownTlsFacts(file, ctx.knowledge, 'ingress-tls');
    if (own.length === 0) return;
    const annotation = feature(ctx.knowledge, 'ingress-nginx/ssl-certs-annotation');
    // Host → the first entry of its Ingress that serves it: one finding per Ingress document and
    // host, on that entry (a file that repeats an Ingress gets one on each copy, as when the
    // copies are in different files).
    const reportOn = new Map<IngressTlsFact, { host: string; serving: Served[] }[]>();
    const seen = new Set<string>();
    for (const entry of own) {
      const document = file.yaml.documents.findIndex((d) => d.span.start <= entry.span.start && entry.span.end <= d.span.end);
      for (const host of hostsOf(entry)) {
        const key = `${document}\u0000${entry.ingress}\u0000${entry.namespace ?? ''}\u0000${host}`;
        if (seen.has(key)) continue;
        seen.add(key);
        // One answer per host: which classical certificates serve it, asked again (and compared)
        // whenever an Ingress, Secret or certificate anywhere changes.
        const answer = ctx.index.ask(['tls', 'secrets', 'certificates'], classicalServing, entry.namespace, host);
        if (!answer) continue;
        const serving = answer.map(([binding, cert]) => ({ secret: binding.secretName, cert }));
        const list = reportOn.get(entry) ?? [];
        list.push({ host, serving });
        reportOn.set(entry, list);
      }
    }
    for (const [entry, hosts] of reportOn) {
      const ingress = `${entry.namespace ? `${entry.namespace}/` : ''}${entry.ingress}`;
      const hostText = joinAnd(hosts.map((h) => (h.host === '' ? 'its default TLS server (no hosts)' : h.host)));
      const described = uniq(hosts.flatMap((h) => h.serving.map((s) => `${s.secret}: ${s.cert.publicKey.algorithm}`))).join('; ');
      const guide = annotation ? statusPhrase(annotation.status) : statusPhrase('guide');
      const lead = `Ingress ${ingress} serves ${hostText} only with classical certificates (${described}) and no post-quantum or composite certificate exists for ${hosts.length > 1 ? 'these hosts' : 'it'}, so its clients can only check signatures that a quantum computer could forge.`;
      const advice = entry.sslCertsAnnotation
        ? ` Its ${SSL_CERTS_ANNOTATION} annotation (the migration guide's dual-stack Option 3) is ${guide}, and no such annotation was found in ingress-nginx; when the clients can validate them, add an ML-DSA or composite certificate for ${hosts.length > 1 ? 'these hosts' : 'the host'}.`
        : ` When its clients can validate them, add an ML-DSA or composite certificate for ${hosts.length > 1 ? 'these hosts' : 'the host'} next to the classical one (the migration guide's dual-stack Option 3; choosing between them per client is ${guide}).`;
      const message = lead + advice;
      ctx.report({ span: entry.span, message });
    }
  },
});

interface Served { secret: string; cert: DecodedCertificate }

/**
 * The leaf certificates that serve `host` in `namespace`, each with its Ingress TLS entry, from
 * every entry of the workspace for the host, when all are classical; undefined when an entry's
 * Secret is not in the workspace (or does not decode), none serves the host, or one is not classical.
 */
function classicalServing(index: WorkspaceIndex, namespace: string | undefined, host: string): [IngressTlsFact, DecodedCertificate][] | undefined {
  const serving: [IngressTlsFact, DecodedCertificate][] = [];
  for (const binding of index.derive('tls', bindingsFor, namespace, host)) {
    const certs = leafCertificates(index.derive('secrets', secretsNamed, binding.namespace, binding.secretName), index);
    if (certs.length === 0) return undefined;
    for (const cert of certs) serving.push([binding, cert]);
  }
  return serving.length > 0 && serving.every(([, cert]) => cert.pqcClass === 'classical') ? serving : undefined;
}

function hostsOf(fact: IngressTlsFact): string[] {
  return fact.hosts.length > 0 ? fact.hosts : [''];
}

/** A name within its namespace (an omitted namespace is "default"), as a lookup key. */
function scoped(namespace: string | undefined, name: string): string {
  return `${namespace ?? 'default'}\u0000${name}`;
}

/** The workspace's Ingress TLS entries by namespace and host (scoped), in workspace order. */
const bindingsOf = groupedFrom((b: TlsFact) => (b.type === 'ingress-tls' ? hostsOf(b).map((host) => scoped(b.namespace, host)) : []));

function bindingsFor(tls: readonly TlsFact[], namespace: string | undefined, host: string): IngressTlsFact[] {
  return (bindingsOf(tls).get(scoped(namespace, host)) ?? []) as IngressTlsFact[];
}

/** The workspace's Secrets by namespace and name (scoped), in workspace order. */
const secretsOf = groupedFrom((s: SecretFact) => [scoped(s.namespace, s.name)]);

function secretsNamed(secrets: readonly SecretFact[], namespace: string | undefined, name: string): SecretFact[] {
  return secretsOf(secrets).get(scoped(namespace, name)) ?? [];
}

/** The leaf certificates of the Secrets a binding names (empty when none is in the workspace or one does not decode). */
function leafCertificates(secrets: readonly SecretFact[], index: WorkspaceIndex): DecodedCertificate[] {
  const out: DecodedCertificate[] = [];
  for (const secret of secrets) {
    const leaf = index.ofFile('certificates', secret.file).find((c) => c.occurrence.index === 0 && c.occurrence.cert !== undefined &&
      c.occurrence.path !== undefined && TLS_CRT_PATHS.includes(c.occurrence.path) &&
      c.occurrence.span.start >= secret.span.start && c.occurrence.span.end <= secret.span.end);
    if (!leaf?.occurrence.cert) return [];
    out.push(leaf.occurrence.cert);
  }
  return out;
}

function joinAnd(values: string[]): string {
  return values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} and ${values[values.length - 1]}`;
}

function uniq(values: string[]): string[] {
  return [...new Set(values)];
}
