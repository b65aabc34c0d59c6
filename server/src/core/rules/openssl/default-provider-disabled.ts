// oqsprovider is activated explicitly while the default provider is not: OpenSSL only activates the
// default provider on its own when no provider is activated, so RSA, ECDSA, X25519, AES ... vanish.
import { defineRule } from '../../rule.js';
import type { Fix, Span } from '../../types.js';
import { CnfEditor, OPENSSL_SOURCES, configsOf, ensureDefault, includedElsewhere, reportSpan, where } from '../openssl-common.js';

export default defineRule({
  meta: {
    id: 'openssl/default-provider-disabled',
    severity: 'error',
    description: 'An openssl.cnf activates oqsprovider but not the default provider, which OpenSSL then no longer loads: every classical algorithm disappears.',
    appliesTo: ['openssl-cnf', 'kubernetes-yaml'],
    fixable: true,
    sources: [
      OPENSSL_SOURCES.config,
      'openssl/openssl apps/openssl.cnf and issue #16249 (the default provider is only activated implicitly when no provider is activated explicitly)',
      'open-quantum-safe/oqs-provider#206 and USAGE.md (default = default_sect next to oqsprovider = oqsprovider_sect)',
      OPENSSL_SOURCES.guide,
    ],
  },
  check(ctx) {
    for (const { view, a } of configsOf(ctx.file)) {
      const oqs = a.providers.find((p) => p.oqs && p.activated);
      if (!oqs || a.defaultActive || a.fipsActive) continue;
      // A snippet another config includes merges into that config's provider section.
      if (!view.path && includedElsewhere(ctx.index, ctx.file.path)) continue;
      const declared = a.providers.find((p) => p.name === 'default');
      const providerSection = oqs.providerSection;
      let span: Span;
      let problem: string;
      if (!declared) {
        span = providerSection.nameSpan ?? providerSection.span;
        problem = `[${providerSection.name}] activates oqsprovider but does not list the default provider`;
      } else if (declared.sections.length === 0) {
        span = declared.entry.valueSpan;
        problem = `"${declared.key} = ${declared.sectionName}" names a section [${declared.sectionName}] that does not exist, so the default provider is not activated next to oqsprovider`;
      } else if (declared.activateEntry) {
        span = declared.activateEntry.valueSpan;
        problem = `"activate = ${declared.activateEntry.value}" in [${declared.sectionName}] does not activate the default provider (OpenSSL 3.3 and later accept only 1, yes, true or on), while oqsprovider is activated`;
      } else {
        const section = declared.sections[0];
        span = section.nameSpan ?? section.span;
        problem = `[${declared.sectionName}] has no "activate = 1", so the default provider is not activated next to oqsprovider`;
      }
      const message = `${problem}${where(view)}. OpenSSL only activates the default provider on its own when no provider is activated explicitly, so RSA, ECDSA, X25519, AES and every other classical algorithm stop working (TLS, ssh logins, certificate tools). Activate default as well.`;
      const fixes: Fix[] = [];
      const ed = new CnfEditor(view);
      const sectName = ensureDefault(ed, a, providerSection);
      const edits = ed.edits();
      if (sectName && edits && edits.length > 0) {
        fixes.push({ title: declared ? `Activate the default provider ([${sectName}] activate = 1)` : `Add default = ${sectName} with [${sectName}] activate = 1`, safe: true, edits });
      }
      ctx.report({ span: reportSpan(view, span), message, fixes });
    }
  },
});
