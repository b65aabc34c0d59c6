// An explicit `Groups` / `Curves` list in which every group is a known classical one: TLS through
// this config never negotiates a post-quantum key exchange.
import { defineRule } from '../../rule.js';
import { tlsGroup } from '../../knowledge.js';
import type { Fix } from '../../types.js';
import { CnfEditor, OPENSSL_SOURCES, configsOf, reportSpan, where } from '../openssl-common.js';

/** The group the fix puts first: the hybrid OpenSSL 3.5 itself prefers (TLS_DEFAULT_GROUP_LIST). */
const PREFERRED_GROUP = 'X25519MLKEM768';

export default defineRule({
  meta: {
    id: 'openssl/classical-groups',
    severity: 'warning',
    description: 'An openssl.cnf sets an explicit Groups/Curves list with no ML-KEM group, so TLS through it only uses classical key exchange.',
    appliesTo: ['openssl-cnf', 'kubernetes-yaml'],
    fixable: true,
    sources: [
      'openssl/openssl CHANGES.md 3.5.0 and ssl/t1_lib.c TLS_DEFAULT_GROUP_LIST (X25519MLKEM768 first by default)',
      'openssl/openssl include/internal/tlsgroups.h',
      OPENSSL_SOURCES.oqsUsage,
      OPENSSL_SOURCES.oqsReadme,
    ],
  },
  check(ctx) {
    const { knowledge } = ctx;
    const preferred = tlsGroup(knowledge, PREFERRED_GROUP);
    if (!preferred?.pq) return;
    for (const { view, a } of configsOf(ctx.file)) {
      for (const setting of a.groups) {
        const offered = setting.tokens.filter((t) => !t.prefix.includes('-'));
        if (offered.length === 0) continue;
        const entries = offered.map((t) => tlsGroup(knowledge, t.name));
        // Unknown names (DEFAULT, a group this table lacks, a provider's own group) might be post-quantum: stay quiet.
        if (entries.some((e) => e === undefined || e.pq)) continue;
        const list = offered.map((t) => t.name).join(':');
        const message = `${setting.entry.key} = ${list} in [${setting.section.name}]${where(view)} offers only classical key exchange, so TLS sessions through this config can be recorded now and decrypted later. Put ${preferred.name} first: OpenSSL 3.5+ has it built in; OpenSSL 3.0–3.4 only with oqsprovider activated, and rejects the list otherwise.`;
        const fixes: Fix[] = [];
        const first = setting.tokens[0];
        if (first.span) {
          const at = first.span.start - first.prefix.length;
          const ed = new CnfEditor(view);
          ed.replace({ start: at, end: at }, `${preferred.name}:`);
          const edits = ed.edits();
          // Not safe for unattended runs: an OpenSSL older than 3.5 without oqsprovider rejects an unknown group name.
          if (edits && edits.length > 0) fixes.push({ title: `Put ${preferred.name} first in ${setting.entry.key}`, safe: false, edits });
        }
        ctx.report({ span: reportSpan(view, setting.entry.valueSpan), message, fixes });
      }
    }
  },
});
