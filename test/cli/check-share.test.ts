// One share of the parallel check analyses each file right after parsing it and analyses again
// only the files whose answers later facts change (its own later files, or the other shares').
// Here the shares are run in this thread with the files dealt by hand, so that both kinds of
// change happen, and the findings are compared with those of one engine that read everything first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CheckShare } from '../../server/src/cli/check-share.js';
import type { ReportFinding } from '../../server/src/cli/format/model.js';
import { reportFinding } from '../../server/src/cli/format/model.js';
import { loadPrepared, prepareWorkspace, type CandidateFile, type PreparedWorkspace } from '../../server/src/node/workspace.js';
import { TEST_NOW } from '../harness.js';
import { tempDir } from './run.js';

const ISSUER = (name: string): string => `apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: ${name}\nspec:\n  ca:\n    secretName: ${name}-key\n`;
const CERTIFICATE = (issuer: string): string =>
  `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web-${issuer}\n  namespace: shop\nspec:\n  secretName: web-tls\n  dnsNames: [web.example.com]\n  privateKey:\n    algorithm: ECDSA\n  issuerRef:\n    name: ${issuer}\n    kind: ClusterIssuer\n`;

/** `files` written to `dir`, the workspace prepared from it, and two shares of one check of it. */
function twoShares(dir: string, files: Record<string, string>): { prepared: PreparedWorkspace; candidate: (rel: string) => CandidateFile; shareA: CheckShare; shareB: CheckShare } {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  const prepared = prepareWorkspace(['.'], { cwd: dir });
  const candidate = (rel: string): CandidateFile => prepared.candidates.find((c) => c.rel === rel)!;
  const setup = { knowledge: prepared.knowledge, config: prepared.config, now: TEST_NOW.toISOString(), paths: prepared.candidates.map((c) => c.rel) };
  return { prepared, candidate, shareA: new CheckShare(setup), shareB: new CheckShare(setup) };
}

const key = (f: ReportFinding): string => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`;

test('a share analyses again exactly the files that later facts change, and ends with the findings of one engine', async () => {
  const temp = tempDir();
  try {
    const files: Record<string, string> = {
      'a/cert-own.yaml': CERTIFICATE('own-ca'), // its issuer comes later in the same share
      'a/cert-other.yaml': CERTIFICATE('other-ca'), // its issuer is in the other share
      'a/cert-none.yaml': CERTIFICATE('missing-ca'), // no issuer anywhere
      'a/z-issuer.yaml': ISSUER('own-ca'),
      'b/issuer.yaml': ISSUER('other-ca'),
    };
    const { prepared, candidate, shareA, shareB } = twoShares(temp.dir, files);
    const readA = await shareA.read(['a/cert-own.yaml', 'a/cert-other.yaml', 'a/cert-none.yaml', 'a/z-issuer.yaml'].map(candidate));
    const readB = await shareB.read(['b/issuer.yaml'].map(candidate));
    const analysedA = shareA.analyze(readB.facts);
    const analysedB = shareB.analyze(readA.facts);

    const { engine, files: read } = await loadPrepared(prepared, { now: TEST_NOW });
    const expected = read.flatMap((file) => engine.analyze(file.rel).map((f) => reportFinding(f, engine.lines(file.rel), file.rel)));
    const got = [...analysedA.findings, ...analysedB.findings];
    assert.deepEqual(got.map(key).sort(), expected.map(key).sort());
    // The findings do depend on the issuers: the one with no issuer is reported differently.
    const about = (rel: string): string[] => got.filter((f) => f.file === rel).map((f) => f.ruleId).sort();
    assert.ok(about('a/cert-own.yaml').includes('cert-manager/certificate-classical-issuer'), JSON.stringify(about('a/cert-own.yaml')));
    assert.ok(about('a/cert-other.yaml').includes('cert-manager/certificate-classical-issuer'));
    assert.ok(!about('a/cert-none.yaml').includes('cert-manager/certificate-classical-issuer'));
  } finally {
    temp.cleanup();
  }
});

test('the second pass parses and analyses again only the documents of a manifest whose answers changed', async () => {
  const { Engine } = await import('../../server/src/core/engine.js');
  const temp = tempDir();
  const configMap = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: shop\ndata:\n  a: b\n`;
  const files: Record<string, string> = {
    'a/manifest.yaml': [configMap('before'), CERTIFICATE('other-ca'), configMap('after')].join('---\n'),
    'b/issuer.yaml': ISSUER('other-ca'),
  };
  // Engine.checkDocument runs the rules on one document (private: reached through the prototype).
  const prototype = Engine.prototype as unknown as { checkDocument: (view: { yaml: { documents: { name?: string }[] } }) => unknown };
  const checkDocument = prototype.checkDocument;
  const checked: string[] = [];
  prototype.checkDocument = function (view) {
    checked.push(view.yaml.documents[0].name ?? '?');
    return checkDocument.call(this, view);
  };
  try {
    const { prepared, candidate, shareA, shareB } = twoShares(temp.dir, files);
    const readA = await shareA.read([candidate('a/manifest.yaml')]);
    const readB = await shareB.read([candidate('b/issuer.yaml')]);
    assert.deepEqual(checked.splice(0), ['before', 'web-other-ca', 'after'], 'the first pass: every document (the issuer file has one document: analysed whole)');
    const analysedA = shareA.analyze(readB.facts);
    assert.deepEqual(checked.splice(0), ['web-other-ca'], 'only the Certificate, whose issuer is in the other share');
    shareB.analyze(readA.facts);

    const { engine, files: read } = await loadPrepared(prepared, { now: TEST_NOW });
    const manifest = read.find((file) => file.rel === 'a/manifest.yaml')!;
    const expected = engine.analyze(manifest.rel).map((f) => reportFinding(f, engine.lines(manifest.rel), manifest.rel));
    assert.ok(expected.some((f) => f.ruleId === 'cert-manager/certificate-classical-issuer'));
    assert.deepEqual(analysedA.findings.map(key), expected.map(key));
  } finally {
    prototype.checkDocument = checkDocument;
    temp.cleanup();
  }
});
