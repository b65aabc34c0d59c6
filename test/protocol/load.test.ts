// The language server under a burst of edits: 10,000 incremental didChange notifications on a
// 5,000-line manifest, sent without waiting. The final diagnostics must be those of a fresh
// analysis of the final text, a request sent right behind the burst must see the latest text,
// and nothing may be logged as an unhandled rejection. (Memory after the burst is checked in the
// slow suite, test/slow/server-memory.test.ts: V8 needs half a minute to give it back.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DidChangeTextDocumentNotification, HoverRequest, type Diagnostic, type TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from './lsp-client.js';
import { largeManifest } from './workloads.js';

let workspace: string;
let client: LspClient;

before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'pqc-lens-load-'));
  client = new LspClient(workspace);
  await client.initialize();
  await client.scanComplete;
});

after(async () => {
  await client.stop();
  rmSync(workspace, { recursive: true, force: true });
});

function comparable(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity} ${String(d.code)} ${d.message}`).sort();
}

test('10,000 rapid didChange events: final diagnostics equal a fresh analysis; a request behind the burst sees the latest text', async () => {
  const text = largeManifest();
  assert.ok(text.split('\n').length > 4500, `${text.split('\n').length} lines`);
  await client.open('big.yaml', text, 'yaml', 1);
  const initial = await client.diagnosticsFor('big.yaml', (p) => p.version === 1, 60_000);
  assert.ok(initial.diagnostics.length > 100, `${initial.diagnostics.length} diagnostics on the original text`);

  // Typing and deleting characters all over the file, then one last edit that shifts every line.
  const uri = client.uri('big.yaml');
  let doc = TextDocument.create(uri, 'yaml', 1, text);
  const changes = 10_000;
  const started = Date.now();
  for (let version = 2; version <= changes + 1; version++) {
    let change: TextDocumentContentChangeEvent;
    if (version === changes + 1) {
      change = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# final edit\n' };
    } else {
      const line = (Math.floor(version / 2) * 7919) % (doc.lineCount - 1);
      change = version % 2 === 0
        ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '#' }
        : { range: { start: { line, character: 0 }, end: { line, character: 1 } }, text: '' };
    }
    doc = TextDocument.update(doc, [change], version);
    void client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
  }
  const finalText = doc.getText();
  assert.ok(finalText.startsWith('# final edit\n') && finalText.length >= text.length, 'the last edit shifted every line');

  // Sent right behind the burst: the server must answer from the latest text, not an older one.
  const algorithmLine = finalText.split('\n').findIndex((l) => l.trim() === 'algorithm: RSA');
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: algorithmLine, character: 6 } });
  assert.match((hover?.contents as { value?: string } | undefined)?.value ?? '', /`ECDSA`/, 'hover on privateKey.algorithm of the latest text');

  const final = await client.diagnosticsFor('big.yaml', (p) => p.version === changes + 1, 120_000);
  const elapsed = Date.now() - started;

  const fresh = new LspClient(workspace);
  try {
    await fresh.initialize();
    await fresh.scanComplete;
    await fresh.open('big.yaml', finalText, 'yaml', 1);
    const reference = await fresh.diagnosticsFor('big.yaml', (p) => p.version === 1, 60_000);
    assert.deepEqual(comparable(final.diagnostics), comparable(reference.diagnostics));
  } finally {
    await fresh.stop();
  }
  assert.ok(elapsed < 120_000, `burst settled in ${elapsed} ms`);
  console.log(`# 10,000 changes of a ${Math.round(text.length / 1024)} KB manifest settled in ${elapsed} ms`);
});

test('the server logged no unhandled rejection and wrote no stack trace', () => {
  assert.deepEqual(client.logs.filter((l) => /unhandled/i.test(l)), []);
  assert.doesNotMatch(client.stderr.join(''), /\n\s+at /);
});
