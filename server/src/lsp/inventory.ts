// `pqcLens/inventory`: the workspace inventory for the Explorer tree, the dashboard and the status
// bar (format "view"), or an export as text (json, csv, cbom) for the dashboard's export buttons.
import { randomUUID } from 'node:crypto';
import type { Engine } from '../core/engine.js';
import type { Knowledge } from '../core/knowledge.js';
import { buildInventory } from '../core/inventory/build.js';
import { toCbom } from '../core/inventory/cbom.js';
import { jsonAsset, toInventoryCsv, toInventoryJson } from '../core/inventory/export.js';
import { packageVersion } from '../node/workspace.js';
import type { InventoryExport, InventoryParams, InventoryView } from './inventory-protocol.js';

export { INVENTORY_REQUEST } from './inventory-protocol.js';

/**
 * `uriOf` maps an engine key (workspace-relative path) to its file: URI. Returns an InventoryView
 * (format "view") or an InventoryExport; typed `object` for the LSP handler's generic result type.
 */
export function inventoryResponse(engine: Engine, knowledge: Knowledge, uriOf: (key: string) => string, params: InventoryParams = {}, now = new Date()): object {
  return inventoryResult(engine, knowledge, uriOf, params, now);
}

export function inventoryResult(engine: Engine, knowledge: Knowledge, uriOf: (key: string) => string, params: InventoryParams = {}, now = new Date()): InventoryView | InventoryExport {
  const inventory = buildInventory(engine, knowledge, { now, expiringDays: params.expiringDays });
  switch (params.format) {
    case 'json':
      return { format: 'json', text: `${JSON.stringify(toInventoryJson(inventory), null, 2)}\n` };
    case 'csv':
      return { format: 'csv', text: toInventoryCsv(inventory.assets.map((a) => jsonAsset(a))) };
    case 'cbom': {
      const name = decodeURIComponent(uriOf('').replace(/\/+$/, '').split('/').pop() ?? 'workspace');
      return { format: 'cbom', text: `${JSON.stringify(toCbom(inventory, { serialNumber: randomUUID(), toolVersion: packageVersion(), name }), null, 2)}\n` };
    }
    default:
      return {
        assets: inventory.assets.map((a) => ({ ...jsonAsset(a), uri: uriOf(a.file), range: a.range })),
        summary: inventory.summary,
        generatedAt: inventory.generatedAt,
        knowledgeVersion: inventory.knowledgeVersion,
      };
  }
}
