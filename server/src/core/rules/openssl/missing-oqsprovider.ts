// The workspace holds post-quantum material that OpenSSL reads only through oqsprovider (composite or
// pre-standard certificate OIDs; ML-DSA keys as the migration guide configures them for step-ca and
// SPIRE, which OpenSSL < 3.5 lacks), and no openssl.cnf in the workspace lists oqsprovider.
import { defineRule, type RuleContext } from '../../rule.js';
import { keyTypes, statusPhrase, type AlgorithmEntry, type KeyTypeEntry, type Knowledge } from '../../knowledge.js';
import { lookupAlgorithm } from '../../x509/algorithms.js';
import { locateCertificates } from '../../x509/locate.js';
import type { SpireFact } from '../../workspace/spire-facts.js';
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
    const here = configsOf(ctx.file);
    if (here.length === 0) {
      // Findings go to the material only when the workspace has no openssl config at all.
      const own = ownArtefacts(ctx);
      if (own.length === 0) return;
      if (ctx.index.derive('openssl', (configs) => configs.length > 0)) return;
      for (const artefact of own) {
        if (!artefact.span) continue;
        ctx.report({
          span: artefact.span,
          message: `This is ${artefact.what}, which ${artefact.why} The workspace has no openssl.cnf that loads oqsprovider (add one with oqsprovider = oqsprovider_sect and [oqsprovider_sect] activate = 1, next to the default provider).`,
        });
      }
      return;
    }
    if (ctx.index.derive('openssl', (configs) => configs.some((c) => c.declaresOqsprovider))) return;
    const first = ownArtefacts(ctx)[0] ?? firstWorkspaceArtefact(ctx);
    if (!first) return;
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
  },
});

/** The material in the file being checked (certificates, ca.json crv, SPIRE pqc_svid_key_type). */
function ownArtefacts(ctx: RuleContext): Artefact[] {
  const { file, knowledge } = ctx;
  const out: Artefact[] = [];
  for (const occurrence of locateCertificates(file, knowledge)) {
    const artefact = occurrence.cert ? certificateArtefact(knowledge, file.path, occurrence.cert, occurrence.span) : undefined;
    if (artefact) out.push(artefact);
  }
  if (file.kind === 'step-ca-json') {
    const node = jsonNodeAt(file.json.root, ['crv']);
    const entry = node?.type === 'string' ? pqKeyTypes(knowledge, 'step-ca.crv').find((k) => k.value === node.value) : undefined;
    if (node && entry) {
      out.push({ file: file.path, span: { start: node.offset + 1, end: node.offset + node.length - 1 }, what: `a step-ca intermediate key "crv": "${entry.value}"`, why: mlDsaWhy(entry) });
    }
  }
  if (file.kind === 'spire-hcl') {
    for (const fact of ctx.index.ofFile('spire', file.path)) out.push(...spireArtefact(ctx, fact));
  }
  return out;
}

/** The first material elsewhere in the workspace in path order (for messages on configs). */
function firstWorkspaceArtefact(ctx: RuleContext): Artefact | undefined {
  const { index, knowledge } = ctx;
  // One question per category, so that each is answered (and re-asked) on its own.
  const firstOf = <T>(facts: readonly T[], artefacts: (fact: T) => (Artefact | undefined)[]): Artefact | undefined => {
    let first: Artefact | undefined;
    for (const fact of facts) {
      for (const artefact of artefacts(fact)) if (artefact && (!first || artefact.file.localeCompare(first.file) < 0)) first = artefact;
    }
    return first;
  };
  const stepCrv = pqKeyTypes(knowledge, 'step-ca.crv');
  const candidates = [
    index.derive('certificates', (facts) => firstOf(facts, (fact) => [fact.occurrence.cert ? certificateArtefact(knowledge, fact.file, fact.occurrence.cert, undefined) : undefined]), artefactDigest),
    index.derive('stepCa', (facts) => firstOf(facts, (fact) => {
      const entry = fact.crv !== undefined ? stepCrv.find((k) => k.value === fact.crv) : undefined;
      return [entry ? { file: fact.file, what: `a step-ca intermediate key "crv": "${entry.value}"`, why: mlDsaWhy(entry) } : undefined];
    }), artefactDigest),
    index.derive('spire', (facts) => firstOf(facts, (fact) => spireArtefact(ctx, fact)), artefactDigest),
  ];
  return firstOf(candidates, (artefact) => [artefact]);
}

function artefactDigest(artefact: Artefact | undefined): string {
  return artefact ? JSON.stringify([artefact.file, artefact.what, artefact.why]) : '';
}

function certificateArtefact(knowledge: Knowledge, file: string, cert: DecodedCertificate, span: Span | undefined): Artefact | undefined {
  const entry = oqsOnly(knowledge, cert);
  return entry ? { file, span, what: `a certificate${subjectOf(cert)} using ${entry.name}, OID ${entry.oid}`, why: certificateWhy(entry) } : undefined;
}

function spireArtefact(ctx: RuleContext, fact: SpireFact): Artefact[] {
  const setting = fact.pqcSvidKeyType;
  const entry = typeof setting?.value === 'string' ? pqKeyTypes(ctx.knowledge, 'spire.pqc_svid_key_type').find((k) => k.value === setting.value) : undefined;
  if (!entry || !setting) return [];
  const text = ctx.file.path === fact.file ? ctx.file.text : undefined;
  const quoted = text !== undefined && text[setting.span.start] === '"' && text[setting.span.end - 1] === '"';
  const span = quoted ? { start: setting.span.start + 1, end: setting.span.end - 1 } : setting.span;
  return [{ file: fact.file, span: text !== undefined ? span : undefined, what: `a SPIRE pqc_svid_key_type = "${entry.value}"`, why: mlDsaWhy(entry) }];
}

function pqKeyTypes(knowledge: Knowledge, setting: string): KeyTypeEntry[] {
  return keyTypes(knowledge, setting).filter((k) => k.pqcClass === 'pq');
}

/** The certificate's key or signature algorithm that only oqsprovider implements (knowledge params.oqsName). */
function oqsOnly(knowledge: Knowledge, cert: DecodedCertificate): AlgorithmEntry | undefined {
  for (const oid of [cert.signature.oid, cert.publicKey.oid]) {
    const entry = lookupAlgorithm(knowledge, oid);
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
  const detail = composite ? ', and only up to oqsprovider 0.9 (0.10.0 removed composite signatures)' : entry.draft ? ` — ${entry.draft}` : '';
  return `no OpenSSL release implements natively; only oqsprovider does, as "${name}"${detail}.`;
}

function mlDsaWhy(entry: KeyTypeEntry): string {
  const status = entry.status === 'released' ? '' : `; the setting itself is ${statusPhrase(entry.status)}`;
  return `OpenSSL 3.5+ handles natively but OpenSSL 3.0–3.4 only through oqsprovider 0.8.0 or later (the first release with the final ML-DSA OIDs)${status}.`;
}
