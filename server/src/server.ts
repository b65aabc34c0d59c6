// The PQC Lens language server: LSP wiring only. Analysis lives in core/, file access in node/,
// and each LSP method has its handler module in lsp/.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { existsSync, readFileSync, statSync } from 'node:fs';
import {
  createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, CodeActionKind,
  DidChangeConfigurationNotification, DiagnosticSeverity, FileChangeType, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Engine } from './core/engine.js';
import { DEFAULT_CONFIG, parseConfig, type LensConfig } from './core/config.js';
import type { Knowledge } from './core/knowledge.js';
import type { SeveritySetting } from './core/types.js';
import { isCandidateName } from './core/detect.js';
import { compileGlobs, CONFIG_FILE_NAME, defaultKnowledgePath, readKnowledge, toPosix } from './node/workspace.js';
import { readWorkspace } from './node/read-workspace.js';
import { createHclParser } from './node/hcl.js';
import { DiagnosticsPublisher } from './lsp/diagnostics.js';
import { codeActions, FIX_ALL_KIND } from './lsp/codeActions.js';
import { hover } from './lsp/hover.js';
import { completion } from './lsp/completion.js';
import { codeLenses } from './lsp/codeLens.js';
import { certificateViews, CERTIFICATES_REQUEST } from './lsp/certificates.js';
import { inventoryResponse, INVENTORY_REQUEST } from './lsp/inventory.js';

interface ClientSettings {
  enable?: boolean;
  rules?: Record<string, SeveritySetting>;
  knowledgeFile?: string;
  exclude?: string[];
  maxFileSizeKb?: number;
  expiringDays?: number;
}

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

let root = process.cwd();
let engine: Engine | undefined;
let publisher: DiagnosticsPublisher | undefined;
let knowledge: Knowledge | undefined;
let settings: ClientSettings = {};
let canPullConfiguration = false;
let wasmDir: string | undefined;
let scanGeneration = 0;
/** Open documents larger than this (bytes; 0 = no limit) are not analysed, like files on disk. */
let maxBytes = DEFAULT_CONFIG.maxFileSizeKb * 1024;
const pendingDependents = new Set<string>();
let dependentsTimer: NodeJS.Timeout | undefined;

/** Engine key for a URI: workspace-relative posix path inside the root, absolute path outside. */
function keyOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  const abs = fileURLToPath(uri);
  const rel = relative(root, abs);
  return rel.startsWith('..') || isAbsolute(rel) ? toPosix(abs) : toPosix(rel);
}

function uriOf(key: string): string {
  return pathToFileURL(key.startsWith('/') ? key : join(root, key)).toString();
}

/**
 * The bundled server (dist/server.cjs) has the wasm files next to it; editors that start it
 * directly (Neovim, Helix) pass no wasmDir. From out/ there are none and the npm packages are used.
 */
function defaultWasmDir(): string | undefined {
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    return existsSync(join(here, 'tree-sitter-hcl.wasm')) && existsSync(join(here, 'web-tree-sitter.wasm')) ? here : undefined;
  } catch {
    return undefined;
  }
}

function log(message: string): void {
  connection.console.log(`[pqc-lens] ${message}`);
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
  if (folder) root = fileURLToPath(folder);
  canPullConfiguration = params.capabilities.workspace?.configuration === true;
  const options = (params.initializationOptions ?? {}) as { wasmDir?: string; settings?: ClientSettings };
  wasmDir = options.wasmDir ?? defaultWasmDir();
  settings = options.settings ?? {};
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      hoverProvider: true,
      completionProvider: { triggerCharacters: [' ', ':', '"', '=', ','] },
      codeLensProvider: { resolveProvider: false },
    },
    serverInfo: { name: 'pqc-lens' },
  };
});

connection.onInitialized(async () => {
  if (canPullConfiguration) {
    // A client without dynamic registration answers with an error: settings then come with didChangeConfiguration.
    connection.client.register(DidChangeConfigurationNotification.type, { section: 'pqcLens' }).catch((error: unknown) => log(`settings change notifications not registered: ${String(error)}`));
    settings = await pullSettings();
  }
  await rebuild();
});

async function pullSettings(): Promise<ClientSettings> {
  try {
    return ((await connection.workspace.getConfiguration('pqcLens')) as ClientSettings | null) ?? {};
  } catch {
    return settings;
  }
}

