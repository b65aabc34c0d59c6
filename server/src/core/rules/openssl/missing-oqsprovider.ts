// The workspace holds post-quantum material that OpenSSL reads only through oqsprovider (composite or
// pre-standard certificate OIDs; ML-DSA keys as the migration guide configures them for step-ca and
// SPIRE, which OpenSSL < 3.5 lacks), and no openssl.cnf in the workspace lists oqsprovider.
import { defineRule, type RuleContext } from '../../rule.js';
import { keyTypes, statusPhrase, type AlgorithmEntry, type KeyTypeEntry, type Knowledge } from '../../knowledge.js';
import { lookupAlgorithm } from '../../x509/algorithms.js';
import { locateCertificates } from '../../x509/locate.js';
import type { SpireFact } from '../../workspace/spire-facts.js';
import type { CertificateFact, StepCaFact } from '../../workspace/facts.js';
import type { OpensslFact } from '../../workspace/openssl-facts.js';
import { derivedFrom } from '../lookup-common.js';
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
      if (ctx.index.derive('openssl', isNotEmpty)) return;
      for (const artefact of own) {
        if (!artefact.span) continue;
        ctx.report({
          span: artefact.span,
          message: `This is ${artefact.what}, which ${artefact.why} The workspace has no openssl.cnf that loads oqsprovider (add one with oqsprovider = oqsprovider_sect and [oqsprovider_sect] activate = 1, next to the default provider).`,
        });
      }
      return;
    }
    if (ctx.index.derive('openssl', anyLoadsOqsprovider)) return;
    const own = ownArtefacts(ctx);
    for (const { view, a } of here) {
      // The material the message names: the first in the config's own document (of a manifest),
      // else the workspace's first, so the message does not depend on the file's other documents.
      const first = artefactNear(ctx, own, view.anchor) ?? firstWorkspaceArtefact(ctx);
      if (!first) continue;
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

/** The first of `own` in the same YAML document as `at` (any of them in other kinds of file). */
function artefactNear(ctx: RuleContext, own: readonly Artefact[], at: Span): Artefact | undefined {
  const file = ctx.file;
  if (file.kind !== 'kubernetes-yaml') return own[0];
  const document = file.yaml.documents.find((d) => d.span.start <= at.start && at.end <= d.span.end);
  return document ? own.find((a) => a.span !== undefined && document.span.start <= a.span.start && a.span.end <= document.span.end) : undefined;
}

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

/** The first material in the workspace in path order (for messages on configs). */
function firstWorkspaceArtefact(ctx: RuleContext): Artefact | undefined {
  const { index, knowledge } = ctx;
  // One question per category, each answered by a fact so that it is asked again on its own.
  const cert = index.derive('certificates', firstInPathOrder, isOqsOnlyCertificate, knowledge);
  const stepCa = index.derive('stepCa', firstInPathOrder, (knowledge: Knowledge, fact: StepCaFact) => stepCaCrvEntry(knowledge, fact) !== undefined, knowledge);
  const spire = index.derive('spire', firstInPathOrder, (knowledge: Knowledge, fact: SpireFact) => spireKeyEntry(knowledge, fact) !== undefined, knowledge);
  const candidates = [
    cert && certificateArtefact(knowledge, cert.file, cert.occurrence.cert!, undefined),
    stepCa && stepCaArtefact(stepCa, stepCaCrvEntry(knowledge, stepCa)!),
    ...(spire ? spireArtefact(ctx, spire) : []),
  ];
  return firstInPathOrder(candidates.filter((a): a is Artefact => a !== undefined), () => true, knowledge);
}

/** The first item in file name order (earlier in the list on ties) that `wanted` accepts. */
function firstInPathOrder<T extends { file: string }>(items: readonly T[], wanted: (knowledge: Knowledge, item: T) => boolean, knowledge: Knowledge): T | undefined {
  let first: T | undefined;
  for (const item of items) if (wanted(knowledge, item) && (!first || item.file.localeCompare(first.file) < 0)) first = item;
  return first;
}

function isOqsOnlyCertificate(knowledge: Knowledge, fact: CertificateFact): boolean {
  return fact.occurrence.cert !== undefined && oqsOnly(knowledge, fact.occurrence.cert) !== undefined;
}

function stepCaCrvEntry(knowledge: Knowledge, fact: StepCaFact): KeyTypeEntry | undefined {
  return fact.crv !== undefined ? pqKeyTypes(knowledge, 'step-ca.crv').find((k) => k.value === fact.crv) : undefined;
}

function stepCaArtefact(fact: StepCaFact, entry: KeyTypeEntry): Artefact {
  return { file: fact.file, what: `a step-ca intermediate key "crv": "${entry.value}"`, why: mlDsaWhy(entry) };
}

function spireKeyEntry(knowledge: Knowledge, fact: SpireFact): KeyTypeEntry | undefined {
  const setting = fact.pqcSvidKeyType;
  return typeof setting?.value === 'string' ? pqKeyTypes(knowledge, 'spire.pqc_svid_key_type').find((k) => k.value === setting.value) : undefined;
}

function certificateArtefact(knowledge: Knowledge, file: string, cert: DecodedCertificate, span: Span | undefined): Artefact | undefined {
  const entry = oqsOnly(knowledge, cert);
  return entry ? { file, span, what: `a certificate${subjectOf(cert)} using ${entry.name}, OID ${entry.oid}`, why: certificateWhy(entry) } : undefined;
}

function spireArtefact(ctx: RuleContext, fact: SpireFact): Artefact[] {
  const setting = fact.pqcSvidKeyType;
  const entry = spireKeyEntry(ctx.knowledge, fact);
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

function isNotEmpty(list: readonly unknown[]): boolean {
  return list.length > 0;
}

const anyLoadsOqsprovider = derivedFrom((configs: readonly OpensslFact[]) => configs.some((c) => c.declaresOqsprovider));
