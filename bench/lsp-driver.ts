// Drives a language server over stdio with real JSON-RPC (no mocks) and timestamps what comes back:
// used for PQC Lens (dist/server.cjs) and yaml-language-server alike, so both see the same client.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, InitializeRequest, InitializedNotification,
  DidOpenTextDocumentNotification, DidChangeTextDocumentNotification, PublishDiagnosticsNotification, ConfigurationRequest,
  RegistrationRequest, WorkDoneProgressCreateRequest, type ProtocolConnection, type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

export interface Published { params: PublishDiagnosticsParams; at: number }

export interface DriverOptions {
  /** Program and arguments, e.g. [process.execPath, 'dist/server.cjs', '--stdio']. */
  command: string[];
  /** Workspace folder. */
  root: string;
  /** Answers to workspace/configuration, by section ('' for a request without one). */
  configuration?: (section: string | undefined) => unknown;
  name: string;
}

export class LspDriver {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  readonly spawnedAt = performance.now();
  private readonly latest = new Map<string, Published>();
  private readonly waiters: { uri: string; accept: (p: Published) => boolean; resolve: (p: Published) => void }[] = [];
  private readonly notificationWaiters = new Map<string, ((params: unknown) => void)[]>();
  readonly stderr: string[] = [];
  /** Every publishDiagnostics, in arrival order (uri and time only, to keep memory flat). */
  readonly publications: { uri: string; at: number; count: number }[] = [];
  private exited = false;

  constructor(readonly options: DriverOptions) {
    const [program, ...args] = options.command;
    this.process = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (d: Buffer) => {
      if (this.stderr.length < 200) this.stderr.push(d.toString());
    });
    this.process.on('exit', () => {
      this.exited = true;
    });
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const published = { params, at: performance.now() };
      this.latest.set(params.uri, published);
      this.publications.push({ uri: params.uri, at: published.at, count: params.diagnostics.length });
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri && waiter.accept(published)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(published);
        }
      }
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => options.configuration?.(item.section) ?? null));
    this.connection.onRequest(RegistrationRequest.method, () => null);
    this.connection.onRequest(WorkDoneProgressCreateRequest.method, () => null);
    for (const method of ['window/logMessage', 'window/showMessage', 'telemetry/event', '$/progress']) this.connection.onNotification(method, () => undefined);
    this.connection.listen();
  }

  uri(path: string): string {
    return pathToFileURL(path).toString();
  }

  async initialize(): Promise<void> {
    const rootUri = pathToFileURL(this.options.root).toString();
    await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
        textDocument: { publishDiagnostics: { versionSupport: true }, synchronization: { dynamicRegistration: false } },
      },
      initializationOptions: {},
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  /** Resolves with the next notification of this method (e.g. pqcLens/scanComplete). */
  nextNotification<T>(method: string, timeoutMs = 600_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.options.name}: no ${method} within ${timeoutMs} ms; stderr: ${this.stderr.join('').slice(0, 2000)}`)), timeoutMs);
      if (!this.notificationWaiters.has(method)) {
        this.connection.onNotification(method, (params: unknown) => {
          const waiting = this.notificationWaiters.get(method) ?? [];
          this.notificationWaiters.set(method, []);
          for (const resolveOne of waiting) resolveOne(params);
        });
      }
      const list = this.notificationWaiters.get(method) ?? [];
      list.push((params) => {
        clearTimeout(timer);
        resolve(params as T);
      });
      this.notificationWaiters.set(method, list);
    });
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  /**
   * The first publishDiagnostics for `uri` that arrives after `since` and, when the server sends a
   * version, carries `version` (or a later one).
   */
  diagnosticsAfter(uri: string, since: number, version: number | undefined, timeoutMs = 60_000): Promise<Published> {
    const accept = (p: Published): boolean => p.at >= since && (version === undefined || p.params.version === undefined || p.params.version === null || p.params.version >= version);
    const current = this.latest.get(uri);
    if (current && accept(current)) return Promise.resolve(current);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const index = this.waiters.findIndex((w) => w.resolve === done);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(new Error(`${this.options.name}: no diagnostics for ${uri} (version ${version}) within ${timeoutMs} ms; stderr: ${this.stderr.join('').slice(0, 2000)}`));
      }, timeoutMs);
      const done = (p: Published): void => {
        clearTimeout(timer);
        resolve(p);
      };
      this.waiters.push({ uri, accept, resolve: done });
    });
  }

  /** Peak resident set size of the server process so far (VmHWM), in bytes; undefined off Linux. */
  peakRss(): number | undefined {
    try {
      const status = readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
      const kb = /VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1];
      return kb ? Number(kb) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      try {
        await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
        await this.connection.sendNotification('exit');
      } catch {
        // already gone
      }
    }
    await new Promise((r) => setTimeout(r, 50));
    this.connection.dispose();
    if (!this.exited) this.process.kill();
  }
}