/** Effective config: .pqc-lens.yaml, then client settings on top (settings win). */
function effectiveConfig(): LensConfig {
  let fileConfig: LensConfig = { ...DEFAULT_CONFIG };
  try {
    const { config, problems } = parseConfig(readFileSync(join(root, CONFIG_FILE_NAME), 'utf8'));
    fileConfig = config;
    for (const problem of problems) log(problem);
  } catch {
    // no config file: defaults
  }
  return {
    rules: { ...fileConfig.rules, ...(settings.rules ?? {}) },
    exclude: [...fileConfig.exclude, ...(settings.exclude ?? [])],
    maxFileSizeKb: settings.maxFileSizeKb ?? fileConfig.maxFileSizeKb,
    expiringDays: settings.expiringDays ?? fileConfig.expiringDays,
    knowledge: settings.knowledgeFile || fileConfig.knowledge,
  };
}

async function rebuild(): Promise<void> {
  const generation = ++scanGeneration;
  const config = effectiveConfig();
  const knowledgePath = config.knowledge ? join(root, config.knowledge) : defaultKnowledgePath();
  const loaded = readKnowledge(knowledgePath);
  if (!loaded.knowledge) {
    void connection.window.showErrorMessage(`PQC Lens: ${loaded.problems.join('; ')}`);
    if (!knowledge) return;
  } else knowledge = loaded.knowledge;
  const hcl = await createHclParser(wasmDir ? join(wasmDir, 'tree-sitter-hcl.wasm') : undefined, wasmDir ? { runtimeWasmPath: join(wasmDir, 'web-tree-sitter.wasm') } : {}).catch((error: unknown) => {
    log(`HCL parser unavailable: ${String(error)}`);
    return undefined;
  });
  const previous = engine;
  maxBytes = Math.round(config.maxFileSizeKb * 1024);
  engine = new Engine({ knowledge: knowledge!, config, hcl });
  publisher = new DiagnosticsPublisher(connection, engine);
  if (settings.enable === false) {
    for (const key of previous?.paths() ?? []) publisher.clear(uriOf(key));
    return;
  }
  // Open documents first, so their diagnostics never wait for the scan.
  for (const document of documents.all()) {
    const key = keyOf(document.uri);
    if (key && overLimit(document.getText()) === undefined) engine.setFile(key, document.getText());
  }
  for (const document of documents.all()) {
    const key = keyOf(document.uri);
    if (key) publisher.publish(key, document.uri, document.version);
  }
  await scanWorkspace(generation, config);
}

/**
 * How long background work (the workspace scan, re-publishing dependents) runs before it lets the
 * connection handle what arrived meanwhile: an edit to an open document waits about this long at
 * most (plus one file, for a large one) before its own analysis starts.
 */
const SLICE_MS = 10;

/**
 * Between two slices of background work: analyses the open documents' changes that have arrived
 * (they go before the background work), then resolves on a later turn of the event loop, after the
 * I/O that arrived meanwhile (incoming messages) is handled.
 */
