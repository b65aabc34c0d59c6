// UpstreamAuthority "disk" whose cert_file_path is a certificate in the workspace with a classical
// key and signature: every SVID the server issues chains to it.
import { defineRule } from '../../rule.js';
import type { HclFile } from '../../parse.js';
import { component, feature, statusPhrase } from '../../knowledge.js';
import { stringContentSpan } from '../../formats/hcl-edits.js';
import { spireFactsOf, stringValue } from '../../workspace/spire-facts.js';

export default defineRule({
  meta: {
    id: 'spire/upstream-authority-classical',
    severity: 'warning',
    description: 'A SPIRE server\'s UpstreamAuthority "disk" points at a classical-only CA certificate in the workspace, so every SVID chains to a classical root.',
    appliesTo: ['spire-hcl'],
    fixable: false,
    sources: [
      'spiffe/spire doc/plugin_server_upstreamauthority_disk.md (cert_file_path, key_file_path, bundle_file_path)',
      'seeds/000_913be8e6bf26f545.txt (UpstreamAuthority "disk" pointing to a hybrid CA generated with liboqs-provider)',
    ],
  },
  check(ctx) {
    const file = ctx.file as HclFile;
    if (file.kind !== 'spire-hcl') return;
    const { index, knowledge } = ctx;
    const guide = feature(knowledge, 'spire/pqc-svid-key-type');
    const spire = component(knowledge, 'spire');
    for (const fact of spireFactsOf(file.path, file.hcl)) {
      for (const upstream of fact.upstreamAuthorities) {
        if (upstream.plugin !== 'disk') continue;
        const path = stringValue(upstream.certFilePath);
        if (!path || path.trim() === '' || path.includes('$')) continue;
        const target = index.resolvePath(path, file.path);
        if (!target || target === file.path) continue;
        // The first certificate of the file is the one SPIRE signs its intermediate CA with.
        const certs = index.ofFile('certificates', target)
          .filter((c) => c.occurrence.cert)
          .sort((a, b) => a.occurrence.span.start - b.occurrence.span.start || a.occurrence.index - b.occurrence.index);
        const cert = certs[0]?.occurrence.cert;
        if (!cert || cert.pqcClass !== 'classical') continue;
        const algorithms = cert.publicKey.algorithm === cert.signature.algorithm
          ? cert.publicKey.algorithm
          : `${cert.publicKey.algorithm} key, ${cert.signature.algorithm} signature`;
        const latest = spire?.latest ? `SPIRE v${spire.latest}` : 'released SPIRE';
        const guideNote = guide
          ? ` Replacing it with a hybrid or ML-DSA CA is ${statusPhrase(guide.status)} (${latest} has no ML-DSA key type), so keep it on the migration inventory.`
          : '';
        ctx.report({
          span: stringContentSpan(file.text, upstream.certFilePath!.span),
          message: `UpstreamAuthority "disk" signs with ${target} (${cert.subject || 'no subject'}), a classical-only certificate (${algorithms}): every SVID of this server chains to a quantum-vulnerable CA.${guideNote}`,
        });
      }
    }
  },
});
