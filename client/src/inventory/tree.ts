// The "PQC Inventory" view in the Explorer: migration phase → role → asset, icons by PQC class,
// a click opens the asset's location.
import * as vscode from 'vscode';
import type { InventoryView, InventoryViewAsset } from '../../../server/src/lsp/inventory-protocol.js';
import type { InventoryModel } from './model.js';

type Node =
  | { type: 'phase'; phase: number; assets: InventoryViewAsset[]; ready: number }
  | { type: 'role'; phase: number; role: string; assets: InventoryViewAsset[] }
  | { type: 'asset'; asset: InventoryViewAsset };

const CLASS_ICON: Record<InventoryViewAsset['pqcClass'], [string, string]> = {
  classical: ['unlock', 'charts.red'],
  'legacy-pq': ['warning', 'charts.orange'],
  unknown: ['question', 'charts.foreground'],
  hybrid: ['shield', 'charts.blue'],
  pq: ['verified-filled', 'charts.green'],
};

const CLASS_WORD: Record<InventoryViewAsset['pqcClass'], string> = { classical: 'classical', 'legacy-pq': 'pre-standard PQ', unknown: 'unknown', hybrid: 'hybrid', pq: 'post-quantum' };
const RISK_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };
/** A role with more assets than this is split into pages so that the tree stays quick. */
const CHILD_LIMIT = 500;

export function iconFor(pqcClass: InventoryViewAsset['pqcClass']): vscode.ThemeIcon {
  const [icon, colour] = CLASS_ICON[pqcClass];
  return new vscode.ThemeIcon(icon, new vscode.ThemeColor(colour));
}

export function openAssetCommand(asset: InventoryViewAsset): vscode.Command {
  const range = new vscode.Range(asset.range.start.line, asset.range.start.character, asset.range.start.line, asset.range.start.character);
  return { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.parse(asset.uri), { selection: range, preview: true }] };
}

export class InventoryTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: InventoryModel) {
    this.subscription = model.onDidChange(() => this.emitter.fire(undefined));
  }

  getChildren(node?: Node): Node[] {
    const view: InventoryView | undefined = this.model.view;
    if (!view) return [];
    if (!node) {
      const phases = new Map<number, InventoryViewAsset[]>();
      for (const asset of view.assets) phases.set(asset.phase, [...(phases.get(asset.phase) ?? []), asset]);
      return [...phases].sort(([a], [b]) => a - b).map(([phase, assets]) => ({ type: 'phase', phase, assets, ready: assets.filter((a) => a.pqcClass === 'pq' || a.pqcClass === 'hybrid').length }));
    }
    if (node.type === 'phase') {
      const roles = new Map<string, InventoryViewAsset[]>();
      for (const asset of node.assets) roles.set(asset.role, [...(roles.get(asset.role) ?? []), asset]);
      const worst = (assets: InventoryViewAsset[]) => Math.min(...assets.map((a) => RISK_RANK[a.hndlRisk]));
      return [...roles].sort(([ra, a], [rb, b]) => worst(a) - worst(b) || ra.localeCompare(rb)).map(([role, assets]) => ({ type: 'role', phase: node.phase, role, assets }));
    }
    if (node.type === 'role') {
      return [...node.assets].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line).slice(0, CHILD_LIMIT).map((asset) => ({ type: 'asset', asset }));
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.type === 'phase') {
      const item = new vscode.TreeItem(`Phase ${node.phase}`, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${node.ready}/${node.assets.length} ready`;
      item.tooltip = `Migration phase ${node.phase} of the guide: ${node.ready} of ${node.assets.length} assets post-quantum or hybrid`;
      item.iconPath = new vscode.ThemeIcon('milestone');
      item.contextValue = 'pqcInventoryPhase';
      return item;
    }
    if (node.type === 'role') {
      const item = new vscode.TreeItem(node.role, vscode.TreeItemCollapsibleState.Collapsed);
      const risk = node.assets[0]?.hndlRisk ?? '';
      item.description = `${node.assets.length} · ${risk} HNDL risk${node.assets.length > CHILD_LIMIT ? ` (first ${CHILD_LIMIT} shown)` : ''}`;
      item.iconPath = new vscode.ThemeIcon('symbol-class');
      item.contextValue = 'pqcInventoryRole';
      return item;
    }
    const a = node.asset;
    const item = new vscode.TreeItem(a.name, vscode.TreeItemCollapsibleState.None);
    item.description = `${a.algorithm} · ${a.file}:${a.line}`;
    item.iconPath = iconFor(a.pqcClass);
    const tip = new vscode.MarkdownString(undefined, false);
    tip.appendText(`${a.name} (${a.kind})\n\n`);
    tip.appendText(`Class: ${CLASS_WORD[a.pqcClass]} · HNDL risk: ${a.hndlRisk} · Phase ${a.phase}\n\n`);
    tip.appendText(`Role ${a.role} (inferred): ${a.roleReason}\n\n`);
    if (a.classReason) tip.appendText(`Class: ${a.classReason}\n\n`);
    if (a.notAfter) tip.appendText(`Not after: ${a.notAfter}\n\n`);
    if (a.findings.length > 0) tip.appendText(`Findings: ${a.findings.map((f) => f.ruleId).join(', ')}`);
    item.tooltip = tip;
    item.command = openAssetCommand(a);
    item.contextValue = 'pqcInventoryAsset';
    item.accessibilityInformation = { label: `${a.name}, ${CLASS_WORD[a.pqcClass]}, ${a.hndlRisk} risk, phase ${a.phase}` };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
