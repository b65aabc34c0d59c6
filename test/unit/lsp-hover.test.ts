// server/src/lsp/hover.ts on an engine built from examples/: certificates link to the preview
// with a document URI (what the preview command and the server accept), private keys are
// described without their bytes, setting keys list their values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hover } from '../../server/src/lsp/hover.js';
import { defaultKnowledge, engineForDir, TEST_NOW } from '../harness.js';
import { repoRoot } from '../helpers.js';

const examples = join(repoRoot, 'examples');
const uriOf = (path: string) => pathToFileURL(join(examples, path)).toString();

async function hoverAt(path: string, line: number, character: number, withUris = true): Promise<string | undefined> {
  const engine = await engineForDir(examples);
  const file = engine.file(path);
  assert.ok(file, `${path} is in the engine`);
  const result = hover({ textDocument: { uri: uriOf(path) }, position: { line, character } }, file, engine, defaultKnowledge(), withUris ? uriOf : undefined, TEST_NOW);
  return result ? (result.contents as { value: string }).value : undefined;
}

test('hover on a PEM certificate links to the preview with the document URI and the line', async () => {
  const value = await hoverAt('step/certs/root_ca.crt', 2, 10);
  assert.ok(value);
  assert.match(value, /Example Platform Root CA/);
  const link = /\(command:pqcLens\.previewCertificate\?([^)]+)\)/.exec(value);
  assert.ok(link, value);
  assert.deepEqual(JSON.parse(decodeURIComponent(link[1])), [uriOf('step/certs/root_ca.crt'), 2]);
});

test('without a URI mapping there is no preview link (nothing the client could resolve)', async () => {
  const value = await hoverAt('step/certs/root_ca.crt', 2, 10, false);
  assert.ok(value);
  assert.doesNotMatch(value, /command:/);
});

test('hover on a certificate path in step-ca ca.json resolves the file and links to it without a line', async () => {
  const engine = await engineForDir(examples);
  const file = engine.file('step/ca.json')!;
  const line = file.text.split('\n').findIndex((l) => l.includes('"root"'));
  const character = file.text.split('\n')[line].indexOf('root_ca.crt');
  const result = hover({ textDocument: { uri: uriOf('step/ca.json') }, position: { line, character } }, file, engine, defaultKnowledge(), uriOf, TEST_NOW);
  const value = (result?.contents as { value: string } | undefined)?.value ?? '';
  assert.match(value, /Example Platform Root CA/, "the path /home/step/certs/root_ca.crt resolves to step/certs/root_ca.crt");
  const link = /\(command:pqcLens\.previewCertificate\?([^)]+)\)/.exec(value);
  assert.ok(link);
  assert.deepEqual(JSON.parse(decodeURIComponent(link[1])), [uriOf('step/certs/root_ca.crt')]);
});

test('hover on a private key in a Secret names it and never shows key material', async () => {
  const engine = await engineForDir(examples);
  const file = engine.file('istio/cacerts.yaml')!;
  const lines = file.text.split('\n');
  const line = lines.findIndex((l) => l.startsWith('  ca-key.pem:'));
  const value = await hoverAt('istio/cacerts.yaml', line, 30);
  assert.ok(value);
  assert.match(value, /^\*\*Private key\*\* at `data\.ca-key\.pem`/);
  assert.match(value, /secret\/inline\\?-private\\?-key/);
  const base64 = lines[line].split(': ')[1];
  for (let i = 0; i + 16 <= base64.length; i += 16) assert.ok(!value.includes(base64.slice(i, i + 16)), 'no 16-character run of the key');
});

test('hover elsewhere on a line without a certificate, key or known setting is empty', async () => {
  assert.equal(await hoverAt('kubeadm/cluster-configuration.yaml', 4, 2), undefined);
});
