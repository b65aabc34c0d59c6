// Publishes diagnostics: open documents at once, the rest of the workspace in the background.
import type { Connection } from 'vscode-languageserver';
import type { Engine } from '../core/engine.js';
import { toDiagnostic } from './convert.js';

export class DiagnosticsPublisher {
  constructor(private readonly connection: Connection, private readonly engine: Engine) {}

  /** Publishes one file's findings; `version` is the open document's version (null for closed files). */
  publish(path: string, uri: string, version: number | null): void {
    const lines = this.engine.lines(path);
    if (!lines) {
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const diagnostics = this.engine.analyze(path).map((f) => toDiagnostic(f, lines, version));
    void this.connection.sendDiagnostics({ uri, version: version ?? undefined, diagnostics });
  }

  clear(uri: string): void {
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}
