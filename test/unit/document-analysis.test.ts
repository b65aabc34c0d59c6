// The engine runs the rules on each document of a Kubernetes YAML file on its own, and keeps what
// an unchanged document gave until something it read from the index answers differently. Rules are
// written against whole files, so both must give exactly what running every rule once on the whole
// file gives: on every YAML file of the examples, fixtures and corpus (with the other files of its
// folder in the index), and after edits that change, in one document, what another document's
// findings depend on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../server/src/core/config.js';
import type { Engine } from '../../server/src/core/engine.js';
import { collectSuppressions } from '../../server/src/core/suppress.js';
import type { Rule } from '../../server/src/core/rule.js';
import type { Finding } from '../../server/src/core/types.js';
import { corpusDir, fixturesDir, repoRoot } from '../helpers.js';
import { defaultKnowledge, engineFor, readTree, TEST_NOW } from '../harness.js';

type Shown = Pick<Finding, 'ruleId' | 'severity' | 'message' | 'span' | 'range'> & { fixes: string };

function shown(f: Finding): Shown {
  return { ruleId: f.ruleId, severity: f.severity, message: f.message, span: f.span, range: f.range, fixes: JSON.stringify(f.fixes) };
}

/** Every rule run once on the whole file, as the engine ran them before it went document by document. */
function wholeFileFindings(engine: Engine, path: string): Shown[] {
  const file = engine.file(path)!;
  const findings: Finding[] = [];
  const settings = { expiringDays: DEFAULT_CONFIG.expiringDays, now: TEST_NOW };
  engine.index.recordReads(path, () => {
    for (const rule of engine.rules) {
      if (!rule.meta.appliesTo.includes(file.kind)) continue;
      rule.check({
        file, index: engine.index, knowledge: defaultKnowledge(), settings,
        report: (r) => findings.push({ ruleId: rule.meta.id, severity: r.severity ?? rule.meta.severity, message: r.message, file: path, span: r.span, range: file.lines.range(r.span), fixes: r.fixes ?? [] }),
      });
    }
  });
  const suppressions = collectSuppressions(file.text, file.lines);
  return findings
    .filter((f) => !suppressions.isSuppressed(f.ruleId, f.range.start.line))
    .sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.ruleId.localeCompare(b.ruleId))
    .map(shown);
}

/**
 * An engine holding `files` as files being edited: results are kept per document only for files
 * set again after their first setFile (a file set once is analysed once).
 */
async function editedEngine(files: Record<string, string>): Promise<Engine> {
  const engine = await engineFor(files);
  for (const [path, text] of Object.entries(files)) engine.setFile(path, text);
  return engine;
}

/** A rule that finds nothing and notes the name of every document it is run on. */
function countingRule(checked: string[]): Rule {
  return {
    meta: { id: 'test/counting', severity: 'info', description: 'counts documents', appliesTo: ['kubernetes-yaml'], fixable: false, sources: ['test'] },
    check: (ctx) => {
      if (ctx.file.kind === 'kubernetes-yaml') for (const d of ctx.file.yaml.documents) checked.push(d.name ?? '?');
    },
  };
}

function yamlPaths(engine: Engine): string[] {
  return engine.paths().filter((p) => engine.file(p)?.kind === 'kubernetes-yaml');
}

/** Folders holding YAML files, each checked as a workspace of its own. */
function yamlFolders(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    const names = readdirSync(dir);
    if (names.some((n) => /\.ya?ml$/.test(n))) out.push(dir);
    for (const name of names) if (statSync(join(dir, name)).isDirectory()) walk(join(dir, name));
  };
  walk(root);
  return out;
}

