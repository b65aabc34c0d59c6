// textDocument/codeLens: one lens above each inline certificate ("ML-DSA-65 · valid until … · Preview").
import type { CodeLens } from 'vscode-languageserver';
import type { Engine } from '../core/engine.js';

export function codeLenses(uri: string, path: string, engine: Engine): CodeLens[] {
  const file = engine.file(path);
  const facts = engine.index.factsOf(path);
  if (!file || !facts) return [];
  return facts.certificates.map(({ occurrence }) => {
    const start = file.lines.position(occurrence.span.start);
    const cert = occurrence.cert;
    const title = cert
      ? `${cert.publicKey.algorithm} · ${cert.pqcClass} · valid until ${cert.notAfter.slice(0, 10)} · Preview`
      : `Not a certificate: ${occurrence.error ?? 'unreadable'}`;
    return { range: { start, end: start }, command: { title, command: 'pqcLens.previewCertificate', arguments: [uri, start.line] } };
  });
}
