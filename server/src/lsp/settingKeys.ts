// Rule-relevant configuration keys (crv, ca_key_type, Groups ...) and their allowed values with
// PQC status, from the knowledge table. Shared by hover and completion.
import type { FileKind } from '../core/types.js';
import { statusPhrase, type Knowledge } from '../core/knowledge.js';

export interface SettingValue { value: string; pq: boolean; detail: string }
export interface SettingKey { key: string; title: string; values: SettingValue[]; listSeparator?: string }

interface KeySpec { key: RegExp; kinds: FileKind[]; parent?: RegExp; setting?: string; tlsGroups?: { separator?: string; style: 'openssl' | 'istio' } }

const KEYS: KeySpec[] = [
  { key: /^crv$/, kinds: ['step-ca-json'], setting: 'step-ca.crv' },
  { key: /^ca_key_type$/, kinds: ['spire-hcl'], setting: 'spire.ca_key_type' },
  { key: /^pqc_svid_key_type$/, kinds: ['spire-hcl'], setting: 'spire.pqc_svid_key_type' },
  { key: /^algorithm$/, kinds: ['kubernetes-yaml'], parent: /^\s*privateKey:\s*$/, setting: 'cert-manager.privateKey.algorithm' },
  { key: /^ssl-ecdh-curve$/, kinds: ['kubernetes-yaml'], tlsGroups: { separator: ':', style: 'openssl' } },
  { key: /^ecdhCurves$/, kinds: ['kubernetes-yaml'], tlsGroups: { style: 'istio' } },
  { key: /^(Groups|Curves|groups|curves)$/, kinds: ['openssl-cnf'], tlsGroups: { separator: ':', style: 'openssl' } },
];

const KEY_AT_LINE = /^\s*"?([A-Za-z_][\w.-]*)"?\s*[:=]/;

/** The setting key on `line` of `text`, when it is one we know about. */
export function settingKeyAt(kind: FileKind, text: string, line: number, knowledge: Knowledge): SettingKey | undefined {
  const lines = text.split(/\r?\n/);
  const match = KEY_AT_LINE.exec(lines[line] ?? '');
  if (!match) return undefined;
  const spec = KEYS.find((k) => k.kinds.includes(kind) && k.key.test(match[1]));
  if (!spec) return undefined;
  if (spec.parent && !parentMatches(lines, line, spec.parent)) return undefined;
  if (spec.setting) {
    const values = knowledge.keyTypes.filter((k) => k.setting === spec.setting).map((k) => ({
      value: k.value,
      pq: k.pqcClass !== 'classical',
      detail: `${k.pqcClass === 'classical' ? 'classical (quantum-vulnerable)' : k.pqcClass}; ${statusPhrase(k.status)}; source: ${k.source}`,
    }));
    return { key: match[1], title: spec.setting, values };
  }
  const values = knowledge.tlsGroups.map((g) => ({
    value: g.name,
    pq: g.pq && !g.replacedBy,
    detail: g.replacedBy ? `pre-standard, use ${g.replacedBy}; source: ${g.source}` : `${g.pq ? 'post-quantum hybrid/ML-KEM' : 'classical'}${g.codepoint ? ` (${g.codepoint})` : ''}; source: ${g.source}`,
  }));
  return { key: match[1], title: 'TLS key-exchange groups', values, listSeparator: spec.tlsGroups?.separator };
}

function parentMatches(lines: string[], line: number, parent: RegExp): boolean {
  const indent = /^\s*/.exec(lines[line])![0].length;
  for (let i = line - 1; i >= 0; i--) {
    const current = lines[i];
    if (current.trim() === '' || current.trim().startsWith('#')) continue;
    const ind = /^\s*/.exec(current)![0].length;
    if (ind < indent) return parent.test(current);
  }
  return false;
}

/** Markdown list of allowed values; values come from our own knowledge table, escaped anyway. */
export function settingMarkdown(setting: SettingKey): string {
  const rows = setting.values.map((v) => `- \`${v.value.replace(/`/g, '')}\` ${v.pq ? '🛡️ ' : ''}— ${escapeMarkdown(v.detail)}`);
  return [`**${escapeMarkdown(setting.key)}** · ${escapeMarkdown(setting.title)}`, '', ...rows].join('\n');
}

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}\[\]()#+\-.!|<>&~]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : '\\' + c));
}
