// textDocument/codeAction: each fix as a quickfix, fix-all (safe fixes only), disable-for-line
// and show-docs actions.
import { CodeAction, CodeActionKind, type CodeActionParams, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { docsUrl } from '../core/rule.js';
import { isDiagnosticData, type FixData } from './convert.js';

export const FIX_ALL_KIND = 'source.fixAll.pqcLens';
export const SHOW_DOCS_COMMAND = 'pqcLens.showRuleDocs';

/** Comment syntax for the suppression directive, by language. */
function commentPrefix(document: TextDocument): string {
  const json = document.languageId === 'json' || document.languageId === 'jsonc' || /\.json$/i.test(document.uri);
  return json ? '//' : '#';
}

export function codeActions(params: CodeActionParams, document: TextDocument, allDiagnostics: () => { data?: unknown }[]): CodeAction[] {
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== 'pqc-lens' || !isDiagnosticData(diagnostic.data)) continue;
    const data = diagnostic.data;
    // Stale: computed for another version, or (null) for the file on disk before it was opened.
    // The edits' ranges belong to that text, so they are refused rather than applied to this one.
    if (data.version !== document.version) continue;
    if (wants(CodeActionKind.QuickFix)) {
      data.fixes.forEach((fix, i) => {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: i === 0 && data.fixes.length === 1 && fix.safe,
          edit: { changes: { [document.uri]: fix.edits } },
        });
      });
      const line = diagnostic.range.start.line;
      const lineText = document.getText({ start: { line, character: 0 }, end: { line, character: Number.MAX_SAFE_INTEGER } });
      const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
      actions.push({
        title: `Disable ${data.ruleId} for this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [document.uri]: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}${commentPrefix(document)} pqc-lens-disable-next-line ${data.ruleId} -- reason\n` }] } },
      });
      actions.push({
        title: `Show documentation for ${data.ruleId}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: { title: `Show documentation for ${data.ruleId}`, command: SHOW_DOCS_COMMAND, arguments: [data.ruleId, docsUrl(data.ruleId)] },
      });
    }
  }
  if (wants(FIX_ALL_KIND) && (only?.includes(FIX_ALL_KIND) || only?.includes(CodeActionKind.Source) || !only)) {
    const edits = fixAllEdits(allDiagnostics(), document.version);
    if (edits.length > 0) actions.push({ title: 'Fix all safe PQC Lens problems', kind: FIX_ALL_KIND, edit: { changes: { [document.uri]: edits } } });
  }
  return actions;
}

/** The first safe fix of every current diagnostic, dropping edits that overlap earlier ones. */
export function fixAllEdits(diagnostics: { data?: unknown }[], version: number): TextEdit[] {
  const chosen: TextEdit[] = [];
  const overlaps = (a: TextEdit, b: TextEdit) => !(before(a.range.end, b.range.start) || before(b.range.end, a.range.start));
  for (const diagnostic of diagnostics) {
    if (!isDiagnosticData(diagnostic.data) || diagnostic.data.version !== version) continue;
    const fix: FixData | undefined = diagnostic.data.fixes.find((f) => f.safe);
    if (!fix || fix.edits.some((e) => chosen.some((c) => overlaps(c, e)))) continue;
    chosen.push(...fix.edits);
  }
  return chosen;
}

function before(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}
