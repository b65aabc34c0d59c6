// StepIssuer / StepClusterIssuer specs that step-issuer rejects or cannot use: missing url, caBundle,
// provisioner name/kid; no or several password sources; a StepClusterIssuer passwordRef without
// namespace; a caBundle that is not base64 of PEM certificates; a url that is not https; and
// placeholders left from the migration guide (`<base64-encoded-step-ca-root>`, `<kid>` …).
//
// Checks follow step-issuer's own validation (controllers/*_controller.go validate*Spec,
// controllers/password.go) and its CRDs (config/crd/bases, which require url, caBundle,
// provisioner{name,kid} and, for StepClusterIssuer, passwordRef{name,namespace}).
import { isMap, isScalar, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { defineRule } from '../../rule.js';
import type { YamlFile } from '../../parse.js';
import { checkableDocuments, nodeAt, nodeSpan, pairAt, type YamlDocument } from '../../formats/yaml.js';
import { classifyPayload, decodeBase64Strict, findPemBlocks, pemEncode, encodeBase64 } from '../../formats/pem.js';
import { decodeCertificate } from '../../x509/decode.js';
import type { Knowledge } from '../../knowledge.js';
import type { StepCaFact } from '../../workspace/facts.js';
import type { WorkspaceIndex } from '../../workspace/index.js';
import type { Fix, Report, Span, TextEdit } from '../../types.js';

const STEP_GROUP = 'certmanager.step.sm';
const STEP_KINDS = ['StepIssuer', 'StepClusterIssuer'];
const PASSWORD_SOURCES = ['passwordRef', 'passwordEnv', 'passwordFile'] as const;

/** `<base64-encoded-step-ca-root>`, `<kid>`: the migration guide's placeholders. */
const PLACEHOLDER = /^<[^<>]*>$/;

interface Ctx {
  file: YamlFile;
  doc: YamlDocument;
  index: WorkspaceIndex;
  knowledge: Knowledge;
  report: (r: Report) => void;
  /** "StepClusterIssuer hybrid-pqc-issuer". */
  label: string;
}

export default defineRule({
  meta: {
    id: 'step-issuer/invalid-spec',
    severity: 'error',
    description: 'A StepIssuer/StepClusterIssuer spec that step-issuer rejects or cannot use: missing or placeholder url, caBundle, provisioner name/kid or password source, a caBundle that is not base64 of PEM certificates, or a url that is not https.',
    appliesTo: ['kubernetes-yaml'],
    fixable: true,
    sources: [
      'smallstep/step-issuer config/crd/bases/certmanager.step.sm_step{,cluster}issuers.yaml (required: url, caBundle, provisioner{name,kid}; StepClusterIssuer passwordRef{name,namespace})',
      'smallstep/step-issuer controllers/stepclusterissuer_controller.go validateStepClusterIssuerSpec, controllers/password.go validateProvisionerPasswordSource',
      'smallstep/certificates ca/client.go (parseEndpoint: a URL without scheme is https; WithCABundle: PEM only, "error parsing ca bundle: no certificates found")',
      'seeds/000_913be8e6bf26f545.txt (StepClusterIssuer with caBundle: <base64-encoded-step-ca-root>, kid: <provisioner-key-id>)',
    ],
  },
  check({ file, index, knowledge, report }) {
    if (file.kind !== 'kubernetes-yaml') return;
    for (const doc of checkableDocuments(file.yaml)) {
      if (!doc.kind || !STEP_KINDS.includes(doc.kind) || groupOf(doc.apiVersion) !== STEP_GROUP) continue;
      const label = `${doc.kind}${doc.name ? ` ${doc.name}` : ''}`;
      checkIssuer({ file, doc, index, knowledge, report, label });
    }
  },
});

function groupOf(apiVersion: string | undefined): string {
  const slash = (apiVersion ?? '').indexOf('/');
  return slash >= 0 ? apiVersion!.slice(0, slash) : '';
}

function keySpan(pair: Pair | undefined): Span | undefined {
  return nodeSpan((pair?.key ?? undefined) as Node | undefined);
}

function checkIssuer(ctx: Ctx): void {
  const root = ctx.doc.doc.contents;
  const specPair = pairAt(root, ['spec']);
  const spec = specPair?.value;
  if (!isMap(spec)) {
    const span = keySpan(specPair) ?? nodeSpan(nodeAt(root, ['kind']));
    if (span) ctx.report({ span, message: `${ctx.label} has no spec: step-issuer needs spec.url, spec.caBundle and spec.provisioner (name, kid and a password source).` });
    return;
  }
  const specKey = keySpan(specPair)!;
  const stepCa = matchingStepCa(ctx, spec);
  checkUrl(ctx, spec, specKey);
  checkCaBundle(ctx, spec, specKey, stepCa);
  checkProvisioner(ctx, spec, specKey, stepCa);
}

// ---------------------------------------------------------------------------------------------
// url

function checkUrl(ctx: Ctx, spec: YAMLMap, specKey: Span): void {
  const pair = pairOf(spec, 'url');
  if (!pair) {
    ctx.report({ span: specKey, message: `${ctx.label} has no spec.url: step-issuer rejects it ("spec.url cannot be empty"). Set the step-ca URL, e.g. https://step-ca.step-ca.svc.cluster.local:9000.` });
    return;
  }
  const value = scalarString(pair.value);
  const span = nodeSpan(pair.value as Node) ?? keySpan(pair)!;
  if (pair.value && !isScalar(pair.value)) {
    ctx.report({ span, message: `spec.url must be a string (the step-ca URL, https://…): step-issuer cannot use this ${isMap(pair.value) ? 'mapping' : 'list'}.` });
    return;
  }
  if (value === undefined || value.trim() === '') {
    ctx.report({ span, message: `${ctx.label} has an empty spec.url: step-issuer rejects it ("spec.url cannot be empty"). Set the step-ca URL (https://…).` });
    return;
  }
  if (PLACEHOLDER.test(value.trim())) {
    ctx.report({ span, message: `spec.url is the placeholder ${value.trim()}: replace it with the step-ca URL (https://<service>.<namespace>.svc.cluster.local:<port>).` });
    return;
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(value.trim())?.[1]?.toLowerCase();
  // No scheme: the step client assumes https (smallstep/certificates ca/client.go parseEndpoint).
  if (scheme === undefined || scheme === 'https') {
    let ok = true;
    try {
      const parsed = new URL(scheme ? value.trim() : `https://${value.trim()}`);
      ok = parsed.hostname.length > 0;
    } catch {
      ok = false;
    }
    if (!ok) ctx.report({ span, message: `spec.url "${value}" is not a valid URL: step-issuer cannot reach step-ca with it. Use https://<host>[:port].` });
    return;
  }
  ctx.report({
    span,
    message: scheme === 'http'
      ? `spec.url "${value}" uses http: step-ca serves its API over TLS only, so step-issuer's requests fail. Use https://.`
      : `spec.url "${value}" uses the scheme ${scheme}:, but step-issuer talks to step-ca over https only. Use https://.`,
  });
}

// ---------------------------------------------------------------------------------------------
// caBundle

type BundleProblem = { message: string; span?: Span; repair?: string; repairTitle?: string };

function checkCaBundle(ctx: Ctx, spec: YAMLMap, specKey: Span, stepCa: StepCaFact | undefined): void {
  const pair = pairOf(spec, 'caBundle');
  const fill = fillCaBundle(ctx, spec, pair, stepCa);
  const fillFixes = fill ? [fill] : [];
  if (!pair) {
    ctx.report({ span: specKey, message: `${ctx.label} has no spec.caBundle: the CRD requires it and step-issuer rejects the issuer ("spec.caBundle cannot be empty"). Set it to the base64 of the step-ca root certificate PEM.`, fixes: fillFixes });
    return;
  }
  const node = pair.value as Node | null;
  const span = nodeSpan(node ?? undefined) ?? keySpan(pair)!;
  const value = scalarString(node);
  if (node && !isScalar(node)) {
    ctx.report({ span, message: `spec.caBundle must be a string (base64 of the step-ca root certificate PEM): the API server rejects this ${isMap(node) ? 'mapping' : 'list'}.`, fixes: fillFixes });
    return;
  }
  if (value === undefined || value.trim() === '') {
    ctx.report({ span, message: `spec.caBundle is empty: step-issuer rejects the issuer ("spec.caBundle cannot be empty"). Set it to the base64 of the step-ca root certificate PEM.`, fixes: fillFixes });
    return;
  }
  if (PLACEHOLDER.test(value.trim())) {
    ctx.report({ span, message: `spec.caBundle is the placeholder ${value.trim()} (as in the migration guide), not a certificate: step-issuer cannot verify step-ca's TLS certificate. Set it to the base64 of the step-ca root certificate PEM (e.g. \`step ca root | base64 -w0\`).`, fixes: fillFixes });
    return;
  }
  const problem = diagnoseBundle(value, ctx.knowledge);
  if (!problem) return;
  const fixes: Fix[] = [];
  if (problem.repair !== undefined && isScalar(node)) {
    const edit = replaceScalar(ctx.file, node, problem.repair);
    if (edit) fixes.push({ title: problem.repairTitle ?? 'Re-encode spec.caBundle as base64 of PEM', safe: true, edits: [edit] });
  }
  fixes.push(...fillFixes);
  ctx.report({ span: problem.span && isScalar(node) ? exactSpan(ctx.file.text, node, value, problem.span) ?? span : span, message: problem.message, fixes });
}

/** What is wrong with a caBundle value; undefined when it is base64 of PEM certificates. */
function diagnoseBundle(value: string, knowledge: Knowledge): BundleProblem | undefined {
  const trimmed = value.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    return {
      message: 'spec.caBundle holds PEM text, but the field is base64 of the PEM (format: byte), so the API server rejects it. Base64-encode the PEM.',
      repair: encodeBase64(new TextEncoder().encode(pemWithNewline(trimmed))),
      repairTitle: 'Base64-encode the PEM in spec.caBundle',
    };
  }
  const decoded = decodeBase64Strict(value);
  if (!decoded.ok) {
    return {
      message: `spec.caBundle is not valid base64 (${decoded.error}): the API server rejects the resource (the field is base64 of the step-ca root PEM).`,
      span: { start: decoded.offset, end: decoded.offset + 1 },
    };
  }
  const bytes = decoded.bytes;
  const kind = classifyPayload(bytes);
  if (kind === 'der') {
    const cert = decodeCertificate(bytes, knowledge);
    if (!cert.ok) return { message: `spec.caBundle is base64 of DER data that is not a certificate (${cert.error}). Set it to the base64 of the step-ca root certificate PEM.` };
    return {
      message: `spec.caBundle is base64 of a DER certificate (${cert.cert.subject || 'no subject'}), not of PEM: the step client reads PEM only ("error parsing ca bundle: no certificates found"). Re-encode it as base64 of the PEM.`,
      repair: encodeBase64(new TextEncoder().encode(pemEncode('CERTIFICATE', bytes))),
      repairTitle: 'Re-encode spec.caBundle as base64 of the PEM certificate',
    };
  }
  if (kind === 'other') {
    const text = asciiText(bytes);
    // Encoded twice: base64 of base64 of PEM.
    if (text !== undefined) {
      const again = decodeBase64Strict(text);
      if (again.ok && classifyPayload(again.bytes) === 'pem') {
        return {
          message: 'spec.caBundle is base64-encoded twice: decoded once it is base64 text, not PEM. Encode the PEM once.',
          repair: text.trim(),
          repairTitle: 'Decode the extra base64 layer of spec.caBundle',
        };
      }
    }
    return { message: 'spec.caBundle decodes to bytes that are neither PEM nor a certificate: set it to the base64 of the step-ca root certificate PEM.' };
  }
  // PEM
  const pem = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const blocks = findPemBlocks(pem);
  const keys = blocks.filter((b) => /PRIVATE KEY/.test(b.label));
  if (keys.length > 0) {
    return { message: `spec.caBundle contains a private key (PEM block "${keys[0].label}"): a CA bundle holds only certificates. Remove the key from the manifest and treat it as leaked (rotate it).` };
  }
  const certs = blocks.filter((b) => b.label === 'CERTIFICATE');
  if (certs.length === 0) {
    const labels = [...new Set(blocks.map((b) => b.label))];
    return { message: `spec.caBundle decodes to PEM without a CERTIFICATE block${labels.length > 0 ? ` (found ${labels.join(', ')})` : ''}: step-issuer finds no certificate to trust. Set it to the base64 of the step-ca root certificate PEM.` };
  }
  for (const block of certs) {
    if (block.error) return { message: `spec.caBundle decodes to a broken PEM certificate (${block.error}). Re-create it from the step-ca root certificate.` };
    const der = decodeBase64Strict(block.body);
    if (!der.ok) return { message: `spec.caBundle decodes to a PEM CERTIFICATE block whose body is not valid base64 (${der.error}). Re-create it from the step-ca root certificate.` };
    const cert = decodeCertificate(der.bytes, knowledge);
    if (!cert.ok) return { message: `spec.caBundle decodes to a PEM CERTIFICATE block that is not a certificate (${cert.error}). Re-create it from the step-ca root certificate.` };
  }
  return undefined;
}

function pemWithNewline(pem: string): string {
  return pem.endsWith('\n') ? pem : `${pem}\n`;
}

/** The bytes as text when they are printable ASCII (plus white space). */
function asciiText(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0 || bytes.length > 1_000_000) return undefined;
  for (const b of bytes) if (!(b === 9 || b === 10 || b === 13 || (b >= 0x20 && b < 0x7f))) return undefined;
  return new TextDecoder().decode(bytes);
}