function yieldToConnection(): Promise<void> {
  for (const uri of [...pendingChanges]) flushChange(uri);
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Background scan: reads the workspace (asynchronously), records every file's facts, then analyses
 * and publishes file by file, SLICE_MS at a time. A newer rebuild (settings, .pqc-lens.yaml) stops it.
 */
async function scanWorkspace(generation: number, config: LensConfig): Promise<void> {
  const started = Date.now();
  // Read asynchronously: open documents are analysed and requests answered while a large workspace is read.
  const { files, notices, cancelled } = await readWorkspace(root, { exclude: compileGlobs(config.exclude), maxBytes: config.maxFileSizeKb * 1024, cancelled: () => generation !== scanGeneration });
  if (cancelled) return;
  for (const notice of notices) log(`${notice.file ?? ''} ${notice.message}`);
  const stale = (): boolean => generation !== scanGeneration || !engine || !publisher;
  // Open documents analysed before the facts they depend on were read (they are re-published below).
  const affected = new Set<string>();
  let sliceStart = performance.now();
  const pause = async (): Promise<void> => {
    if (performance.now() - sliceStart < SLICE_MS) return;
    await yieldToConnection();
    sliceStart = performance.now();
  };
  for (const file of files) {
    if (stale()) return;
    if (!documents.get(uriOf(file.rel))) for (const dependent of engine!.setFile(file.rel, file.bytes)) affected.add(dependent);
    await pause();
  }
  const scanned = new Set<string>();
  for (const file of files) {
    if (stale()) return;
    const uri = uriOf(file.rel);
    scanned.add(uri);
    const open = documents.get(uri);
    if (open) flushChange(uri); // a change still waiting is analysed first, so the version published matches the text
    publisher!.publish(file.rel, uri, open?.version ?? null);
    await pause();
  }
  for (const document of documents.all()) {
    const key = keyOf(document.uri);
    if (stale() || !key || scanned.has(document.uri) || !affected.has(key)) continue;
    flushChange(document.uri);
    publisher!.publish(key, document.uri, document.version);
  }
  log(`scanned ${files.length} files in ${Date.now() - started} ms`);
  connection.sendNotification('pqcLens/scanComplete', { files: files.length, ms: Date.now() - started });
}

function update(uri: string, content: string | Uint8Array, version: number | null): void {
  const key = keyOf(uri);
  if (!key || !engine || !publisher) return;
  const size = overLimit(content);
  if (size !== undefined) {
    // Like the workspace walk: too large to analyse; say so once instead of blocking the server.
    for (const dependent of engine.removeFile(key)) pendingDependents.add(dependent);
    scheduleDependents();
    const message = `PQC Lens did not analyse this file: ${Math.ceil(size / 1024)} KiB is over the size limit of ${Math.round(maxBytes / 1024)} KiB (setting pqcLens.maxFileSizeKb, or maxFileSizeKb in .pqc-lens.yaml).`;
    void connection.sendDiagnostics({ uri, version: version ?? undefined, diagnostics: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Information, source: 'pqc-lens', message }] });
    return;
  }
  const dependents = engine.setFile(key, content);
  publisher.publish(key, uri, version);
  for (const dependent of dependents) pendingDependents.add(dependent);
  scheduleDependents();
}

/** The content's size in bytes when it is over the limit, else undefined (the UTF-8 length is computed only when it matters). */
function overLimit(content: string | Uint8Array): number | undefined {
  if (maxBytes <= 0) return undefined;
  if (typeof content !== 'string') return content.length > maxBytes ? content.length : undefined;
  if (content.length * 3 <= maxBytes) return undefined;
  const bytes = content.length > maxBytes ? content.length : Buffer.byteLength(content, 'utf8');
  return bytes > maxBytes ? bytes : undefined;
}

// didOpen/didChange are coalesced: analysing on every notification queues one full analysis per
// change, and a burst (10,000 rapid changes of a large manifest) then takes minutes to drain. A
// change is analysed once the connection has handled the changes already received (at most
// MAX_CHANGE_DELAY_MS later under a continuous flood); requests that read a document's results
// flush its pending change first, so they never see an older text than the document's version.
const MAX_CHANGE_DELAY_MS = 250;
const pendingChanges = new Set<string>();
let changeCount = 0;
let changeCountSeen = 0;
let pendingSince = 0;
let changeTimer: NodeJS.Immediate | undefined;

function documentChanged(uri: string): void {
  if (pendingChanges.size === 0) pendingSince = Date.now();
  pendingChanges.add(uri);
  changeCount++;
  changeTimer ??= setImmediate(drainChanges);
}

function drainChanges(): void {
  changeTimer = undefined;
  if (changeCount !== changeCountSeen && Date.now() - pendingSince < MAX_CHANGE_DELAY_MS) {
    // More changes arrived since the last look: let the connection handle its queue first.
    changeCountSeen = changeCount;
    changeTimer = setImmediate(drainChanges);
    return;
  }
  changeCountSeen = changeCount;
  for (const uri of [...pendingChanges]) flushChange(uri);
}

function flushChange(uri: string): void {
  if (!pendingChanges.delete(uri)) return;
  const document = documents.get(uri);
  if (document) update(uri, document.getText(), document.version);
}

/** Dependents are re-published shortly after the burst of edits settles, SLICE_MS at a time. */
function scheduleDependents(): void {
  if (dependentsTimer) clearTimeout(dependentsTimer);
  dependentsTimer = setTimeout(() => {
    dependentsTimer = undefined;
    void publishDependents();
  }, 150);
}

let publishingDependents = false;

