// Renders the inventory dashboard: readiness, a bar per migration phase split by PQC class, an
// expiry timeline and a sortable, filterable, paged asset table, with export buttons. Pure: data in,
// HTML out (no `vscode` import), so a test can load it in a browser. Charts are inline SVG coloured
// with VS Code theme variables; the page loads nothing from anywhere (CSP default-src 'none') and
// its one script and style carry a per-render nonce. The table shows one page at a time, so 5,000
// assets cost the DOM 100 rows.
import type { InventoryView, InventoryViewAsset } from '../../../server/src/lsp/inventory-protocol.js';

export interface DashboardOptions {
  nonce: string;
  /** The webview's cspSource (unused by the page's own content; kept for images a host may add). */
  cspSource: string;
  now?: Date;
  /** Rows per table page. */
  pageSize?: number;
  /** CSS appended to the page's style (tests use it to stand in for VS Code's theme variables). */
  extraCss?: string;
}

type ClassKey = InventoryViewAsset['pqcClass'];

/** Display order in bars and legends: what needs work first. */
export const CLASS_ORDER: readonly ClassKey[] = ['classical', 'legacy-pq', 'unknown', 'hybrid', 'pq'];
export const CLASS_LABEL: Record<ClassKey, string> = { classical: 'Classical', 'legacy-pq': 'Pre-standard PQ', unknown: 'Unknown', hybrid: 'Hybrid', pq: 'Post-quantum' };
const CLASS_COLOUR: Record<ClassKey, string> = {
  classical: 'var(--vscode-charts-red)',
  'legacy-pq': 'var(--vscode-charts-orange)',
  unknown: 'var(--vscode-charts-foreground)',
  hybrid: 'var(--vscode-charts-blue)',
  pq: 'var(--vscode-charts-green)',
};
const RISKS = ['critical', 'high', 'medium', 'low'] as const;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside a <script> element (no "</script>", no HTML comment openers). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function percent(n: number): string {
  return `${Math.round(n * 100)}%`;
}

// ---------------------------------------------------------------------------------------------
// Phase bars

export function phaseBarsSvg(view: InventoryView): string {
  const phases = view.summary.phases;
  if (phases.length === 0) return '<p class="empty">No assets yet.</p>';
  const rowHeight = 34;
  const labelWidth = 74;
  const barWidth = 520;
  const height = phases.length * rowHeight + 4;
  const rows = phases.map((phase, i) => {
    const y = i * rowHeight + 4;
    let x = labelWidth;
    const segments = CLASS_ORDER.filter((c) => phase.byClass[c] > 0).map((c) => {
      const width = (phase.byClass[c] / phase.total) * barWidth;
      const rect = `<rect class="segment ${c}" data-class="${c}" x="${x.toFixed(1)}" y="${y}" width="${Math.max(width, 1).toFixed(1)}" height="20" fill="${CLASS_COLOUR[c]}"><title>Phase ${phase.phase}: ${phase.byClass[c]} ${CLASS_LABEL[c].toLowerCase()}</title></rect>`;
      x += width;
      return rect;
    }).join('');
    const next = view.summary.nextPhase?.phase === phase.phase;
    return `<g class="phase-bar" data-phase="${phase.phase}" role="listitem" aria-label="Phase ${phase.phase}: ${phase.ready} of ${phase.total} ready">
  <text class="bar-label" x="0" y="${y + 15}">Phase ${phase.phase}</text>${segments}
  <text class="bar-value" x="${labelWidth + barWidth + 10}" y="${y + 15}">${phase.ready}/${phase.total} ready · ${percent(phase.readiness)}${next ? ' · next' : ''}</text>
</g>`;
  }).join('\n');
  return `<svg class="phase-bars" role="list" aria-label="Assets per migration phase by PQC class" viewBox="0 0 ${labelWidth + barWidth + 190} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">${rows}</svg>`;
}

export function legendHtml(view: InventoryView): string {
  return `<ul class="legend">${CLASS_ORDER.filter((c) => view.summary.byClass[c] > 0 || c === 'classical' || c === 'hybrid' || c === 'pq')
    .map((c) => `<li><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill="${CLASS_COLOUR[c]}"/></svg> ${CLASS_LABEL[c]} <span class="count">${view.summary.byClass[c]}</span></li>`).join('')}</ul>`;
}

