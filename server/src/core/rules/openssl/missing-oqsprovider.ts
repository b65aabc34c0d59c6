// The workspace holds post-quantum material that OpenSSL reads only through oqsprovider (composite or
// pre-standard certificate OIDs; ML-DSA keys as the migration guide configures them for step-ca and
// SPIRE, which OpenSSL < 3.5 lacks), and no openssl.cnf in the workspace lists oqsprovider.
import { defineRule, type RuleContext } from '../../rule.js';
import { algorithmByOid, keyTypes, statusPhrase, type AlgorithmEntry, type KeyTypeEntry, type Knowledge } from '../../knowledge.js';
import { jsonNodeAt } from '../../formats/json.js';
import type { Fix, Span } from '../../types.js';
import type { DecodedCertificate } from '../../x509/model.js';
import { CnfEditor, OPENSSL_SOURCES, addOqsprovider, configsOf, reportSpan, where } from '../openssl-common.js';

interface Artefact {
  file: string;
  /** Span in `file`, for findings there when the workspace has no openssl config. */
  span?: Span;
  /** What it is, for messages: `certificate "CN=x" (id-MLDSA65-ECDSA-P256-SHA512, 2.16.840...)`. */
  what: string;
  /** Why OpenSSL needs oqsprovider for it. */
  why: string;
}

export default defineRule({
  meta: {
    id: 'openssl/missing-oqsprovider',
    severity: 'warning',
    description: 'The workspace holds composite, pre-standard or ML-DSA material that OpenSSL (before 3.5, and for composites any version) only handles through oqsprovider, and no openssl.cnf loads oqsprovider.',
    appliesTo: ['openssl-cnf', 'kubernetes-yaml', 'pem', 'der', 'step-ca-json', 'spire-hcl'],
    fixable: true,
    sources: [
      OPENSSL_SOURCES.oqsReadme,
      OPENSSL_SOURCES.oqsRelease,
      'open-quantum-safe/oqs-provider ALGORITHMS.md (names and OIDs per release; final ML-DSA OIDs from 0.8.0)',
      OPENSSL_SOURCES.oqsUsage,
      OPENSSL_SOURCES.guide,
    ],
  },
  check(ctx) {
    const artefacts = oqsArtefacts(ctx);
    if (artefacts.length === 0) return;
    const configs = ctx.index.all('openssl');
    if (configs.some((c) => c.declaresOqsprovider)) return;
    const here = configsOf(ctx.file);
    if (here.length > 0) {
      const first = artefacts[0];
      for (const { view, a } of here) {
        const section = a.providerSections[0];
        const span = section ? section.nameSpan ?? section.span : a.appConf?.keySpan ?? view.model.sections[1]?.nameSpan;
        const lacks = section ? `[${section.name}] does not list oqsprovider` : 'it has no provider section';
        const message = `This OpenSSL config${where(view)} does not load oqsprovider (${lacks}), but the workspace holds ${first.what} in ${first.file}, which ${first.why} No openssl.cnf in the workspace loads oqsprovider.`;
        const fixes: Fix[] = [];
        const ed = new CnfEditor(view);
        addOqsprovider(ed, a);
        const edits = ed.edits();
        if (edits && edits.length > 0) {
          fixes.push({ title: 'Add and activate oqsprovider (module path from the migration guide), keeping the default provider active', safe: false, edits });
        }
        ctx.report({ span: span ? reportSpan(view, span) : view.exact ? view.span({ start: 0, end: 0 }) : view.anchor, message, fixes });
      }
      return;
    }
    // Findings go to the configs when there are any; without one, to the material itself.
    if (configs.length > 0) return;
    for (const artefact of artefacts) {
      if (artefact.file !== ctx.file.path || !artefact.span) continue;
      ctx.report({
        span: artefact.span,
        message: `This is ${artefact.what}, which ${artefact.why} The workspace has no openssl.cnf that loads oqsprovider (add one with oqsprovider = oqsprovider_sect and [oqsprovider_sect] activate = 1, next to the default provider).`,
      });
    }
  },
});