/** Fill spec.caBundle from the root certificate(s) of the step-ca the issuer points to. */
function fillCaBundle(ctx: Ctx, spec: YAMLMap, pair: Pair | undefined, stepCa: StepCaFact | undefined): Fix | undefined {
  if (!stepCa) return undefined;
  const ders: Uint8Array[] = [];
  const seen = new Set<string>();
  for (const root of stepCa.roots) {
    const path = ctx.index.resolvePath(root, stepCa.file);
    if (!path) continue;
    for (const c of ctx.index.ofFile('certificates', path)) {
      const cert = c.occurrence.cert;
      if (!cert || seen.has(cert.fingerprintSha256)) continue;
      seen.add(cert.fingerprintSha256);
      ders.push(cert.raw.der);
    }
  }
  if (ders.length === 0) return undefined;
  const value = encodeBase64(new TextEncoder().encode(ders.map((d) => pemEncode('CERTIFICATE', d)).join('')));
  const edit = pair ? (isScalar(pair.value) ? replaceScalar(ctx.file, pair.value, value) : undefined) : insertKey(ctx.file, spec, 'caBundle', value, 'url');
  if (!edit) return undefined;
  return { title: `Fill spec.caBundle with the root certificate of the step-ca in ${stepCa.file}`, safe: false, edits: [edit] };
}

