// The `pqcLens/inventory` request shared by the server and the extension's inventory views. Types
// only plus the method name, so the client bundle does not pull in the analysis core.
import type { InventoryJsonAsset } from '../core/inventory/export.js';
import type { InventorySummary } from '../core/inventory/model.js';
import type { Range } from '../core/types.js';

export const INVENTORY_REQUEST = 'pqcLens/inventory';

export interface InventoryParams {
  /** view (default): data for the tree and dashboard; json, csv, cbom: an export as text. */
  format?: 'view' | 'json' | 'csv' | 'cbom';
  /** Days before notAfter a certificate counts as expiring (the pqcLens.expiringDays setting). */
  expiringDays?: number;
}

export interface InventoryViewAsset extends InventoryJsonAsset {
  /** file: URI of the asset's file, and its 0-based range, for "open location". */
  uri: string;
  range: Range;
}

export interface InventoryView {
  assets: InventoryViewAsset[];
  summary: InventorySummary;
  generatedAt: string;
  knowledgeVersion: string;
}

export interface InventoryExport {
  format: 'json' | 'csv' | 'cbom';
  text: string;
}