test('document by document, every YAML file of the examples, fixtures and corpus gets exactly the findings of a whole-file run', async () => {
  const folders = [join(repoRoot, 'examples'), join(corpusDir, 'real-configs'), ...yamlFolders(join(fixturesDir))];
  let checked = 0;
  let findings = 0;
  let multiDocument = 0;
  for (const folder of folders) {
    const tree = readTree(folder);
    // Also every YAML file of the folder as documents of one file, so that documents which came
    // from different files (an Ingress and its Secret, an issuer and its Certificates, several
    // images, PEM private keys) meet in one file.
    const yaml = Object.keys(tree).filter((p) => /\.ya?ml$/.test(p));
    const combined = yaml.map((p) => new TextDecoder().decode(tree[p]).replace(/^---\r?\n/, '')).join('\n---\n');
    for (const files of [tree, { ...Object.fromEntries(Object.entries(tree).filter(([p]) => !yaml.includes(p))), 'combined.yaml': combined }]) {
      // Set twice: the engine goes document by document for files being edited (a file set once
      // is analysed whole).
      const engine = await engineFor(files);
      for (const path of yamlPaths(engine)) engine.setFile(path, (files as Record<string, string | Uint8Array>)[path]);
      for (const path of yamlPaths(engine)) {
        const expected = wholeFileFindings(engine, path);
        assert.deepEqual(engine.analyze(path).map(shown), expected, `${folder}: ${path}`);
        checked++;
        findings += expected.length;
        if ((engine.file(path) as { yaml: { documents: unknown[] } }).yaml.documents.length > 1) multiDocument++;
      }
    }
  }
  assert.ok(checked > 300 && multiDocument > 100 && findings > 400, `${checked} files (${multiDocument} with several documents), ${findings} findings`);
});

const ISSUERS = `apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: platform-ca
spec:
  ca:
    secretName: platform-ca-key
---
apiVersion: certmanager.step.sm/v1beta1
kind: StepClusterIssuer
metadata:
  name: hybrid
spec:
  url: https://step-ca.pki.svc:9000
  caBundle: Cg==
  provisioner:
    name: admin
    kid: abc
    passwordRef:
      name: step-pass
      key: password
`;

/** A ConfigMap whose certificate does not decode: certificate/invalid names the file offset of the bad character. */
const BROKEN_CERTIFICATE_CONFIG_MAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: trust
data:
  ca.crt: |
    -----BEGIN CERTIFICATE-----
    MIIB!!!!
    -----END CERTIFICATE-----
`;

const CERTIFICATE = `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: web
  namespace: apps
spec:
  secretName: web-tls
  dnsNames: [web.example.com]
  issuerRef:
    name: platform-ca
    kind: ClusterIssuer
    group: cert-manager.io
`;

test('a kept document sees a change to another document of its file that changes what it read', async () => {
  const path = 'platform.yaml';
  const engine = await editedEngine({ [path]: `${CERTIFICATE}---\n${ISSUERS}` });
  const check = (step: string): Shown[] => {
    const got = engine.analyze(path).map(shown);
    assert.deepEqual(got, wholeFileFindings(engine, path), step);
    return got;
  };
  const issuedBy = (findings: Shown[]): Shown[] => findings.filter((f) => f.ruleId === 'cert-manager/certificate-classical-issuer');
  const first = check('first analysis');
  assert.equal(issuedBy(first).length, 1, 'the Certificate is issued by the classical ca issuer');
  assert.match(issuedBy(first)[0].fixes, /Use hybrid issuer hybrid/);

  const set = (text: string): void => {
    engine.setFile(path, text);
  };
  // The issuer (another document) is renamed: the Certificate's issuerRef finds nothing, the finding goes.
  set(`${CERTIFICATE}---\n${ISSUERS.replace('name: platform-ca', 'name: platform-ca-old')}`);
  assert.equal(issuedBy(check('issuer renamed')).length, 0);
  // Back to a ca issuer, and a line typed above the Certificate moves every document.
  set(`# moved\n${CERTIFICATE}---\n${ISSUERS}`);
  const moved = check('issuer ca again, documents moved');
  assert.equal(issuedBy(moved).length, 1);
  assert.equal(issuedBy(moved)[0].span.start, issuedBy(first)[0].span.start + '# moved\n'.length);
  // The hybrid issuer is renamed: the kept Certificate document's fix must name the new one.
  set(`# moved\n${CERTIFICATE}---\n${ISSUERS.replace('name: hybrid', 'name: hybrid-pq')}`);
  assert.match(issuedBy(check('hybrid issuer renamed'))[0].fixes, /Use hybrid issuer hybrid-pq/);
  // The issuer's document is dropped.
  set(`# moved\n${CERTIFICATE}`);
  assert.equal(issuedBy(check('issuer gone')).length, 0);
});