// ---------------------------------------------------------------------------------------------
// Expiry timeline: certificates by notAfter month and HNDL risk (bubbles grow with the count)

export function timelineSvg(view: InventoryView, now: Date): string {
  const dated = view.assets.filter((a) => a.notAfter && Number.isFinite(Date.parse(a.notAfter)));
  if (dated.length === 0) return '<p class="empty">No certificate with an expiry date.</p>';
  const times = dated.map((a) => Date.parse(a.notAfter!));
  const start = Math.min(now.getTime(), ...times);
  const end = Math.max(now.getTime() + 86_400_000 * 365, ...times);
  const startYear = new Date(start).getUTCFullYear();
  const endYear = new Date(end).getUTCFullYear() + 1;
  const from = Date.UTC(startYear, 0, 1);
  const to = Date.UTC(endYear, 0, 1);
  const left = 70;
  const width = 620;
  const rowHeight = 26;
  const top = 8;
  const xOf = (t: number): number => left + ((t - from) / (to - from)) * width;
  const buckets = new Map<string, { risk: string; month: number; count: number; worst: ClassKey; names: string[] }>();
  for (const asset of dated) {
    const d = new Date(asset.notAfter!);
    const month = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 15);
    const key = `${asset.hndlRisk}|${month}`;
    const bucket = buckets.get(key) ?? { risk: asset.hndlRisk, month, count: 0, worst: asset.pqcClass, names: [] };
    bucket.count++;
    if (CLASS_ORDER.indexOf(asset.pqcClass) < CLASS_ORDER.indexOf(bucket.worst)) bucket.worst = asset.pqcClass;
    if (bucket.names.length < 5) bucket.names.push(asset.name);
    buckets.set(key, bucket);
  }
  const rows = RISKS.map((risk, i) => `<text class="axis" x="0" y="${top + i * rowHeight + 14}">${risk}</text><line class="grid" x1="${left}" x2="${left + width}" y1="${top + i * rowHeight + 10}" y2="${top + i * rowHeight + 10}"/>`).join('');
  const years: string[] = [];
  const step = Math.max(1, Math.ceil((endYear - startYear) / 12));
  for (let y = startYear; y <= endYear; y += step) {
    const x = xOf(Date.UTC(y, 0, 1));
    years.push(`<line class="tick" x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${top}" y2="${top + RISKS.length * rowHeight}"/><text class="axis" x="${x.toFixed(1)}" y="${top + RISKS.length * rowHeight + 14}" text-anchor="middle">${y}</text>`);
  }
  const dots = [...buckets.values()].map((b) => {
    const cy = top + RISKS.indexOf(b.risk as (typeof RISKS)[number]) * rowHeight + 10;
    const r = Math.min(11, 3 + Math.sqrt(b.count) * 1.6);
    const when = new Date(b.month).toISOString().slice(0, 7);
    const label = `${b.count} ${b.risk} ${b.count === 1 ? 'certificate' : 'certificates'} expiring ${when}: ${b.names.join(', ')}${b.count > b.names.length ? ', …' : ''}`;
    return `<circle class="expiry ${b.worst}" cx="${xOf(b.month).toFixed(1)}" cy="${cy}" r="${r.toFixed(1)}" fill="${CLASS_COLOUR[b.worst]}"><title>${escapeHtml(label)}</title></circle>`;
  }).join('');
  const nowX = xOf(now.getTime());
  const nowLine = `<line class="now" x1="${nowX.toFixed(1)}" x2="${nowX.toFixed(1)}" y1="${top - 4}" y2="${top + RISKS.length * rowHeight}"/><text class="now-label" x="${(nowX + 4).toFixed(1)}" y="${top + 4}">today</text>`;
  const height = top + RISKS.length * rowHeight + 22;
  return `<svg class="timeline" role="img" aria-label="Certificate expiry by month and HNDL risk" viewBox="0 0 ${left + width + 20} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">${rows}${years.join('')}${nowLine}${dots}</svg>`;
}

// ---------------------------------------------------------------------------------------------
// The page

