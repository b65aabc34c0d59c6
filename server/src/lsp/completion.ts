// textDocument/completion: allowed values (with PQC status) for rule-relevant keys.
import { CompletionItemKind, MarkupKind, type CompletionItem, type CompletionParams } from 'vscode-languageserver';
import type { ParsedFile } from '../core/parse.js';
import type { Knowledge } from '../core/knowledge.js';
import { settingKeyAt } from './settingKeys.js';

export function completion(params: CompletionParams, file: ParsedFile, knowledge: Knowledge): CompletionItem[] {
  const setting = settingKeyAt(file.kind, file.text, params.position.line, knowledge);
  if (!setting) return [];
  return setting.values.map((v, i) => ({
    label: v.value,
    kind: CompletionItemKind.EnumMember,
    detail: v.pq ? 'post-quantum' : 'classical',
    documentation: { kind: MarkupKind.PlainText, value: v.detail },
    // Post-quantum values first.
    sortText: `${v.pq ? 0 : 1}${String(i).padStart(3, '0')}`,
  }));
}