/** Everything in the workspace that OpenSSL only handles through oqsprovider, this file's first. */
function oqsArtefacts(ctx: RuleContext): Artefact[] {
  const { index, knowledge, file } = ctx;
  const out: Artefact[] = [];
  for (const fact of index.all('certificates')) {
    const cert = fact.occurrence.cert;
    if (!cert) continue;
    const entry = oqsOnly(knowledge, cert);
    if (!entry) continue;
    out.push({ file: fact.file, span: fact.occurrence.span, what: `a certificate${subjectOf(cert)} using ${entry.name} (${entry.oid})`, why: certificateWhy(entry) });
  }
  const stepCrv = pqKeyTypes(knowledge, 'step-ca.crv');
  for (const fact of index.all('stepCa')) {
    const entry = fact.crv !== undefined ? stepCrv.find((k) => k.value === fact.crv) : undefined;
    if (!entry) continue;
    let span: Span | undefined;
    if (fact.file === file.path && file.kind === 'step-ca-json') {
      const node = jsonNodeAt(file.json.root, ['crv']);
      if (node) span = node.type === 'string' && node.length >= 2 ? { start: node.offset + 1, end: node.offset + node.length - 1 } : { start: node.offset, end: node.offset + node.length };
    }
    out.push({ file: fact.file, span, what: `a step-ca intermediate key "crv": "${entry.value}"`, why: mlDsaWhy(entry) });
  }
  const svid = pqKeyTypes(knowledge, 'spire.pqc_svid_key_type');
  for (const fact of index.all('spire')) {
    const setting = fact.pqcSvidKeyType;
    const entry = typeof setting?.value === 'string' ? svid.find((k) => k.value === setting.value) : undefined;
    if (!entry || !setting) continue;
    const quoted = fact.file === file.path && file.text[setting.span.start] === '"' && file.text[setting.span.end - 1] === '"';
    const span = quoted ? { start: setting.span.start + 1, end: setting.span.end - 1 } : setting.span;
    out.push({ file: fact.file, span, what: `a SPIRE pqc_svid_key_type = "${entry.value}"`, why: mlDsaWhy(entry) });
  }
  return out.sort((a, b) => Number(b.file === file.path) - Number(a.file === file.path) || a.file.localeCompare(b.file));
}

function pqKeyTypes(knowledge: Knowledge, setting: string): KeyTypeEntry[] {
  return keyTypes(knowledge, setting).filter((k) => k.pqcClass === 'pq');
}

/** The certificate's key or signature algorithm that only oqsprovider implements (knowledge params.oqsName). */
function oqsOnly(knowledge: Knowledge, cert: DecodedCertificate): AlgorithmEntry | undefined {
  for (const oid of [cert.signature.oid, cert.publicKey.oid]) {
    const entry = algorithmByOid(knowledge, oid);
    if (entry?.params?.oqsName !== undefined && entry.pqcClass !== 'classical') return entry;
  }
  return undefined;
}

function subjectOf(cert: DecodedCertificate): string {
  const cn = /(?:^|,)CN=((?:\\,|[^,])+)/.exec(cert.subject)?.[1] ?? cert.subject;
  return cn ? ` "${cn}"` : '';
}

function certificateWhy(entry: AlgorithmEntry): string {
  const name = String(entry.params?.oqsName);
  const composite = entry.family.toLowerCase().includes('composite');
  const removed = composite ? ', and only up to oqsprovider 0.9 (0.10.0 removed composite signatures)' : '';
  return `no OpenSSL release implements natively; only oqsprovider does, as "${name}"${removed}.`;
}

function mlDsaWhy(entry: KeyTypeEntry): string {
  const status = entry.status === 'released' ? '' : `; the setting itself is ${statusPhrase(entry.status)}`;
  return `OpenSSL 3.5+ handles natively but OpenSSL 3.0–3.4 only through oqsprovider 0.8.0 or later (the first release with the final ML-DSA OIDs)${status}.`;
}