export function renderDashboard(view: InventoryView, options: DashboardOptions): string {
  const { nonce } = options;
  const now = options.now ?? new Date();
  const pageSize = options.pageSize ?? 100;
  const s = view.summary;
  const next = s.nextPhase
    ? `Next phase to work on: <strong>Phase ${s.nextPhase.phase}</strong> — ${s.nextPhase.notReady} ${s.nextPhase.notReady === 1 ? 'asset' : 'assets'} not yet post-quantum or hybrid (${escapeHtml(s.nextPhase.roles.join(', '))}).`
    : s.total > 0 ? 'Every asset is post-quantum or hybrid.' : 'No certificates, keys, issuers or key-exchange settings found yet.';
  const phases = s.phases.map((p) => `<option value="${p.phase}">Phase ${p.phase}</option>`).join('');
  const classes = CLASS_ORDER.map((c) => `<option value="${c}">${CLASS_LABEL[c]}</option>`).join('');
  const risks = RISKS.map((r) => `<option value="${r}">${r}</option>`).join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>PQC Inventory</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); margin: 0; padding: 0 20px 20px; }
h1 { font-size: 1.4em; font-weight: 600; margin: 16px 0 4px; }
h2 { font-size: 1.05em; font-weight: 600; margin: 18px 0 6px; }
.meta, .empty, .hint { color: var(--vscode-descriptionForeground); }
.headline { display: flex; flex-wrap: wrap; gap: 24px; align-items: baseline; }
.score { font-size: 2.2em; font-weight: 600; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 6px 0; }
.card { border: 1px solid var(--vscode-panel-border); border-radius: 4px; padding: 6px 10px; min-width: 90px; }
.card .n { font-size: 1.3em; font-weight: 600; display: block; }
.card .l { color: var(--vscode-descriptionForeground); font-size: .9em; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 14px; padding: 0; margin: 4px 0; }
.legend .count { color: var(--vscode-descriptionForeground); }
svg text { fill: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: 12px; }
svg .axis, svg .bar-value { fill: var(--vscode-descriptionForeground); }
svg .grid { stroke: var(--vscode-panel-border); stroke-dasharray: 2 3; }
svg .tick { stroke: var(--vscode-panel-border); }
svg .now { stroke: var(--vscode-charts-yellow); stroke-width: 2; }
svg .now-label { fill: var(--vscode-charts-yellow); }
svg circle.expiry { fill-opacity: .85; stroke: var(--vscode-editor-background); }
.phase-bars, .timeline { max-width: 900px; display: block; }
.toolbar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0; }
input, select { background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, var(--vscode-panel-border)); padding: 3px 6px; font: inherit; }
input:focus, select:focus, button:focus, tr:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: none; padding: 4px 10px; cursor: pointer; font: inherit; }
button:hover { background: var(--vscode-button-hoverBackground); }
button.secondary { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); }
button:disabled { opacity: .5; cursor: default; }
.spacer { flex: 1; }
table { border-collapse: collapse; width: 100%; font-size: .95em; }
th { text-align: left; font-weight: 600; border-bottom: 1px solid var(--vscode-panel-border); padding: 4px 6px; cursor: pointer; user-select: none; white-space: nowrap; }
th[aria-sort="ascending"]::after { content: " ▲"; } th[aria-sort="descending"]::after { content: " ▼"; }
td { padding: 3px 6px; border-bottom: 1px solid var(--vscode-editorWidget-background, transparent); vertical-align: top; }
tbody tr { cursor: pointer; }
tbody tr:hover { background: var(--vscode-list-hoverBackground); }
td.loc { font-family: var(--vscode-editor-font-family); font-size: .9em; overflow-wrap: anywhere; min-width: 200px; }
td.date, td.role, td.kind { white-space: nowrap; }
td.alg { max-width: 280px; }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: .85em; color: var(--vscode-editor-background); white-space: nowrap; }
.table-wrap { overflow-x: auto; }
.badge.classical { background: var(--vscode-charts-red); } .badge.legacy-pq { background: var(--vscode-charts-orange); }
.badge.unknown { background: var(--vscode-charts-foreground); } .badge.hybrid { background: var(--vscode-charts-blue); } .badge.pq { background: var(--vscode-charts-green); }
.risk.critical { color: var(--vscode-charts-red); font-weight: 600; } .risk.high { color: var(--vscode-charts-orange); }
.pager { display: flex; gap: 8px; align-items: center; margin-top: 8px; }
${options.extraCss ?? ''}
</style></head>
<body>
<h1>PQC Inventory</h1>
<p class="meta">Roles are inferred from file names and context (hover a row for the reason). HNDL risk and phases follow the migration guide's certificate landscape table; key-exchange settings belong to its Phase 2. Generated ${escapeHtml(view.generatedAt.slice(0, 16).replace('T', ' '))} UTC, knowledge ${escapeHtml(view.knowledgeVersion)}.</p>
<div class="headline">
  <div><span class="score" id="readiness">${percent(s.readiness)}</span> <span class="meta">readiness: ${s.ready} of ${s.total} assets post-quantum or hybrid</span></div>
