// Counts and the readiness score of an inventory: the share of assets that are post-quantum or
// hybrid, overall and per migration phase, and the next phase to work on (the lowest phase that
// still has classical, pre-standard or unknown assets).
import type { HndlRisk, RoleId } from '../knowledge.js';
import { HNDL_RISKS, INVENTORY_CLASSES, isReady, type InventoryAsset, type InventoryClass, type InventoryKind, type InventorySummary, type PhaseSummary } from './model.js';

const KINDS: readonly InventoryKind[] = ['certificate', 'public-key', 'issuer', 'key-exchange', 'certificate-request'];

function zeroClasses(): Record<InventoryClass, number> {
  return Object.fromEntries(INVENTORY_CLASSES.map((c) => [c, 0])) as Record<InventoryClass, number>;
}

function zeroRisks(): Record<HndlRisk, number> {
  return Object.fromEntries(HNDL_RISKS.map((r) => [r, 0])) as Record<HndlRisk, number>;
}

export function summarize(assets: readonly InventoryAsset[], options: { now: Date; expiringDays: number }): InventorySummary {
  const byClass = zeroClasses();
  const byRisk = zeroRisks();
  const byKind = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<InventoryKind, number>;
  const byRole: Partial<Record<RoleId, number>> = {};
  const phases = new Map<number, PhaseSummary & { roles: Set<RoleId> }>();
  const now = options.now.getTime();
  const soon = now + options.expiringDays * 86_400_000;
  let ready = 0;
  let expired = 0;
  let expiring = 0;
  for (const asset of assets) {
    byClass[asset.pqcClass]++;
    byRisk[asset.hndlRisk]++;
    byKind[asset.kind]++;
    byRole[asset.role] = (byRole[asset.role] ?? 0) + 1;
    const ok = isReady(asset.pqcClass);
    if (ok) ready++;
    let phase = phases.get(asset.phase);
    if (!phase) {
      phase = { phase: asset.phase, total: 0, ready: 0, readiness: 0, byClass: zeroClasses(), byRisk: zeroRisks(), roles: new Set() };
      phases.set(asset.phase, phase);
    }
    phase.total++;
    phase.byClass[asset.pqcClass]++;
    phase.byRisk[asset.hndlRisk]++;
    if (ok) phase.ready++;
    else phase.roles.add(asset.role);
    if (asset.notAfter) {
      const end = Date.parse(asset.notAfter);
      if (end < now) expired++;
      else if (end <= soon) expiring++;
    }
  }
  const sorted = [...phases.values()].sort((a, b) => a.phase - b.phase);
  for (const phase of sorted) phase.readiness = phase.total > 0 ? phase.ready / phase.total : 0;
  const next = sorted.find((p) => p.ready < p.total);
  return {
    total: assets.length,
    ready,
    readiness: assets.length > 0 ? ready / assets.length : 0,
    byClass,
    byRisk,
    byKind,
    byRole,
    phases: sorted.map(({ roles: _roles, ...rest }) => rest),
    nextPhase: next ? { phase: next.phase, notReady: next.total - next.ready, roles: [...next.roles].sort() } : null,
    expired,
    expiring,
  };
}