// ---------------------------------------------------------------------------------------------
// provisioner

function checkProvisioner(ctx: Ctx, spec: YAMLMap, specKey: Span, stepCa: StepCaFact | undefined): void {
  const pair = pairOf(spec, 'provisioner');
  const prov = pair?.value;
  if (!pair || !isMap(prov)) {
    ctx.report({ span: keySpan(pair) ?? specKey, message: `${ctx.label} has no spec.provisioner: step-issuer needs the JWK provisioner's name, kid and a password source (passwordRef, passwordEnv or passwordFile).` });
    return;
  }
  const provKey = keySpan(pair)!;
  const name = checkRequiredString(ctx, prov, 'name', provKey, 'the name of the JWK provisioner in step-ca', 'spec.provisioner.name cannot be empty');
  const kidPair = pairOf(prov, 'kid');
  const kid = checkRequiredString(ctx, prov, 'kid', provKey, 'the key id of the JWK provisioner', 'spec.provisioner.kid cannot be empty', kidFill(ctx, kidPair, stepCa, name));

  // Cross-check with the step-ca in the workspace, when one declares this provisioner.
  if (name && stepCa) {
    const matches = stepCa.provisioners.filter((p) => p.name === name);
    const namePair = pairOf(prov, 'name');
    const nameSpan = nodeSpan(namePair?.value as Node) ?? provKey;
    if (matches.length > 0 && matches.every((p) => p.type.toUpperCase() !== 'JWK')) {
      ctx.report({ span: nameSpan, message: `Provisioner "${name}" is of type ${matches[0].type} in ${stepCa.file}, but step-issuer supports JWK provisioners only. Point spec.provisioner at a JWK provisioner.` });
    } else if (kid && !PLACEHOLDER.test(kid)) {
      const jwk = matches.filter((p) => p.type.toUpperCase() === 'JWK' && p.kid);
      if (jwk.length > 0 && !jwk.some((p) => p.kid === kid)) {
        const fix = kidPair && isScalar(kidPair.value) && jwk.length === 1 ? replaceScalar(ctx.file, kidPair.value, jwk[0].kid!) : undefined;
        ctx.report({
          span: nodeSpan(kidPair?.value as Node) ?? provKey,
          message: `spec.provisioner.kid "${kid}" is not the kid of JWK provisioner "${name}" in ${stepCa.file} (${jwk.map((p) => p.kid).join(', ')}): step-ca will not accept the issuer's tokens.`,
          fixes: fix ? [{ title: `Use the kid of provisioner "${name}" from ${stepCa.file}`, safe: false, edits: [fix] }] : [],
        });
      }
    }
  }
  checkPasswordSources(ctx, prov, provKey);
}

