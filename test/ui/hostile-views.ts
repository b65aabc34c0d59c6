// Hostile display data for the webviews and hovers: every string a certificate, a file name, a
// finding or an inventory entry can carry is replaced by markup, script, `javascript:` URLs,
// Markdown link tricks and requests to a host that must never be contacted. Shared by the static
// checks in npm test (test/unit/render-safety.test.ts) and the headless Chromium test
// (test/ui/webview-safety.test.ts).
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { CertificateView } from '../../server/src/lsp/protocol.js';
import type { InventoryView, InventoryViewAsset } from '../../server/src/lsp/inventory-protocol.js';
import { certificateViews } from '../../server/src/lsp/certificates.js';
import { inventoryResponse } from '../../server/src/lsp/inventory.js';
import { defaultKnowledge, engineFor, TEST_NOW } from '../harness.js';
import { fixturesDir } from '../helpers.js';

/** Where a leaked request would go; nothing listens there, and the tests intercept every request. */
export const LEAK_HOST = '127.0.0.1:9';

export const PAYLOADS: readonly string[] = [
  `<script>window.__pwned='script'</script>`,
  `<img src=x onerror="window.__pwned='img'">`,
  `"><svg onload="window.__pwned='svg'">`,
  `'><iframe srcdoc="<script>parent.__pwned='iframe'</script>"></iframe>`,
  `javascript:window.__pwned='js-url'`,
  `[click me](javascript:window.__pwned='md-link')`,
  `[run](command:workbench.action.terminal.new)`,
  `<a href="javascript:window.__pwned='anchor'">a</a>`,
  `<img src="http://${LEAK_HOST}/img.png">`,
  `<link rel="stylesheet" href="http://${LEAK_HOST}/x.css">`,
  `<base href="http://${LEAK_HOST}/">`,
  `<meta http-equiv="refresh" content="0;url=http://${LEAK_HOST}/refresh">`,
  `</script><script>window.__pwned='breakout'</script>`,
  `</textarea></title></style><script>window.__pwned='close-tags'</script>`,
  `<style>body{background:url(http://${LEAK_HOST}/css)}</style>`,
  `<form action="http://${LEAK_HOST}/form"><button>go</button></form>`,
  `<object data="http://${LEAK_HOST}/obj"></object>`,
  `{{constructor.constructor('window.__pwned=1')()}}`,
  '`;window.__pwned=\'backtick\';`',
  `' onmouseover='window.__pwned="attr"' x='`,
  `<!-- \u2028\u2029 -->`,
  `![img](http://${LEAK_HOST}/md.png)`,
  `<http://${LEAK_HOST}/autolink>`,
];

/** The n-th payload, with a marker so tests can find it rendered as text. */
export function payload(n: number): string {
  return `${PAYLOADS[n % PAYLOADS.length]}#${n}`;
}

/** Certificate views as the server sends them, with every string field hostile. */
export function hostileCertificateViews(): CertificateView[] {
  let n = 0;
  const next = (): string => payload(n++);
  const view = (): CertificateView => ({
    file: `certs/${next()}.pem`,
    line: 3,
    summary: next(),
    subject: `CN=${next()},O=${next()}`,
    issuer: next(),
    serial: next(),
    notBefore: '2026-01-01T00:00:00Z',
    notAfter: next(),
    publicKey: next(),
    signature: next(),
    pqcClass: 'classical',
    nistLevel: 3,
    isCa: true,
    selfSigned: false,
    sans: [next(), `URI:${next()}`, `DNS:${next()}`],
    keyUsage: [next(), next()],
    extKeyUsage: [next()],
    fingerprintSha256: next(),
    bytes: 1234,
    referenceBytes: 670,
    verified: false,
    reason: next(),
    chain: [{ subject: next(), verified: false, reason: next() }, { subject: next(), verified: null }],
    pem: `-----BEGIN CERTIFICATE-----\n${next()}\n-----END CERTIFICATE-----\n`,
  });
  return [view(), view(), { ...view(), error: next() }, { ...view(), pqcClass: 'pq', verified: true, reason: undefined }];
}

/** Views of real certificates with hostile names (subject, OU, SAN) decoded by the server's own code. */
export async function realHostileCertificateViews(): Promise<CertificateView[]> {
  const pem = readFileSync(join(fixturesDir, 'certs', 'hostile-subject.pem'), 'utf8');
  const path = `trust/${PAYLOADS[1]}.pem`;
  const engine = await engineFor({ [path]: pem, 'trust/ca.pem': readFileSync(join(fixturesDir, 'certs', 'ecdsa-p256-ca.pem'), 'utf8') });
  return certificateViews(engine, path, undefined, TEST_NOW);
}

/**
 * An inventory view built by the server's own code from files with hostile names and content,
 * then every string of every asset replaced by a payload (what a hostile knowledge table or file
 * could put there).
 */
export async function hostileInventoryView(): Promise<InventoryView> {
  const hostilePem = readFileSync(join(fixturesDir, 'certs', 'hostile-subject.pem'), 'utf8');
  const files: Record<string, string> = {
    [`pki/${PAYLOADS[1]}.crt`]: hostilePem,
    'pki/ca.crt': readFileSync(join(fixturesDir, 'certs', 'ecdsa-p256-ca.pem'), 'utf8'),
    'pki/mldsa.crt': readFileSync(join(fixturesDir, 'certs', 'mldsa65-leaf.pem'), 'utf8'),
    [`issuers/${PAYLOADS[3]}.yaml`]: `apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: "${PAYLOADS[2].replace(/"/g, '\\"')}"\nspec:\n  ca:\n    secretName: x\n`,
    'tls/openssl.cnf': 'openssl_conf = openssl_init\n[openssl_init]\nssl_conf = ssl_sect\n[ssl_sect]\nsystem_default = sd\n[sd]\nGroups = X25519:<img/src=x/onerror=alert(1)>\n',
  };
  const engine = await engineFor(files);
  const view = inventoryResponse(engine, defaultKnowledge(), (key) => `file:///ws/${encodeURIComponent(key)}`, {}, TEST_NOW) as InventoryView;
  let n = 0;
  const next = (): string => payload(n++);
  const assets: InventoryViewAsset[] = view.assets.map((a) => ({
    ...a,
    file: next(), roleReason: next(), algorithm: next(), name: next(), path: next(), classReason: next(), phaseReason: next(),
    subject: next(), issuer: next(), issuerId: next(), fingerprintSha256: next(), id: next(),
    alsoAt: [{ file: next(), line: 1, path: next() }],
    findings: [{ ruleId: next(), severity: 'warning', line: 1, message: next() }],
  }));
  return { ...view, assets, generatedAt: `${TEST_NOW.toISOString()}${next()}`, knowledgeVersion: next() };
}
