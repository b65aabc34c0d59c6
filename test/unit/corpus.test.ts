// The third-party configurations in test/corpus/real-configs, all in ONE engine as if they were a
// workspace: every rule runs over them without throwing, no rule fails (internal-error), and no
// file is reported as unparseable except the SPIRE fixtures that upstream made malformed on
// purpose (their names contain "bad"). Helm templates ({{ }}) and the step-issuer kustomize files
// in particular must parse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Engine } from '../../server/src/core/engine.js';
import type { Finding } from '../../server/src/core/types.js';
import { corpusDir } from '../helpers.js';
import { engineFor, readTree } from '../harness.js';

const realConfigs = join(corpusDir, 'real-configs');

/** Upstream fixtures that are malformed on purpose. */
function syntaxErrorAllowed(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return path.startsWith('spire/') && name.includes('bad');
}

function describe(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.file}:${f.range.start.line + 1} [${f.ruleId}] ${f.message}`);
}

let shared: { engine: Engine; findings: Finding[]; files: string[] } | undefined;

/** One engine over the whole corpus, analysed once and shared by the tests below. */
async function analysedCorpus(): Promise<{ engine: Engine; findings: Finding[]; files: string[] }> {
  if (shared) return shared;
  const tree = readTree(realConfigs);
  const engine = await engineFor(tree);
  const files = Object.keys(tree);
  const findings: Finding[] = [];
  for (const path of files) findings.push(...engine.analyze(path));
  shared = { engine, findings, files };
  return shared;
}

test('corpus: every real-config file is loaded and analysed without throwing', async () => {
  const { engine, files } = await analysedCorpus();
  assert.ok(files.length > 100, `expected the whole corpus, got ${files.length} files`);
  for (const folder of ['cert-manager-helm/', 'oqs-provider/', 'spire/', 'step-ca/', 'step-issuer/']) {
    assert.ok(files.some((f) => f.startsWith(folder)), `no file from ${folder}`);
  }
  assert.deepEqual(engine.paths().sort(), [...files].sort());
});

test('corpus: no rule fails on any file (no internal-error)', async () => {
  const { findings } = await analysedCorpus();
  assert.deepEqual(describe(findings.filter((f) => f.ruleId === 'internal-error')), []);
});

test('corpus: Helm templates of the cert-manager chart parse (no syntax-error)', async () => {
  const { findings } = await analysedCorpus();
  assert.deepEqual(describe(findings.filter((f) => f.ruleId === 'syntax-error' && f.file.startsWith('cert-manager-helm/'))), []);
});

test('corpus: step-issuer CRDs, kustomize files and samples parse (no syntax-error)', async () => {
  const { findings } = await analysedCorpus();
  assert.deepEqual(describe(findings.filter((f) => f.ruleId === 'syntax-error' && f.file.startsWith('step-issuer/'))), []);
});

test('corpus: only the deliberately malformed SPIRE fixtures may have syntax errors', async () => {
  const { findings } = await analysedCorpus();
  assert.deepEqual(describe(findings.filter((f) => f.ruleId === 'syntax-error' && !syntaxErrorAllowed(f.file))), []);
});

test('corpus: the step-issuer samples resolve across files (a workspace, not isolated files)', async () => {
  const { engine } = await analysedCorpus();
  const issuers = engine.index.all('issuers');
  assert.ok(issuers.some((i) => i.kind === 'StepIssuer' && i.name === 'step-issuer'), 'StepIssuer sample indexed');
  assert.ok(issuers.some((i) => i.kind === 'StepClusterIssuer' && i.name === 'step-cluster-issuer'), 'StepClusterIssuer sample indexed');
  const sample = engine.index.findIssuer({ name: 'step-issuer', kind: 'StepIssuer', group: 'certmanager.step.sm' }, 'default');
  assert.equal(sample?.file, 'step-issuer/config_samples_stepissuer.yaml');
});

test('corpus: cert-manager rules report only what the files say', async () => {
  const { engine, findings } = await analysedCorpus();
  const ours = findings.filter((f) => f.ruleId.startsWith('cert-manager/'));
  // Nothing in a Helm template (its values are unknown until rendered).
  assert.deepEqual(describe(ours.filter((f) => f.file.startsWith('cert-manager-helm/'))), []);
  // The kustomize bootstrap issuer is a real selfSigned Issuer; its Certificate uses it.
  const selfSigned = ours.find((f) => f.ruleId === 'cert-manager/classical-issuer' && f.file === 'step-issuer/config_certmanager_certificate.yaml');
  assert.ok(selfSigned, 'selfSigned Issuer reported');
  assert.equal(engine.file(selfSigned.file)!.text.slice(selfSigned.span.start, selfSigned.span.end), 'selfSigned');
  const certificate = ours.find((f) => f.ruleId === 'cert-manager/certificate-classical-issuer');
  assert.equal(certificate?.file, 'step-issuer/config_certmanager_certificate.yaml');
  // The step-issuer sample Certificate uses a StepIssuer: not a classical issuer.
  assert.ok(!ours.some((f) => f.ruleId === 'cert-manager/certificate-classical-issuer' && f.file === 'step-issuer/config_samples_certificate.yaml'));
});
