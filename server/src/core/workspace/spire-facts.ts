// SPIRE server/agent configuration facts (server.conf / agent.conf, HCL). One fact per top-level
// `server { }` or `agent { }` block: the settings the SPIRE rules compare across files (which side
// requires a post-quantum KEM, which versions the settings need, where the upstream CA lives).
// Spans point into the file the fact comes from, so rules on that file can report and edit there.
import type { ParsedFile } from '../parse.js';
import type { Knowledge } from '../knowledge.js';
import type { Span } from '../types.js';
import { attributeOf, blocksOf, nestedBody, type HclAttribute, type HclBody, type HclFileModel, type HclValue } from '../formats/hcl.js';

/** One `name = value` setting as written. */
export interface SpireSetting {
  kind: HclValue['kind'];
  /** Decoded value for string/number/bool literals; undefined for expressions and objects. */
  value: string | number | boolean | null | undefined;
  /** The value expression (a string including its quotes). */
  span: Span;
  /** The attribute name. */
  nameSpan: Span;
}

export interface SpireUpstreamAuthorityFact {
  /** Plugin name, the block's first label: "disk", "spire", "vault", "cert-manager", ... */
  plugin: string;
  /** Span of the plugin name label (including its quotes). */
  span: Span;
  /** plugin_data.cert_file_path (UpstreamAuthority "disk"). */
  certFilePath?: SpireSetting;
  /** plugin_data.key_file_path (UpstreamAuthority "disk"). */
  keyFilePath?: SpireSetting;
  /** plugin_data.bundle_file_path (UpstreamAuthority "disk"). */
  bundleFilePath?: SpireSetting;
  /** plugin_data.experimental.require_pq_kem (UpstreamAuthority "spire"). */
  requirePqKem?: SpireSetting;
}

export interface SpireFact {
  file: string;
  role: 'server' | 'agent';
  /** Span of the `server` / `agent` keyword. */
  span: Span;
  trustDomain?: string;
  /** server.ca_key_type (absent means SPIRE's default, ec-p256). */
  caKeyType?: SpireSetting;
  /** server.jwt_key_type. */
  jwtKeyType?: SpireSetting;
  /** agent.workload_x509_svid_key_type. */
  workloadSvidKeyType?: SpireSetting;
  /** Span of the `experimental` block keyword (or attribute name), when the block exists. */
  experimental?: Span;
  /** experimental.require_pq_kem: upstream since SPIRE v1.11.1. */
  requirePqKem?: SpireSetting;
  /** experimental.pqc_svid_key_type: described in the migration guide only. */
  pqcSvidKeyType?: SpireSetting;
  /** experimental.dual_stack_svids: described in the migration guide only. */
  dualStackSvids?: SpireSetting;
  /** UpstreamAuthority plugins of the file's `plugins` block (server files only). */
  upstreamAuthorities: SpireUpstreamAuthorityFact[];
}

export function extractSpireFacts(file: ParsedFile, _knowledge: Knowledge): SpireFact[] {
  if (file.kind !== 'spire-hcl') return [];
  return spireFactsOf(file.path, file.hcl);
}

/** The facts of one parsed SPIRE HCL file (also used directly by the rules on that file). */
export function spireFactsOf(path: string, hcl: HclFileModel): SpireFact[] {
  const facts: SpireFact[] = [];
  const upstream: SpireUpstreamAuthorityFact[] = [];
  for (const plugins of blocksOf(hcl.body, 'plugins')) {
    for (const block of blocksOf(plugins.body, 'UpstreamAuthority')) {
      const label = block.labels[0];
      if (!label) continue;
      const data = nestedBody(block.body, 'plugin_data');
      upstream.push({
        plugin: label.value,
        span: label.span,
        certFilePath: setting(data, 'cert_file_path'),
        keyFilePath: setting(data, 'key_file_path'),
        bundleFilePath: setting(data, 'bundle_file_path'),
        requirePqKem: setting(nestedBody(data, 'experimental'), 'require_pq_kem'),
      });
    }
  }
  for (const block of hcl.body.blocks) {
    if (block.type !== 'server' && block.type !== 'agent') continue;
    const role = block.type;
    const body = block.body;
    const experimentalBody = nestedBody(body, 'experimental');
    const trustDomain = setting(body, 'trust_domain');
    facts.push({
      file: path,
      role,
      span: block.typeSpan,
      trustDomain: typeof trustDomain?.value === 'string' ? trustDomain.value : undefined,
      caKeyType: role === 'server' ? setting(body, 'ca_key_type') : undefined,
      jwtKeyType: role === 'server' ? setting(body, 'jwt_key_type') : undefined,
      workloadSvidKeyType: role === 'agent' ? setting(body, 'workload_x509_svid_key_type') : undefined,
      experimental: experimentalSpan(body),
      requirePqKem: setting(experimentalBody, 'require_pq_kem'),
      pqcSvidKeyType: setting(experimentalBody, 'pqc_svid_key_type'),
      dualStackSvids: setting(experimentalBody, 'dual_stack_svids'),
      upstreamAuthorities: role === 'server' ? upstream : [],
    });
  }
  return facts;
}

function setting(body: HclBody | undefined, name: string): SpireSetting | undefined {
  const attr: HclAttribute | undefined = attributeOf(body, name);
  if (!attr) return undefined;
  return { kind: attr.value.kind, value: attr.value.value, span: attr.value.span, nameSpan: attr.nameSpan };
}

function experimentalSpan(body: HclBody): Span | undefined {
  const block = body.blocks.find((b) => b.type === 'experimental');
  if (block) return block.typeSpan;
  const attr = attributeOf(body, 'experimental');
  return attr?.value.kind === 'object' ? attr.nameSpan : undefined;
}

/** True when the setting is the HCL boolean `true` (SPIRE decodes booleans from bool literals only). */
export function isTrue(s: SpireSetting | undefined): boolean {
  return s?.kind === 'bool' && s.value === true;
}

/** The decoded string value, or undefined when the setting is absent or not a plain string. */
export function stringValue(s: SpireSetting | undefined): string | undefined {
  return s?.kind === 'string' && typeof s.value === 'string' ? s.value : undefined;
}
