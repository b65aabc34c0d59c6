// The inventory views in a real editor: the commands and the Explorer view are contributed, the
// refresh command returns the server's inventory of the workspace (examples/), and the dashboard
// command opens its webview.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InventoryView } from '../../../server/src/lsp/inventory-protocol.js';
import { allTabs, api, waitFor } from './util.js';

function dashboardTab(): vscode.Tab | undefined {
  return allTabs().find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('pqcLens.inventoryDashboard'));
}

describe('inventory views', () => {
  before(async () => { await api(); });

  it('contributes the inventory commands and the PQC Inventory view', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['pqcLens.showInventoryDashboard', 'pqcLens.refreshInventory', 'pqcLens.exportCbom', 'pqcLens.exportInventoryCsv']) assert.ok(commands.includes(id), id);
    // VS Code generates "<view id>.focus" for every contributed view.
    await vscode.commands.executeCommand('pqcLens.inventory.focus');
  });

  it('refresh returns the workspace inventory with roles, risk and phases', async () => {
    const view = await waitFor(async () => {
      const v = await vscode.commands.executeCommand<InventoryView | undefined>('pqcLens.refreshInventory');
      return v && v.assets.some((a) => a.file === 'pki/hybrid-ca.crt') && v.assets.length >= 20 ? v : undefined;
    }, () => 'an inventory of examples/ after the background scan');
    const hybrid = view.assets.find((a) => a.file === 'pki/hybrid-ca.crt')!;
    assert.deepEqual([hybrid.role, hybrid.hndlRisk, hybrid.phase, hybrid.pqcClass], ['cluster-ca', 'critical', 3, 'hybrid']);
    assert.ok(hybrid.uri.endsWith('/pki/hybrid-ca.crt'));
    assert.ok(view.summary.readiness > 0 && view.summary.readiness < 1);
    assert.equal(view.summary.nextPhase?.phase, 2);
  });

  it('the dashboard command opens one PQC Inventory webview', async () => {
    await vscode.commands.executeCommand('pqcLens.showInventoryDashboard');
    const tab = await waitFor(dashboardTab, () => `a dashboard tab; tabs: ${allTabs().map((t) => t.label).join(', ')}`);
    assert.equal(tab.label, 'PQC Inventory');
    await vscode.commands.executeCommand('pqcLens.showInventoryDashboard');
    assert.equal(allTabs().filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('pqcLens.inventoryDashboard')).length, 1, 'one panel, reused');
    await vscode.window.tabGroups.close(tab);
  });
});