</div>
<div class="cards">
  <div class="card"><span class="n">${s.total}</span><span class="l">assets</span></div>
  ${RISKS.map((r) => `<div class="card"><span class="n risk ${r}">${s.byRisk[r]}</span><span class="l">${r} HNDL risk</span></div>`).join('')}
  <div class="card"><span class="n">${s.expired}</span><span class="l">expired</span></div>
  <div class="card"><span class="n">${s.expiring}</span><span class="l">expiring soon</span></div>
</div>
<p id="next-phase">${next}</p>
<h2>By migration phase</h2>
${legendHtml(view)}
${phaseBarsSvg(view)}
<h2>Expiry timeline</h2>
${timelineSvg(view, now)}
<h2>Assets</h2>
<div class="toolbar" role="search">
  <input id="filter" type="search" placeholder="Filter (role, algorithm, file …)" aria-label="Filter assets">
  <select id="f-phase" aria-label="Phase"><option value="">All phases</option>${phases}</select>
  <select id="f-class" aria-label="PQC class"><option value="">All classes</option>${classes}</select>
  <select id="f-risk" aria-label="HNDL risk"><option value="">All risks</option>${risks}</select>
  <span class="spacer"></span>
  <button type="button" id="export-cbom" data-export="cbom">Export CBOM</button>
  <button type="button" id="export-csv" class="secondary" data-export="csv">Export CSV</button>
</div>
<div class="table-wrap">
<table id="assets" aria-label="Assets">
<thead><tr>
  <th scope="col" data-key="phase">Phase</th><th scope="col" data-key="hndlRisk">Risk</th><th scope="col" data-key="role">Role</th>
  <th scope="col" data-key="name">Name</th><th scope="col" data-key="kind">Kind</th><th scope="col" data-key="pqcClass">Class</th>
  <th scope="col" data-key="algorithm">Algorithm</th><th scope="col" data-key="notAfter">Not after</th><th scope="col" data-key="file">Location</th>
  <th scope="col" data-key="findings">Findings</th>
