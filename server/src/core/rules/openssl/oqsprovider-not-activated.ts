// oqsprovider is listed in a provider section but its section does not activate it (no
// `activate`, a false value, or no section at all), so OpenSSL never loads its algorithms.
import { defineRule } from '../../rule.js';
import type { Fix } from '../../types.js';
import { CnfEditor, OPENSSL_SOURCES, configsOf, ensureActivated, ensureDefault, reportSpan, where } from '../openssl-common.js';

export default defineRule({
  meta: {
    id: 'openssl/oqsprovider-not-activated',
    severity: 'error',
    description: 'An openssl.cnf lists oqsprovider in its provider section, but its section does not set activate = 1, so the provider is never loaded.',
    appliesTo: ['openssl-cnf', 'kubernetes-yaml'],
    fixable: true,
    sources: [OPENSSL_SOURCES.config, OPENSSL_SOURCES.activate, OPENSSL_SOURCES.oqsUsage, OPENSSL_SOURCES.guide],
  },
  check(ctx) {
    for (const { view, a } of configsOf(ctx.file)) {
      for (const decl of a.providers) {
        if (!decl.oqs || decl.activated) continue;
        const sect = decl.sectionName;
        let message: string;
        let span;
        if (decl.sections.length === 0) {
          span = decl.entry.valueSpan;
          message = `"${decl.key} = ${sect}" names a section [${sect}] that does not exist${where(view)}: OpenSSL stops configuring providers with "section=${sect} not found", so oqsprovider is not activated. Add [${sect}] with activate = 1.`;
        } else if (decl.activateEntry) {
          span = decl.activateEntry.valueSpan;
          message = `"activate = ${decl.activateEntry.value}" in [${sect}]${where(view)} does not activate oqsprovider: OpenSSL 3.3 and later only accept 1, yes, true or on (older releases activated on any value). Set activate = 1.`;
        } else {
          const header = decl.sections[0];
          span = header.nameSpan ?? header.span;
          message = `[${sect}]${where(view)} has no "activate = 1", so oqsprovider is only registered, never loaded: its ML-DSA, composite and ML-KEM algorithms stay unavailable. Add activate = 1.`;
        }
        const fixes: Fix[] = [];
        const ed = new CnfEditor(view);
        ensureActivated(ed, decl);
        // Once oqsprovider is activated explicitly, OpenSSL no longer activates the default provider on its own.
        const withDefault = ensureDefault(ed, a, decl.providerSection) !== undefined;
        const edits = ed.edits();
        if (edits && edits.length > 0) {
          fixes.push({ title: `Set activate = 1 in [${sect}]${withDefault ? ' and keep the default provider active' : ''}`, safe: true, edits });
        }
        ctx.report({ span: reportSpan(view, span), message, fixes });
      }
    }
  },
});