test('a document whose certificate does not decode is analysed again after every edit (its messages name file offsets)', async () => {
  const path = 'bundle.yaml';
  const broken = BROKEN_CERTIFICATE_CONFIG_MAP;
  const first = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\n';
  const engine = await editedEngine({ [path]: `${first}---\n${broken}` });
  const before = engine.analyze(path).filter((f) => f.ruleId === 'certificate/invalid');
  assert.equal(before.length, 1);
  assert.match(before[0].message, /offset \d+/);
  // The edit is in the first document; the broken one is only moved.
  engine.setFile(path, `${first}  namespace: apps\n---\n${broken}`);
  const after = engine.analyze(path).filter((f) => f.ruleId === 'certificate/invalid');
  assert.deepEqual(after.map(shown), wholeFileFindings(engine, path).filter((f) => f.ruleId === 'certificate/invalid'));
  assert.equal(after[0].span.start, before[0].span.start + '  namespace: apps\n'.length);
  assert.notEqual(after[0].message, before[0].message, 'the offset in the message moved too');
});

test('results kept until the tree is released are not taken over when the file is set again', async () => {
  const { Engine } = await import('../../server/src/core/engine.js');
  const first = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\n';
  const text = `${first}---\n${BROKEN_CERTIFICATE_CONFIG_MAP}`;
  const edited = `${first}  namespace: apps\n---\n${BROKEN_CERTIFICATE_CONFIG_MAP}`;
  const engine = new Engine({ knowledge: defaultKnowledge(), now: TEST_NOW, reanalyseByDocument: true });
  engine.setFile('bundle.yaml', text);
  engine.analyze('bundle.yaml');
  engine.setFile('bundle.yaml', edited);
  const fresh = new Engine({ knowledge: defaultKnowledge(), now: TEST_NOW });
  fresh.setFile('bundle.yaml', edited);
  const expected = fresh.analyze('bundle.yaml').map(shown);
  assert.ok(expected.some((f) => f.ruleId === 'certificate/invalid' && /offset \d+/.test(f.message)));
  assert.deepEqual(engine.analyze('bundle.yaml').map(shown), expected, 'the message names the new offset');
});

test('fixes of kept documents follow the file\'s line ending when an edit elsewhere changes it', async () => {
  const path = 'platform.yaml';
  // No kind/group in the issuerRef: the fix inserts lines, with the file's line ending.
  const certificate = CERTIFICATE.replace('    kind: ClusterIssuer\n    group: cert-manager.io\n', '').replace('name: platform-ca', 'name: local-ca');
  const issuer = 'apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata:\n  name: local-ca\n  namespace: apps\nspec:\n  selfSigned: {}\n';
  const stepIssuer = ISSUERS.slice(ISSUERS.indexOf('apiVersion: certmanager.step.sm')).replace('StepClusterIssuer', 'StepIssuer').replace('name: hybrid', 'name: hybrid\n  namespace: apps');
  const engine = await editedEngine({ [path]: `# platform\n---\n${issuer}---\n${certificate}---\n${stepIssuer}` });
  const inserted = (): string => engine.analyze(path).filter((f) => f.ruleId === 'cert-manager/certificate-classical-issuer').map((f) => f.fixes.map((x) => x.edits.map((e) => e.newText).join('')).join('')).join('');
  assert.match(inserted(), /[^\r]\n *kind: StepIssuer/);
  engine.setFile(path, `# platform\r\n---\n${issuer}---\n${certificate}---\n${stepIssuer}`);
  assert.match(inserted(), /\r\n *kind: StepIssuer/);
  assert.deepEqual(engine.analyze(path).map(shown), wholeFileFindings(engine, path));
});

