// Shared helpers for the in-editor suites (bundled into each suite file; shared state lives on globalThis).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PqcLensApi } from '../../../client/src/extension.js';

export const EXTENSION_ID = 'pqc-lens.pqc-lens';

const store = globalThis as typeof globalThis & { __pqcLensMeasurements?: Record<string, number> };

/** Records a number for the report (activation time, latencies); never asserted against a budget. */
export function measure(name: string, value: number): void {
  (store.__pqcLensMeasurements ??= {})[name] = Math.round(value * 10) / 10;
}

export function measurements(): Record<string, number> {
  return { ...(store.__pqcLensMeasurements ?? {}) };
}

export async function api(): Promise<PqcLensApi> {
  const extension = vscode.extensions.getExtension<PqcLensApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is installed in the test host`);
  const exports = extension.isActive ? extension.exports : await extension.activate();
  await exports.ready;
  return exports;
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run with a copy of examples/ open as the workspace folder');
  return folder.uri;
}

export function fileUri(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...rel.split('/'));
}

export async function open(rel: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fileUri(rel));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** The rule id of a diagnostic (VS Code turns code + codeDescription into { value, target }). */
export function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : code === undefined ? undefined : String(code);
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'pqc-lens');
}

/** Polls until `predicate` holds for the file's PQC Lens diagnostics; returns them. */
export async function waitForDiagnostics(uri: vscode.Uri, predicate: (d: vscode.Diagnostic[]) => boolean, what: string, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  return waitFor(() => {
    const diagnostics = ours(uri);
    return predicate(diagnostics) ? diagnostics : undefined;
  }, () => `${what} (${uri.path}); have: ${ours(uri).map((d) => `${ruleOf(d)}@${d.range.start.line}`).join(', ') || 'none'}`, timeoutMs);
}

export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, describe: () => string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${describe()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Discards unsaved edits in the editor showing `uri` and closes it. */
export async function revertAndClose(uri: vscode.Uri): Promise<void> {
  await vscode.window.showTextDocument(uri, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
}

export function allTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs);
}

export function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? []).flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}