</tr></thead>
<tbody id="rows"></tbody>
</table>
</div>
<div class="pager"><button type="button" id="prev" class="secondary">Previous</button><span id="page-info" class="hint"></span><button type="button" id="next" class="secondary">Next</button></div>
<script type="application/json" id="inventory-data" nonce="${nonce}">${scriptJson(view)}</script>
<script nonce="${nonce}">
(function () {
  const vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : { postMessage() {}, getState() { return undefined; }, setState() {} };
  const PAGE = ${pageSize};
  const CLASS_LABEL = ${scriptJson(CLASS_LABEL)};
  const CLASS_RANK = ${scriptJson(Object.fromEntries(CLASS_ORDER.map((c, i) => [c, i])))};
  const RISK_RANK = { critical: 0, high: 1, medium: 2, low: 3 };
  const data = JSON.parse(document.getElementById('inventory-data').textContent);
  const saved = vscode.getState() || {};
  const state = { sort: saved.sort || 'phase', dir: saved.dir || 1, text: saved.text || '', phase: saved.phase || '', cls: saved.cls || '', risk: saved.risk || '', page: 0 };
  const $ = (id) => document.getElementById(id);
  const esc = (t) => String(t).replace(/[&<>"'\`]/g, (c) => '&#' + c.charCodeAt(0) + ';');
  $('filter').value = state.text; $('f-phase').value = state.phase; $('f-class').value = state.cls; $('f-risk').value = state.risk;

  function key(a, k) {
    if (k === 'hndlRisk') return RISK_RANK[a.hndlRisk];
    if (k === 'pqcClass') return CLASS_RANK[a.pqcClass];
    if (k === 'findings') return a.findings.length;
    if (k === 'file') return a.file + ':' + String(a.line).padStart(7, '0');
    if (k === 'notAfter') return a.notAfter || '9999';
    return a[k];
  }
  function compare(a, b) {
    const x = key(a, state.sort), y = key(b, state.sort);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return c !== 0 ? c * state.dir : (a.phase - b.phase) || (RISK_RANK[a.hndlRisk] - RISK_RANK[b.hndlRisk]) || a.file.localeCompare(b.file) || a.line - b.line;
  }
  function visible() {
    const text = state.text.trim().toLowerCase();
    return data.assets.filter((a) =>
      (!state.phase || String(a.phase) === state.phase) && (!state.cls || a.pqcClass === state.cls) && (!state.risk || a.hndlRisk === state.risk) &&
      (!text || [a.role, a.name, a.kind, a.algorithm, a.file, a.pqcClass, a.hndlRisk, a.roleReason].some((v) => String(v).toLowerCase().includes(text))));
  }
  function render() {
    vscode.setState({ sort: state.sort, dir: state.dir, text: state.text, phase: state.phase, cls: state.cls, risk: state.risk });
    const rows = visible().sort(compare);
    const pages = Math.max(1, Math.ceil(rows.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    const slice = rows.slice(state.page * PAGE, state.page * PAGE + PAGE);
    $('rows').innerHTML = slice.map((a) => {
      const i = data.assets.indexOf(a);
      const tip = esc(a.roleReason + (a.classReason ? '\\n' + a.classReason : '') + '\\n' + a.phaseReason);
      return '<tr tabindex="0" data-index="' + i + '" title="' + tip + '">' +
        '<td>' + a.phase + '</td><td class="risk ' + esc(a.hndlRisk) + '">' + esc(a.hndlRisk) + '</td><td class="role">' + esc(a.role) + '</td>' +
        '<td>' + esc(a.name) + '</td><td class="kind">' + esc(a.kind) + '</td>' +
        '<td><span class="badge ' + esc(a.pqcClass) + '">' + esc(CLASS_LABEL[a.pqcClass] || a.pqcClass) + '</span></td>' +
        '<td class="alg">' + esc(a.algorithm) + '</td><td class="date">' + esc(a.notAfter ? a.notAfter.slice(0, 10) : '') + '</td>' +
        '<td class="loc">' + esc(a.file + ':' + a.line) + '</td><td>' + (a.findings.length || '') + '</td></tr>';
    }).join('');
    const from = rows.length === 0 ? 0 : state.page * PAGE + 1;
    $('page-info').textContent = rows.length === 0 ? 'No asset matches.' : 'Rows ' + from + '–' + (state.page * PAGE + slice.length) + ' of ' + rows.length + (rows.length !== data.assets.length ? ' (filtered from ' + data.assets.length + ')' : '');
    $('prev').disabled = state.page === 0;
    $('next').disabled = state.page >= pages - 1;
    for (const th of document.querySelectorAll('th[data-key]')) th.setAttribute('aria-sort', th.dataset.key === state.sort ? (state.dir > 0 ? 'ascending' : 'descending') : 'none');
  }
  let timer;
  $('filter').addEventListener('input', (e) => { clearTimeout(timer); timer = setTimeout(() => { state.text = e.target.value; state.page = 0; render(); }, 120); });
  for (const [id, field] of [['f-phase', 'phase'], ['f-class', 'cls'], ['f-risk', 'risk']]) $(id).addEventListener('change', (e) => { state[field] = e.target.value; state.page = 0; render(); });
  $('prev').addEventListener('click', () => { state.page--; render(); });
  $('next').addEventListener('click', () => { state.page++; render(); });
  document.querySelector('thead').addEventListener('click', (e) => {
    const th = e.target.closest('th[data-key]');
    if (!th) return;
    state.dir = state.sort === th.dataset.key ? -state.dir : 1;
    state.sort = th.dataset.key;
    render();
  });
  const open = (row) => { if (row) vscode.postMessage({ type: 'open', id: data.assets[Number(row.dataset.index)].id }); };
  $('rows').addEventListener('click', (e) => open(e.target.closest('tr')));
  $('rows').addEventListener('keydown', (e) => { if (e.key === 'Enter') open(e.target.closest('tr')); });
  for (const button of document.querySelectorAll('button[data-export]')) button.addEventListener('click', () => vscode.postMessage({ type: 'export', format: button.dataset.export }));
  render();
})();
</script>
</body></html>`;
}
