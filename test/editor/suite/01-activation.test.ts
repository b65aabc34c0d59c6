// Activation: the extension activates in the host, starts the server over IPC, and reports how
// long activation took (load + activate(); the server starts in the background).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, EXTENSION_ID, measure } from './util.js';

describe('activation', () => {
  it('activates, starts the language server and reports its activation time', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, 'extension found');
    const exports = await api();
    assert.ok(extension.isActive);
    assert.ok(exports.client?.isRunning(), 'the language client is running');
    assert.ok(Number.isFinite(exports.activationMs) && exports.activationMs > 0, `activationMs = ${exports.activationMs}`);
    measure('activationMs', exports.activationMs);
    if (exports.loadMs !== undefined) measure('bundleLoadMs', exports.loadMs);
    const ready = exports.serverReadyMs();
    assert.ok(ready !== undefined && ready >= exports.activationMs - (exports.loadMs ?? 0), `server ready after ${ready} ms`);
    measure('serverReadyMs', ready);
    console.log(`[pqc-lens] activation ${exports.activationMs.toFixed(1)} ms (bundle load ${exports.loadMs?.toFixed(1)} ms); server ready after ${ready.toFixed(1)} ms`);
  });

  it('contributes its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['pqcLens.previewCertificate', 'pqcLens.fixAll', 'pqcLens.showRuleDocs', 'pqcLens.restartServer', 'pqcLens.showOutput']) {
      assert.ok(commands.includes(id), `${id} registered`);
    }
  });
});
