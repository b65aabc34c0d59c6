// textDocument/hover: certificates (inline PEM/base64, or a path that resolves to a workspace
// certificate file), private keys (location and label only, never key material) and rule-relevant
// keys with their allowed values. Untrusted text is escaped and the Markdown is never marked
// trusted, except for our own command link (the client enables only that command).
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { Engine } from '../core/engine.js';
import type { Knowledge } from '../core/knowledge.js';
import type { ParsedFile } from '../core/parse.js';
import { renderMarkdown, summarizeCertificate } from '../core/x509/summary.js';
import { verifyCertificate } from '../core/x509/verify.js';
import { locatePrivateKeys } from '../core/x509/locate.js';
import { certificatePool } from './certificates.js';
import { escapeMarkdown, settingKeyAt, settingMarkdown } from './settingKeys.js';

const PATH_VALUE = /["']?((?:\.{0,2}\/)?[\w.\-/]+\.(?:crt|pem|cer|der))["']?/g;

/**
 * `uriOf` turns an engine path into the document URI the preview command expects (the server's
 * own mapping); without it the "Open in preview" link is left out.
 */
export function hover(params: HoverParams, file: ParsedFile, engine: Engine, knowledge: Knowledge, uriOf?: (path: string) => string, now = new Date()): Hover | null {
  const offset = file.lines.offset(params.position);
  const inline = engine.index.factsOf(file.path)?.certificates.find((c) => c.occurrence.span.start <= offset && offset <= c.occurrence.span.end);
  if (inline) return certificateHover(engine, file.path, inline.occurrence.cert, inline.occurrence.error, params.position.line, uriOf, now);

  const key = locatePrivateKeys(file).find((k) => k.span.start <= offset && offset <= k.span.end);
  if (key) return privateKeyHover(key.label, key.keyPath);

  const lineText = file.text.slice(file.lines.lineStart(params.position.line), file.lines.lineStart(params.position.line + 1));
  for (const match of lineText.matchAll(PATH_VALUE)) {
    const start = match.index ?? 0;
    if (params.position.character < start || params.position.character > start + match[0].length) continue;
    const target = engine.index.resolvePath(match[1], file.path);
    const occurrence = target ? engine.index.factsOf(target)?.certificates[0]?.occurrence : undefined;
    if (target && occurrence) return certificateHover(engine, target, occurrence.cert, occurrence.error, undefined, uriOf, now);
  }

  const setting = settingKeyAt(file.kind, file.text, params.position.line, knowledge);
  if (setting) return { contents: { kind: MarkupKind.Markdown, value: settingMarkdown(setting) } };
  return null;
}

function certificateHover(engine: Engine, path: string, cert: Parameters<typeof summarizeCertificate>[0] | undefined, error: string | undefined, line: number | undefined, uriOf: ((path: string) => string) | undefined, now: Date): Hover {
  if (!cert) return { contents: { kind: MarkupKind.PlainText, value: `Not a usable certificate: ${error ?? 'unknown reason'}` } };
  const pool = certificatePool(engine);
  const summary = summarizeCertificate(cert, { now, pool, verification: verifyCertificate(cert, pool) });
  const markdown = renderMarkdown(summary);
  if (!uriOf || !engine.file(path)) return { contents: { kind: MarkupKind.Markdown, value: markdown } };
  const args = encodeURIComponent(JSON.stringify(line === undefined ? [uriOf(path)] : [uriOf(path), line]));
  return { contents: { kind: MarkupKind.Markdown, value: `${markdown}\n\n[Open in preview](command:pqcLens.previewCertificate?${args})` } };
}

/** Says what the key is and why it matters; the key bytes are never read (span and label only). */
function privateKeyHover(label: string, keyPath: string | undefined): Hover {
  const where = keyPath ? ` at \`${keyPath.replace(/`/g, '')}\`` : '';
  return {
    contents: {
      kind: MarkupKind.Markdown,
      value: [
        `**Private key**${where}`,
        '',
        escapeMarkdown(`${label}. PQC Lens does not decode or show key material.`),
        '',
        escapeMarkdown('Anyone who can read this file or its history has the key: generate keys where they are used (cert-manager, step-ca, an HSM or KMS) or reference them from a secret store, and rotate a key that was ever committed. Rule: secret/inline-private-key.'),
      ].join('\n'),
    },
  };
}