async function publishDependents(): Promise<void> {
  if (publishingDependents) return; // the running loop takes what was added meanwhile
  publishingDependents = true;
  try {
    let sliceStart = performance.now();
    while (publisher && pendingDependents.size > 0) {
      const key = pendingDependents.values().next().value as string;
      pendingDependents.delete(key);
      const uri = uriOf(key);
      publisher.publish(key, uri, documents.get(uri)?.version ?? null);
      if (performance.now() - sliceStart >= SLICE_MS) {
        await yieldToConnection();
        sliceStart = performance.now();
      }
    }
  } finally {
    publishingDependents = false;
  }
}

// TextDocuments fires onDidChangeContent for didOpen too: one handler covers open and change.
documents.onDidChangeContent((e) => documentChanged(e.document.uri));
documents.onDidClose((e) => {
  // Back to what is on disk (or gone, for an unsaved new file).
  pendingChanges.delete(e.document.uri);
  const key = keyOf(e.document.uri);
  if (!key || !engine) return;
  try {
    const abs = fileURLToPath(e.document.uri);
    if (!isCandidateName(abs) || statSync(abs).size > effectiveConfig().maxFileSizeKb * 1024) throw new Error('skip');
    update(e.document.uri, readFileSync(abs), null);
  } catch {
    for (const dependent of engine.removeFile(key)) pendingDependents.add(dependent);
    publisher?.clear(e.document.uri);
    scheduleDependents();
  }
});

connection.onDidChangeWatchedFiles((params) => {
  for (const change of params.changes) {
    if (documents.get(change.uri)) continue; // the editor's buffer is the truth for open files
    if (change.uri.endsWith(CONFIG_FILE_NAME)) {
      void rebuild();
      return;
    }
    const key = keyOf(change.uri);
    if (!key || !engine) continue;
    if (change.type === FileChangeType.Deleted) {
      for (const dependent of engine.removeFile(key)) pendingDependents.add(dependent);
      publisher?.clear(change.uri);
      scheduleDependents();
    } else {
      try {
        update(change.uri, readFileSync(fileURLToPath(change.uri)), null);
      } catch (error) {
        log(`cannot read ${key}: ${String(error)}`);
      }
    }
  }
});

connection.onDidChangeConfiguration(async (change) => {
  settings = canPullConfiguration ? await pullSettings() : ((change.settings as { pqcLens?: ClientSettings })?.pqcLens ?? {});
  await rebuild();
});

connection.onCodeAction((params) => {
  flushChange(params.textDocument.uri);
  const document = documents.get(params.textDocument.uri);
  if (!document || !engine) return [];
  const key = keyOf(params.textDocument.uri);
  const current = () => (key && engine?.file(key) ? engine.analyze(key).map((f) => ({ data: { ruleId: f.ruleId, version: document.version, fixes: f.fixes.map((x) => ({ title: x.title, safe: x.safe, edits: x.edits.map((e) => ({ range: engine!.file(key)!.lines.range(e.span), newText: e.newText })) })) } })) : []);
  return codeActions(params, document, current);
});

connection.onHover((params) => {
  flushChange(params.textDocument.uri);
  const key = keyOf(params.textDocument.uri);
  const file = key ? engine?.file(key) : undefined;
  return file && engine && knowledge ? hover(params, file, engine, knowledge, uriOf) : null;
});

connection.onCompletion((params) => {
  flushChange(params.textDocument.uri);
  const key = keyOf(params.textDocument.uri);
  const file = key ? engine?.file(key) : undefined;
  return file && knowledge ? completion(params, file, knowledge) : [];
});

connection.onCodeLens((params) => {
  flushChange(params.textDocument.uri);
  const key = keyOf(params.textDocument.uri);
  return key && engine ? codeLenses(params.textDocument.uri, key, engine) : [];
});

connection.onRequest(CERTIFICATES_REQUEST, (params: { uri: string; line?: number }) => {
  flushChange(params.uri);
  const key = keyOf(params.uri);
  return key && engine ? certificateViews(engine, key, params.line) : [];
});

connection.onRequest(INVENTORY_REQUEST, (params?: { format?: 'view' | 'json' | 'csv' | 'cbom'; expiringDays?: number }) => (engine && knowledge ? inventoryResponse(engine, knowledge, uriOf, params ?? {}) : null));

process.on('unhandledRejection', (reason) => log(`unhandled rejection: ${String(reason)}`));

documents.listen(connection);
connection.listen();