test('PEM private keys are found once each, in the document they are written in or in the comments after it', async () => {
  const path = 'keys.yaml';
  // Not a key: locating looks at the PEM labels only.
  const block = (indent: string): string => `${indent}-----BEGIN PRIVATE KEY-----\n${indent}MIIBVQ==\n${indent}-----END PRIVATE KEY-----\n`;
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\n# pasted by mistake:\n${block('# ')}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: web-tls\nstringData:\n  tls.key: |\n${block('    ')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: last\n`;
  const engine = await editedEngine({ [path]: text });
  const keys = (): Finding[] => engine.analyze(path).filter((f) => f.ruleId === 'secret/inline-private-key');
  assert.equal(keys().length, 2);
  assert.deepEqual(engine.analyze(path).map(shown), wholeFileFindings(engine, path));
  engine.setFile(path, `# edited\n${text}`);
  assert.equal(keys().length, 2);
  assert.deepEqual(engine.analyze(path).map(shown), wholeFileFindings(engine, path));
});

test('a rule that throws is reported once per file, not once per document', async () => {
  const { Engine } = await import('../../server/src/core/engine.js');
  const failing = { meta: { id: 'test/failing', severity: 'warning' as const, description: 'throws', appliesTo: ['kubernetes-yaml' as const], fixable: false, sources: ['test'] }, check: (): void => { throw new Error('boom'); } };
  const engine = new Engine({ knowledge: defaultKnowledge(), now: TEST_NOW, rules: [failing] });
  engine.setFile('three.yaml', 'a: 1\n---\nb: 2\n---\nc: 3\n');
  const findings = engine.analyze('three.yaml');
  assert.deepEqual(findings.map((f) => [f.ruleId, f.message]), [['internal-error', 'Rule test/failing failed on this file (boom); the other rules still ran.']]);
});

test('a kept finding whose fix edits another document follows that document, and is worked out again when an edit touches it', async () => {
  const path = 'step-issuer.yaml';
  const original = readFileSync(join(fixturesDir, 'rules', 'step-issuer', 'version-mismatch', 'bad-same-file', 'step-issuer.yaml'), 'utf8');
  const engine = await editedEngine({ [path]: original });
  const upgrade = (): Shown[] => engine.analyze(path).map(shown).filter((f) => f.ruleId === 'step-issuer/version-mismatch' && /Upgrade/.test(f.fixes));
  const upgrades = upgrade().length;
  assert.ok(upgrades > 0, 'the StepIssuer document gets fixes that edit the Deployment document\'s image');
  const steps: [string, string][] = [
    ['a line above the image (the fix edit moves, the StepIssuer document is kept)', original.replace('  replicas: 1\n', '  replicas: 1\n  revisionHistoryLimit: 2\n')],
    ['a line between the image and the StepIssuer', original.replace('            - --enable-leader-election\n', '            - --enable-leader-election\n            - --zap-devel\n')],
    ['the image itself edited to another old version', original.replace('step-issuer:0.10.2', 'step-issuer:0.10.1')],
    ['a digest typed right after the tag (the fix then keeps it: no upgrade offered here)', original.replace('step-issuer:0.10.2', 'step-issuer:0.10.2@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef')],
    ['back to the original', original],
  ];
  for (const [step, text] of steps) {
    engine.setFile(path, text);
    assert.deepEqual(engine.analyze(path).map(shown), wholeFileFindings(engine, path), step);
    if (!text.includes('@sha256')) assert.equal(upgrade().length, upgrades, step);
  }
});

test('after an edit the rules run again on the edited document only, once the file is being edited', async () => {
  const { Engine } = await import('../../server/src/core/engine.js');
  const checked: string[] = [];
  const counting = countingRule(checked);
  const engine = new Engine({ knowledge: defaultKnowledge(), now: TEST_NOW, rules: [counting] });
  const doc = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
  const text = [doc('a'), doc('b'), doc('c')].join('---\n');
  engine.setFile('three.yaml', text);
  engine.analyze('three.yaml');
  assert.deepEqual(checked.splice(0), ['a', 'b', 'c'], 'a file set once: every document');
  engine.setFile('three.yaml', text.replace('name: a', 'name: a\n  namespace: x'));
  engine.analyze('three.yaml');
  assert.deepEqual(checked.splice(0), ['a', 'b', 'c'], 'the first edit: nothing kept yet');
  engine.setFile('three.yaml', text.replace('name: b', 'name: b2').replace('name: a', 'name: a\n  namespace: x'));
  engine.analyze('three.yaml');
  assert.deepEqual(checked.splice(0), ['b2'], 'then only the edited document');
});