function kidFill(ctx: Ctx, kidPair: Pair | undefined, stepCa: StepCaFact | undefined, name: string | undefined): Fix | undefined {
  if (!stepCa || !name) return undefined;
  const kids = [...new Set(stepCa.provisioners.filter((p) => p.name === name && p.type.toUpperCase() === 'JWK' && p.kid).map((p) => p.kid!))];
  if (kids.length !== 1 || !kidPair || !isScalar(kidPair.value)) return undefined;
  const edit = replaceScalar(ctx.file, kidPair.value, kids[0]);
  return edit ? { title: `Fill spec.provisioner.kid from provisioner "${name}" in ${stepCa.file}`, safe: false, edits: [edit] } : undefined;
}

/** Reports a missing, empty or placeholder string field; returns the value when usable. */
function checkRequiredString(ctx: Ctx, map: YAMLMap, key: string, parentKey: Span, what: string, upstreamError: string, fill?: Fix): string | undefined {
  const pair = pairOf(map, key);
  const field = `spec.provisioner.${key}`;
  if (!pair) {
    ctx.report({ span: parentKey, message: `${ctx.label} has no ${field} (${what}): step-issuer rejects it ("${upstreamError}").` });
    return undefined;
  }
  const value = scalarString(pair.value);
  const span = nodeSpan(pair.value as Node) ?? keySpan(pair)!;
  if (value === undefined || value.trim() === '') {
    ctx.report({ span, message: `${field} is empty (${what}): step-issuer rejects it ("${upstreamError}").` });
    return undefined;
  }
  if (PLACEHOLDER.test(value.trim())) {
    ctx.report({ span, message: `${field} is the placeholder ${value.trim()} (as in the migration guide): set ${what}${key === 'kid' ? ' (`step ca provisioner list` shows it as key.kid)' : ''}.`, fixes: fill ? [fill] : [] });
    return value.trim();
  }
  return value;
}

