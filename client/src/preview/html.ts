// Renders the certificate preview. Every certificate-derived string goes through `escapeHtml`;
// the page allows no remote content, and its only script carries a per-render nonce.
import type { CertificateView } from '../../../server/src/lsp/protocol.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const CLASS_LABEL: Record<CertificateView['pqcClass'], string> = {
  classical: 'Classical',
  pq: 'Post-quantum',
  composite: 'Hybrid (composite)',
  'legacy-pq': 'Pre-standard PQ',
};

function verification(verified: boolean | null, reason?: string): string {
  const label = verified === true ? 'verified' : verified === false ? 'signature invalid' : 'not verified';
  const cls = verified === true ? 'ok' : verified === false ? 'bad' : 'unknown';
  return `<span class="status ${cls}">${label}</span>${reason ? ` <span class="reason">${escapeHtml(reason)}</span>` : ''}`;
}

function row(name: string, value: string): string {
  return `<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`;
}

function timeline(cert: CertificateView, now: Date): string {
  const start = Date.parse(cert.notBefore);
  const end = Date.parse(cert.notAfter);
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) return '';
  const elapsed = Math.min(1, Math.max(0, (now.getTime() - start) / (end - start)));
  return `<div class="timeline" role="img" aria-label="validity ${Math.round(elapsed * 100)}% elapsed">
    <div class="elapsed" data-width="${(elapsed * 100).toFixed(1)}"></div></div>
    <div class="timeline-labels"><span>${escapeHtml(cert.notBefore.slice(0, 10))}</span><span>${escapeHtml(cert.notAfter.slice(0, 10))}</span></div>`;
}

function sizeBar(cert: CertificateView): string {
  const max = Math.max(cert.bytes, cert.referenceBytes);
  const pct = (n: number) => ((n / max) * 100).toFixed(1);
  return `<div class="bars" aria-label="size comparison">
    <div class="bar-row"><span class="bar-label">This certificate</span><div class="bar"><div class="fill" data-width="${pct(cert.bytes)}"></div></div><span>${cert.bytes} B</span></div>
    <div class="bar-row"><span class="bar-label">ECDSA P-256</span><div class="bar"><div class="fill ref" data-width="${pct(cert.referenceBytes)}"></div></div><span>${cert.referenceBytes} B</span></div>
  </div>`;
}

function card(cert: CertificateView, index: number, now: Date): string {
  if (cert.error) {
    return `<section class="card"><h2>Line ${cert.line}: not a certificate</h2><p class="error">${escapeHtml(cert.error)}</p></section>`;
  }
  const chain = cert.chain.map((link) => `<li>${escapeHtml(link.subject)} — ${verification(link.verified, link.reason)}</li>`).join('');
  return `<section class="card" aria-labelledby="c${index}">
  <h2 id="c${index}"><span class="badge ${cert.pqcClass}">${CLASS_LABEL[cert.pqcClass]}</span> ${escapeHtml(cert.subject || '(empty subject)')}</h2>
  <p class="summary">${escapeHtml(cert.summary)}</p>
  <p>Signature: ${verification(cert.verified, cert.reason)}</p>
  <table>
    ${row('Subject', cert.subject)}${row('Issuer', cert.issuer)}${row('Serial', cert.serial)}
    ${row('Public key', cert.publicKey)}${row('Signature algorithm', cert.signature)}
    ${cert.nistLevel ? row('NIST category', String(cert.nistLevel)) : ''}
    ${row('Not before', cert.notBefore)}${row('Not after', cert.notAfter)}
    ${row('CA', cert.isCa ? 'yes' : 'no')}${row('Self-signed', cert.selfSigned ? 'yes' : 'no')}
    ${cert.sans.length ? row('Subject alternative names', cert.sans.join(', ')) : ''}
    ${cert.keyUsage.length ? row('Key usage', cert.keyUsage.join(', ')) : ''}
    ${cert.extKeyUsage.length ? row('Extended key usage', cert.extKeyUsage.join(', ')) : ''}
    ${row('SHA-256 fingerprint', cert.fingerprintSha256)}
    ${row('Location', `${cert.file}:${cert.line}`)}
  </table>
  <h3>Validity</h3>${timeline(cert, now)}
  <h3>Size</h3>${sizeBar(cert)}
  ${chain ? `<h3>Chain</h3><ol class="chain">${chain}</ol>` : ''}
  <div class="actions">
    <button type="button" data-copy="pem" data-index="${index}">Copy PEM</button>
    <button type="button" data-copy="fingerprint" data-index="${index}">Copy fingerprint</button>
  </div>
</section>`;
}

export function renderPreview(certs: CertificateView[], nonce: string, cspSource: string, now = new Date()): string {
  const body = certs.length === 0 ? '<p>No certificate at the cursor or in this file.</p>' : certs.map((c, i) => card(c, i, now)).join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${cspSource} data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Certificate preview</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 1rem; }
.card { border: 1px solid var(--vscode-panel-border); border-radius: 4px; padding: .5rem 1rem; margin: 1rem 0; }
table { border-collapse: collapse; } th { text-align: left; padding-right: 1rem; color: var(--vscode-descriptionForeground); font-weight: normal; } td { word-break: break-all; }
.badge { padding: 0 .4rem; border-radius: 3px; font-size: .8em; }
.badge.classical { background: var(--vscode-inputValidation-warningBackground); }
.badge.pq, .badge.composite { background: var(--vscode-testing-iconPassed); color: var(--vscode-editor-background); }
.badge.legacy-pq { background: var(--vscode-inputValidation-infoBackground); }
.status.ok { color: var(--vscode-testing-iconPassed); } .status.bad { color: var(--vscode-errorForeground); } .status.unknown { color: var(--vscode-descriptionForeground); }
.timeline, .bar { background: var(--vscode-editorWidget-background); height: .6rem; border-radius: 3px; overflow: hidden; flex: 1; }
.elapsed, .fill { background: var(--vscode-progressBar-background); height: 100%; } .fill.ref { background: var(--vscode-descriptionForeground); }
.timeline-labels { display: flex; justify-content: space-between; font-size: .8em; }
.bar-row { display: flex; gap: .5rem; align-items: center; margin: .2rem 0; } .bar-label { width: 9rem; }
button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: none; padding: .3rem .6rem; margin-right: .5rem; cursor: pointer; }
button:focus { outline: 1px solid var(--vscode-focusBorder); }
.error { color: var(--vscode-errorForeground); }
</style></head>
<body><h1>Certificate preview</h1>
${body}
<script nonce="${nonce}">
// Bar widths: the CSP allows no style attributes in the markup, but the script may set them.
for (const el of document.querySelectorAll('[data-width]')) el.style.width = el.dataset.width + '%';
const vscode = acquireVsCodeApi();
document.addEventListener('click', (event) => {
  const target = event.target;
  if (target instanceof HTMLButtonElement && target.dataset.copy) {
    vscode.postMessage({ type: 'copy', what: target.dataset.copy, index: Number(target.dataset.index) });
  }
});
</script>
</body></html>`;
}