test('a released file is analysed again document by document: only the documents whose answers changed are parsed and run again', async () => {
  const { Engine } = await import('../../server/src/core/engine.js');
  const { allRules } = await import('../../server/src/core/rules/index.js');
  const { emptyFacts } = await import('../../server/src/core/workspace/facts.js');
  const checked: string[] = [];
  const counting = countingRule(checked);
  const rules = [...allRules, counting];
  const configMap = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  key: value\n`;
  const apps = [configMap('before'), CERTIFICATE, configMap('after')].join('---\n');
  // The Certificate's issuer is in a file another thread of the CLI reads: unknown at first.
  const share = new Engine({ knowledge: defaultKnowledge(), now: TEST_NOW, rules, reanalyseByDocument: true });
  share.setExternalFacts([['apps.yaml', emptyFacts()], ['issuers.yaml', emptyFacts()]]);
  share.setFile('apps.yaml', apps);
  const issuedBy = (findings: Finding[]): Finding[] => findings.filter((f) => f.ruleId === 'cert-manager/certificate-classical-issuer');
  assert.equal(issuedBy(share.analyze('apps.yaml')).length, 0, 'no issuer known yet');
  share.releaseTree('apps.yaml');
  checked.length = 0;

  const other = await engineFor({ 'issuers.yaml': ISSUERS });
  assert.deepEqual(share.setExternalFacts([['issuers.yaml', other.index.factsOf('issuers.yaml')!]]), ['apps.yaml']);
  const again = share.analyzeOnce('apps.yaml', Buffer.from(apps));
  assert.deepEqual(checked.splice(0), ['web'], 'only the Certificate, whose issuer lookup now answers differently');
  const reference = new Engine({ knowledge: defaultKnowledge(), now: TEST_NOW, rules });
  reference.setFile('issuers.yaml', ISSUERS);
  reference.setFile('apps.yaml', apps);
  const expected = reference.analyze('apps.yaml').map(shown);
  assert.equal(issuedBy(again.findings).length, 1);
  assert.deepEqual(again.findings.map(shown), expected, 'what one engine holding both files gives');
});

test('a released file whose text changed is analysed whole again, not document by document', async () => {
  const { Engine } = await import('../../server/src/core/engine.js');
  const { allRules } = await import('../../server/src/core/rules/index.js');
  const { emptyFacts } = await import('../../server/src/core/workspace/facts.js');
  const checked: string[] = [];
  const rules = [...allRules, countingRule(checked)];
  const apps = `${CERTIFICATE}---\n${ISSUERS}`;
  // The file changed on disk between the passes: a line typed above every document, an edit of
  // the same length that moves only the first `---` line, and one inside the last document that
  // moves nothing.
  const changes = [
    `# added\n${apps}`,
    apps.replace('name: web', 'name: webb').replace('platform-ca-key', 'platform-ca-ke'),
    apps.replace('key: password', 'key: passw0rd'),
  ];
  for (const changed of changes) {
    const share = new Engine({ knowledge: defaultKnowledge(), now: TEST_NOW, rules, reanalyseByDocument: true });
    share.setExternalFacts([['apps.yaml', emptyFacts()], ['more.yaml', emptyFacts()]]);
    share.setFile('apps.yaml', apps);
    share.analyze('apps.yaml');
    share.releaseTree('apps.yaml');
    share.setExternalFacts([['more.yaml', emptyFacts()]]);
    checked.length = 0;
    const again = share.analyzeOnce('apps.yaml', changed);
    assert.equal(checked.length, 3, 'every document, parsed from the new text');
    const reference = new Engine({ knowledge: defaultKnowledge(), now: TEST_NOW, rules });
    reference.setFile('apps.yaml', changed);
    const expected = reference.analyze('apps.yaml').map(shown);
    assert.ok(expected.some((f) => f.ruleId === 'cert-manager/certificate-classical-issuer'));
    assert.deepEqual(again.findings.map(shown), expected, 'the findings of the new text');
  }
});