function checkPasswordSources(ctx: Ctx, prov: YAMLMap, provKey: Span): void {
  const present = PASSWORD_SOURCES.flatMap((key) => {
    const pair = pairOf(prov, key);
    return pair ? [{ key, pair }] : [];
  });
  if (present.length === 0) {
    ctx.report({ span: provKey, message: `${ctx.label} sets no provisioner password source: step-issuer needs exactly one of passwordRef (a Secret), passwordEnv or passwordFile (the last two from step-issuer v0.11.0).` });
    return;
  }
  if (present.length > 1) {
    for (const extra of present.slice(1)) {
      ctx.report({ span: keySpan(extra.pair)!, message: `spec.provisioner sets ${present.map((p) => p.key).join(' and ')}: step-issuer accepts exactly one password source ("only one of spec.provisioner.passwordRef, spec.provisioner.passwordEnv, or spec.provisioner.passwordFile may be set"). Keep one.` });
    }
  }
  for (const { key, pair } of present) {
    const span = keySpan(pair)!;
    if (key === 'passwordRef') {
      const ref = pair.value;
      if (!isMap(ref)) {
        ctx.report({ span, message: 'spec.provisioner.passwordRef must be an object with name and key (and namespace for a StepClusterIssuer).' });
        continue;
      }
      for (const field of ['name', 'key'] as const) {
        const p = pairOf(ref, field);
        const v = p ? scalarString(p.value) : undefined;
        const where = p ? nodeSpan(p.value as Node) ?? keySpan(p)! : span;
        if (v === undefined || v.trim() === '') {
          ctx.report({ span: where, message: `spec.provisioner.passwordRef.${field} is ${p ? 'empty' : 'missing'}: step-issuer rejects it ("spec.provisioner.passwordRef.${field} cannot be empty"). Name the Secret${field === 'key' ? ' key that holds the password' : ''}.` });
        } else if (PLACEHOLDER.test(v.trim())) {
          ctx.report({ span: where, message: `spec.provisioner.passwordRef.${field} is the placeholder ${v.trim()}: name the Secret${field === 'key' ? ' key that holds the password' : ''}.` });
        }
      }
      const nsPair = pairOf(ref, 'namespace');
      const ns = nsPair ? scalarString(nsPair.value) : undefined;
      if (ctx.doc.kind === 'StepClusterIssuer') {
        if (ns === undefined || ns.trim() === '') {
          ctx.report({
            span: nsPair ? nodeSpan(nsPair.value as Node) ?? keySpan(nsPair)! : span,
            message: `A StepClusterIssuer is cluster-scoped, so spec.provisioner.passwordRef needs a namespace (required by the StepClusterIssuer CRD; step-issuer looks the Secret up there). Add namespace: <namespace of the Secret>.`,
          });
        }
      } else if (ns !== undefined && ns.trim() !== '' && ns !== (ctx.doc.namespace ?? 'default')) {
        ctx.report({
          span: keySpan(nsPair)!,
          severity: 'warning',
          message: `A StepIssuer reads its password Secret from its own namespace (${ctx.doc.namespace ?? 'default'}); passwordRef.namespace "${ns}" is not part of the StepIssuer API and is dropped. Move the Secret, or use a StepClusterIssuer.`,
        });
      }
    } else {
      const v = scalarString(pair.value);
      const where = nodeSpan(pair.value as Node) ?? span;
      if (v === undefined || v.trim() === '') {
        ctx.report({ span: where, message: `spec.provisioner.${key} is empty: step-issuer ignores an empty ${key === 'passwordEnv' ? 'variable name' : 'path'}, so ${present.length === 1 ? 'no password source is set' : 'it does not count as a source'}.` });
      } else if (PLACEHOLDER.test(v.trim())) {
        ctx.report({ span: where, message: `spec.provisioner.${key} is the placeholder ${v.trim()}: set the ${key === 'passwordEnv' ? 'environment variable of the step-issuer controller' : 'file path in the step-issuer controller'} that holds the password.` });
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Workspace: the step-ca this issuer talks to

/**
 * The step-ca whose dnsNames contain the issuer's URL host; or the only step-ca in the workspace
 * when there is exactly one. Undefined when ambiguous or absent.
 */
function matchingStepCa(ctx: Ctx, spec: YAMLMap): StepCaFact | undefined {
  const url = scalarString(pairOf(spec, 'url')?.value);
  const host = url ? hostOf(url) : undefined;
  return ctx.index.derive('stepCa', stepCaFor, host);
}

function hostOf(url: string): string | undefined {
  const trimmed = url.trim();
  if (PLACEHOLDER.test(trimmed)) return undefined;
  try {
    return new URL(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(trimmed) ? trimmed : `https://${trimmed}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// YAML helpers

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as Pair | undefined;
}

function scalarString(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return String(node.value);
}

/** Maps an offset in a scalar's value to the source, when the scalar is written verbatim (plain, or quoted without escapes). */
function exactSpan(text: string, node: Scalar, value: string, inValue: Span): Span | undefined {
  const range = node.range;
  if (!range) return undefined;
  const source = text.slice(range[0], range[1]);
  const at = source.indexOf(value);
  if (at < 0 || value.length === 0) return undefined;
  const end = Math.min(inValue.end, value.length);
  const start = Math.min(inValue.start, Math.max(0, value.length - 1));
  return { start: range[0] + at + start, end: range[0] + at + Math.max(end, start + 1) };
}

/** Replaces a scalar (flow or block) with a plain value that needs no quoting (base64, kid). */
function replaceScalar(file: YamlFile, node: Scalar, value: string): TextEdit | undefined {
  const range = node.range;
  if (!range) return undefined;
  if (!/^[A-Za-z0-9+/=_-]+$/.test(value)) return undefined;
  const source = file.text.slice(range[0], range[1]);
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    const tail = /\r?\n$/.exec(source)?.[0] ?? '';
    return { span: { start: range[0], end: range[1] }, newText: value + tail };
  }
  return { span: { start: range[0], end: range[1] }, newText: value };
}

/** Inserts `key: value` into a block mapping, after the pair `after` when present, else before the first pair. */
function insertKey(file: YamlFile, map: YAMLMap, key: string, value: string, after: string): TextEdit | undefined {
  if (map.flow) return undefined;
  const text = file.text;
  const eol = file.lines.eol;
  const anchor = pairOf(map, after);
  const anchorKey = anchor?.key as Scalar | undefined;
  if (anchor && anchorKey?.range) {
    const valueEnd = (anchor.value as Node | null)?.range?.[1] ?? anchorKey.range[1];
    // A flow value ends on its line; continue to the line end so a trailing comment stays put.
    const lineEnd = /\r?\n/.exec(text.slice(valueEnd));
    const insertAt = lineEnd ? valueEnd + lineEnd.index : text.length;
    if (/\n$/.test(text.slice(anchorKey.range[0], valueEnd))) {
      // Block scalar value: it already ends with a line break.
      return { span: { start: valueEnd, end: valueEnd }, newText: `${file.lines.indentAt(anchorKey.range[0])}${key}: ${value}${eol}` };
    }
    return { span: { start: insertAt, end: insertAt }, newText: `${eol}${file.lines.indentAt(anchorKey.range[0])}${key}: ${value}` };
  }
  const firstKey = map.items[0]?.key as Scalar | undefined;
  if (!firstKey?.range) return undefined;
  const lineStart = file.lines.lineStart(file.lines.position(firstKey.range[0]).line);
  const indent = file.lines.indentAt(firstKey.range[0]);
  if (text.slice(lineStart, firstKey.range[0]) !== indent) return undefined;
  return { span: { start: lineStart, end: lineStart }, newText: `${indent}${key}: ${value}${eol}` };
}

/** The step-ca serving `host` (by dnsNames), or the only one of the workspace; undefined when ambiguous or absent. */
function stepCaFor(all: readonly StepCaFact[], host: string | undefined): StepCaFact | undefined {
  if (all.length === 0) return undefined;
  if (host) {
    const byHost = all.filter((f) => f.dnsNames.some((d) => d.toLowerCase() === host));
    if (byHost.length === 1) return byHost[0];
    if (byHost.length > 1) return undefined;
  }
  return all.length === 1 ? all[0] : undefined;
}
