// `pqcLens/inventory` over stdio against dist/server.cjs: the view the Explorer tree, dashboard and
// status bar use (with file URIs and ranges), the exports, and an update after an edit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './lsp-client.js';
import { fixturesDir } from '../helpers.js';
import type { InventoryExport, InventoryView } from '../../server/src/lsp/inventory-protocol.js';

let workspace: string;
let client: LspClient;

before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'pqc-lens-lsp-inventory-'));
  cpSync(join(fixturesDir, 'inventory', 'kubeadm-cluster'), workspace, { recursive: true });
  client = new LspClient(workspace);
  await client.initialize();
  await client.scanComplete;
});

after(async () => {
  await client.stop();
  rmSync(workspace, { recursive: true, force: true });
});

test('pqcLens/inventory: the view with URIs, ranges and the summary', async () => {
  const view = await client.connection.sendRequest<InventoryView>('pqcLens/inventory', { format: 'view' });
  assert.equal(view.assets.length, 24);
  assert.equal(view.summary.total, 24);
  assert.equal(view.summary.nextPhase?.phase, 2);
  const peer = view.assets.find((a) => a.file === 'etc/kubernetes/pki/etcd/peer.crt')!;
  assert.equal(peer.uri, pathToFileURL(join(workspace, 'etc/kubernetes/pki/etcd/peer.crt')).toString());
  assert.deepEqual(peer.range.start, { line: 0, character: 0 });
  assert.deepEqual([peer.role, peer.hndlRisk, peer.phase], ['etcd-peer', 'critical', 2]);
  const nginx = view.assets.find((a) => a.file === 'manifests/ingress-nginx/controller-configmap.yaml')!;
  assert.equal(nginx.range.start.line, 9);
});

test('pqcLens/inventory: CBOM and CSV exports as text', async () => {
  const cbom = await client.connection.sendRequest<InventoryExport>('pqcLens/inventory', { format: 'cbom' });
  assert.equal(cbom.format, 'cbom');
  const bom = JSON.parse(cbom.text) as { specVersion: string; components: unknown[]; metadata: { component: { name: string } } };
  assert.equal(bom.specVersion, '1.6');
  assert.ok(bom.components.length > 30);
  const csv = await client.connection.sendRequest<InventoryExport>('pqcLens/inventory', { format: 'csv' });
  assert.equal(csv.text.split('\r\n').filter((l) => l.length > 0).length, 25);
});

test('pqcLens/inventory follows edits: a hybrid group list makes the Istio setting ready', async () => {
  const rel = 'manifests/istio/istio-operator.yaml';
  const text = readFileSync(join(workspace, rel), 'utf8').replace('        - X25519\n', '        - X25519MLKEM768\n        - X25519\n');
  await client.open(rel, text, 'yaml', 2);
  await client.diagnosticsFor(rel, (p) => !p.diagnostics.some((d) => d.code === 'istio/classical-ecdh-curves'));
  const view = await client.connection.sendRequest<InventoryView>('pqcLens/inventory', {});
  const istio = view.assets.find((a) => a.file === rel)!;
  assert.equal(istio.pqcClass, 'hybrid');
  assert.equal(view.summary.ready, 5);
});
