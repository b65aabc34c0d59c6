// SPIRE server whose CA key is classical (rsa-*/ec-*, or absent = ec-p256) and which has no PQC SVID
// settings. The only PQC SVID configuration is the migration guide's `experimental { pqc_svid_key_type,
// dual_stack_svids }`, which no released SPIRE version has: the message and the fix say so.
import { defineRule } from '../../rule.js';
import type { HclFile } from '../../parse.js';
import { component, feature, keyTypes, statusPhrase } from '../../knowledge.js';
import { appendLines, blockContainer, indentUnit, innerIndent, nestedContainer, stringContentSpan } from '../../formats/hcl-edits.js';
import type { HclBlock } from '../../formats/hcl.js';
import { spireFactsOf, stringValue, isTrue } from '../../workspace/spire-facts.js';
import type { Fix, TextEdit } from '../../types.js';

export default defineRule({
  meta: {
    id: 'spire/classical-ca-key',
    severity: 'warning',
    description: 'A SPIRE server signs SVIDs with a classical CA key (ca_key_type rsa-*/ec-* or the ec-p256 default) and has no PQC SVID settings.',
    appliesTo: ['spire-hcl'],
    fixable: true,
    sources: [
      'spiffe/spire pkg/server/plugin/keymanager/keymanager.go (key types rsa-2048, rsa-4096, ec-p256, ec-p384)',
      'spiffe/spire doc/spire_server.md (ca_key_type, default ec-p256)',
      'seeds/000_913be8e6bf26f545.txt (SPIFFE/SPIRE PQC Migration: experimental pqc_svid_key_type, dual_stack_svids)',
    ],
  },
  check(ctx) {
    const file = ctx.file as HclFile;
    // The finding rests on settings being absent, which a file that does not parse cannot show.
    if (file.kind !== 'spire-hcl' || file.syntaxErrors.length > 0) return;
    const { knowledge } = ctx;
    const caTypes = keyTypes(knowledge, 'spire.ca_key_type');
    const svidTypes = keyTypes(knowledge, 'spire.pqc_svid_key_type').filter((k) => k.pqcClass === 'pq');
    const defaultType = caTypes.find((k) => k.default);
    const svidFeature = feature(knowledge, 'spire/pqc-svid-key-type');
    const spire = component(knowledge, 'spire');
    if (svidTypes.length === 0) return;
    const svidType = (svidTypes.find((k) => k.value === 'ML-DSA-65') ?? svidTypes[0]).value;
    const facts = spireFactsOf(file.path, file.hcl);
    for (const fact of facts) {
      if (fact.role !== 'server' || fact.pqcSvidKeyType) continue;
      let value: string | undefined;
      let span = fact.span;
      let defaulted = false;
      if (fact.caKeyType) {
        value = stringValue(fact.caKeyType);
        if (value === undefined) continue; // an expression: cannot tell
        span = stringContentSpan(file.text, fact.caKeyType.span);
      } else {
        if (!defaultType) continue;
        value = defaultType.value;
        defaulted = true;
      }
      const entry = caTypes.find((k) => k.value === value);
      if (!entry || entry.pqcClass !== 'classical') continue; // unknown values are not this rule's business
      const offered = caTypes.map((k) => k.value).join(', ');
      const latest = spire?.latest ? `SPIRE v${spire.latest}` : 'The latest SPIRE release';
      const where = svidFeature ? statusPhrase(svidFeature.status) : 'described in the migration guide only';
      const found = defaulted
        ? `This SPIRE server has no ca_key_type, so its CA key is the classical default "${value}"`
        : `This SPIRE server's CA key type "${value}" is classical`;
      const message = `${found}, and no PQC SVID key type is configured. ${latest} only offers ${offered}; ML-DSA SVIDs via experimental { pqc_svid_key_type, dual_stack_svids } are ${where}.`;
      const block = file.hcl.body.blocks.find((b) => b.typeSpan.start === fact.span.start);
      const fixes: Fix[] = [];
      const edits = block ? addPqcSvidEdits(file, block, svidType, fact.dualStackSvids?.span, isTrue(fact.dualStackSvids)) : undefined;
      if (edits && edits.length > 0) {
        const caveat = svidFeature && svidFeature.status !== 'released' ? ` (${statusPhrase(svidFeature.status).replace('upstream', 'SPIRE')})` : '';
        fixes.push({ title: `Add experimental { pqc_svid_key_type = "${svidType}", dual_stack_svids = true }${caveat}`, safe: false, edits });
      }
      ctx.report({ span, message, fixes });
    }
  },
});

function addPqcSvidEdits(
  file: HclFile,
  server: HclBlock,
  svidType: string,
  dualStackSpan: { start: number; end: number } | undefined,
  dualStackOn: boolean,
): TextEdit[] | undefined {
  const text = file.text;
  const lines = file.lines;
  const unit = indentUnit(text, lines, file.hcl.body);
  const serverContainer = blockContainer(text, server);
  if (!serverContainer) return undefined;
  const experimental = nestedContainer(text, server.body, 'experimental');
  const hasExperimental = server.body.blocks.some((b) => b.type === 'experimental') || server.body.attributes.some((a) => a.name === 'experimental');
  if (hasExperimental && !experimental) return undefined; // written in a shape we do not edit
  const keyLine = `pqc_svid_key_type = "${svidType}"`;
  if (experimental) {
    const inner = innerIndent(lines, experimental, unit);
    const added = [inner + keyLine];
    const edits: TextEdit[] = [];
    if (!dualStackSpan) added.push(`${inner}dual_stack_svids = true`);
    else if (!dualStackOn) edits.push({ span: dualStackSpan, newText: 'true' });
    edits.push(...appendLines(lines, experimental, added, inner));
    return edits;
  }
  const inner = innerIndent(lines, serverContainer, unit);
  const blockLines = [
    `${inner}experimental {`,
    `${inner}${unit}${keyLine}`,
    `${inner}${unit}dual_stack_svids = true`,
    `${inner}}`,
  ];
  return appendLines(lines, serverContainer, blockLines, inner);
}
