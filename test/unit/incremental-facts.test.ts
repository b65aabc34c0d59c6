// What an edited file keeps from its previous version (the YAML documents whose text did not
// change, and with them their certificates, private keys, issuers, Secrets and versions) must
// never show: after every edit, the engine's facts (spans included) and findings equal those of a
// fresh engine given the same text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../server/src/core/engine.js';
import { fixturesDir, repoRoot } from '../helpers.js';
import { defaultKnowledge, TEST_NOW } from '../harness.js';

const PATH = 'platform.yaml';

/** A manifest of many documents: Secrets with base64 and PEM certificates and private keys, issuers, images. */
function manifest(): string {
  const folders = [join(fixturesDir, 'inventory', 'kubeadm-cluster', 'manifests'), join(fixturesDir, 'rules', 'ingress', 'classical-only-tls')];
  const texts: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.name.endsWith('.yaml')) texts.push(readFileSync(join(dir, entry.name), 'utf8').replace(/^---\n/, ''));
    }
  };
  for (const folder of folders) walk(folder);
  texts.push(readFileSync(join(fixturesDir, 'certs', 'secret-tls.yaml'), 'utf8').replace(/^---\n/, ''));
  for (const rel of ['cert-manager/install.yaml', 'cert-manager/issuers.yaml', 'step/step-issuer.yaml']) texts.push(readFileSync(join(repoRoot, 'examples', rel), 'utf8').replace(/^---\n/, ''));
  return texts.join('\n---\n');
}

function lcg(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

/** Edits that move, change, break and repair documents: typing, deleting lines, pasting and dropping documents, base64 damage. */
function edit(text: string, next: (n: number) => number): string {
  const lines = text.split('\n');
  const line = next(lines.length);
  switch (next(6)) {
    case 0:
      lines.splice(line, 0, '# a comment typed here');
      return lines.join('\n');
    case 1:
      lines.splice(line, 1);
      return lines.join('\n');
    case 2: {
      const documents = text.split('\n---\n');
      const copy = documents[next(documents.length)];
      documents.splice(next(documents.length + 1), 0, copy);
      return documents.join('\n---\n');
    }
    case 3: {
      const documents = text.split('\n---\n');
      if (documents.length > 2) documents.splice(next(documents.length), 1);
      return documents.join('\n---\n');
    }
    case 4: {
      // One character of a long (base64 or PEM) line changed.
      const long = lines.map((l, i) => (l.length > 60 ? i : -1)).filter((i) => i >= 0);
      if (long.length === 0) return text;
      const at = long[next(long.length)];
      const column = 20 + next(lines[at].length - 20);
      lines[at] = lines[at].slice(0, column) + '*' + lines[at].slice(column + 1);
      return lines.join('\n');
    }
    default:
      lines[line] = `${lines[line]}x`;
      return lines.join('\n');
  }
}

function factsJson(engine: Engine): string {
  return JSON.stringify(engine.index.factsOf(PATH), (_, v: unknown) => (v instanceof Uint8Array ? `${v.length} bytes` : v));
}

function findingsJson(engine: Engine): string {
  return JSON.stringify(engine.analyze(PATH).map((f) => ({ ...f, fixes: f.fixes.map((x) => ({ title: x.title, edits: x.edits })) })));
}

test('after every edit, an edited file has exactly the facts and findings of a fresh engine', () => {
  const base = manifest();
  const make = (): Engine => new Engine({ knowledge: defaultKnowledge(), now: TEST_NOW });
  const engine = make();
  let text = base;
  engine.setFile(PATH, text);
  const first = engine.index.factsOf(PATH)!;
  assert.ok(first.certificates.length >= 4 && first.issuers.length >= 2 && first.secrets.length >= 3 && first.versions.length >= 1 && first.tls.length >= 3, 'the manifest exercises every kept fact');
  const next = lcg(11);
  let withErrors = 0;
  for (let i = 0; i < 150; i++) {
    text = next(30) === 0 ? base : edit(text, next);
    engine.setFile(PATH, text);
    const fresh = make();
    fresh.setFile(PATH, text);
    assert.equal(factsJson(engine), factsJson(fresh), `facts after edit ${i}`);
    assert.equal(findingsJson(engine), findingsJson(fresh), `findings after edit ${i}`);
    if (engine.index.factsOf(PATH)!.certificates.some((c) => c.occurrence.error)) withErrors++;
  }
  assert.ok(withErrors > 0, 'some edits damaged a certificate');
});
