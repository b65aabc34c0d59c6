// Provider sections that no `openssl_conf = <init>` / `[<init>] providers = <sect>` chain reaches:
// OpenSSL reads the file but configures none of the providers in it.
import { defineRule } from '../../rule.js';
import type { Fix } from '../../types.js';
import { CnfEditor, OPENSSL_SOURCES, configsOf, ensureLoaded, includedElsewhere, reportSpan, where } from '../openssl-common.js';

export default defineRule({
  meta: {
    id: 'openssl/config-not-loaded',
    severity: 'error',
    description: 'An openssl.cnf has provider sections, but no openssl_conf → [openssl_init] providers = … chain reaches them, so OpenSSL loads none of those providers.',
    appliesTo: ['openssl-cnf', 'kubernetes-yaml'],
    fixable: true,
    sources: [
      OPENSSL_SOURCES.config,
      'open-quantum-safe/oqs-provider USAGE.md (openssl_conf = openssl_init, [openssl_init] providers = provider_sect)',
      'seeds/000_913be8e6bf26f545.txt (Failure Modes: "the openssl.cnf activating the provider is loaded by the process, not just present on the filesystem")',
    ],
  },
  check(ctx) {
    const { file, index } = ctx;
    for (const { view, a } of configsOf(file)) {
      if (a.loaded || a.providers.length === 0) continue;
      // An `.include` before the first section may bring openssl_conf in; a file another config
      // includes (e.g. /etc/pki/tls/openssl.d/*.cnf) gets the chain from that config.
      const firstHeader = view.model.sections[1]?.headerSpan?.start ?? view.text.length;
      if (view.model.directives.some((d) => d.name === '.include' && d.span.start < firstHeader)) continue;
      if (!view.path && includedElsewhere(index, file.path)) continue;
      const section = a.providerSections.find((s) => s.entries.length > 0) ?? a.providerSections[0];
      const initName = a.initName ?? 'openssl_init';
      let problem: string;
      if (!a.appConf) {
        problem = `[${section.name}] is never loaded${where(view)}: there is no "openssl_conf = ${initName}" line before the first section, so OpenSSL ignores the provider sections`;
      } else if (a.initSections.length === 0) {
        problem = `[${section.name}] is never loaded${where(view)}: "${a.appConf.key} = ${initName}" names a section [${initName}] that does not exist`;
      } else if (!a.providersEntry) {
        problem = `[${section.name}] is never loaded${where(view)}: [${initName}] has no "providers = ${section.name}" line`;
      } else {
        problem = `[${section.name}] is never loaded${where(view)}: "providers = ${a.providersEntry.value}" in [${initName}] names a section that does not exist`;
      }
      const oqs = a.providers.some((p) => p.oqs) ? ' (oqsprovider included)' : '';
      const message = `${problem}. The providers configured here${oqs} are not activated by this file. Add the openssl_conf → [${initName}] providers = ${section.name} chain.`;
      const fixes: Fix[] = [];
      const ed = new CnfEditor(view);
      ensureLoaded(ed, a, section.name, section);
      const edits = ed.edits();
      if (edits && edits.length > 0) fixes.push({ title: `Load [${section.name}] through openssl_conf = ${initName} and [${initName}] providers = ${section.name}`, safe: true, edits });
      ctx.report({ span: reportSpan(view, section.nameSpan ?? section.span), message, fixes });
    }
  },
});
