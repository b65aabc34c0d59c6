// Turns a file's bytes into a located model for its kind. Never throws: problems become
// syntaxErrors (one `syntax-error` finding) or notices (e.g. binary or invalid UTF-8).
import { detectBinaryKind, detectTextKind } from './detect.js';
import { LineIndex } from './text.js';
import type { FileKind, Severity, Span } from './types.js';
import type { SyntaxIssue } from './formats/source.js';
import { parseYaml, type YamlFileModel } from './formats/yaml.js';
import { parseHcl, type HclFileModel, type HclTreeSitter } from './formats/hcl.js';
import { parseJsonc, type JsonFileModel } from './formats/json.js';
import { parseOpensslCnf, type OpensslModel } from './formats/openssl.js';

export interface Notice { severity: Severity; message: string; span: Span }

interface BaseFile {
  path: string;
  text: string;
  lines: LineIndex;
  syntaxErrors: SyntaxIssue[];
  notices: Notice[];
}

export interface YamlFile extends BaseFile {
  kind: 'kubernetes-yaml';
  yaml: YamlFileModel;
  /**
   * Set when this is the engine's view of one document (yaml.documents holds just it): the stretch
   * of the text that document stands for, from its start to the next document's. Text scans
   * (PEM blocks) look only there; otherwise the whole text is the file's.
   */
  part?: Span;
}
export interface HclFile extends BaseFile { kind: 'spire-hcl'; hcl: HclFileModel }
export interface StepCaFile extends BaseFile { kind: 'step-ca-json'; json: JsonFileModel }
export interface OpensslFile extends BaseFile { kind: 'openssl-cnf'; cnf: OpensslModel }
export interface PemFile extends BaseFile { kind: 'pem' }
export interface DerFile extends BaseFile { kind: 'der'; bytes: Uint8Array }
export interface UnknownFile extends BaseFile { kind: 'unknown' }

export type ParsedFile = YamlFile | HclFile | StepCaFile | OpensslFile | PemFile | DerFile | UnknownFile;

export interface ParseOptions {
  /** Tree-sitter parser for HCL; without it SPIRE files are reported as not analysable. */
  hcl?: HclTreeSitter;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes bytes as UTF-8 text; undefined when they are binary (NUL bytes or invalid UTF-8). */
export function decodeText(bytes: Uint8Array): string | undefined {
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) return undefined;
  try {
    const text = utf8.decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}

export function parseFile(path: string, content: string | Uint8Array, options: ParseOptions = {}): ParsedFile {
  if (typeof content !== 'string') {
    const text = decodeText(content);
    if (text === undefined) return parseBinary(path, content);
    content = text;
  }
  return parseText(path, content, detectTextKind(path, content), options);
}

export function parseText(path: string, text: string, kind: FileKind, options: ParseOptions = {}): ParsedFile {
  const base = { path, text, lines: new LineIndex(text), syntaxErrors: [] as SyntaxIssue[], notices: [] as Notice[] };
  switch (kind) {
    case 'kubernetes-yaml': {
      const yaml = parseYaml(text);
      return { ...base, kind, yaml, syntaxErrors: yaml.syntaxErrors };
    }
    case 'spire-hcl': {
      if (!options.hcl) {
        base.notices.push({ severity: 'info', message: 'SPIRE configuration not analysed: the HCL parser is not available in this host.', span: { start: 0, end: 0 } });
        return { ...base, kind: 'unknown' };
      }
      const hcl = parseHcl(text, options.hcl);
      return { ...base, kind, hcl, syntaxErrors: hcl.syntaxErrors };
    }
    case 'step-ca-json': {
      const json = parseJsonc(text);
      return { ...base, kind, json, syntaxErrors: json.syntaxErrors };
    }
    case 'openssl-cnf': {
      const cnf = parseOpensslCnf(text);
      return { ...base, kind, cnf, syntaxErrors: cnf.syntaxErrors };
    }
    case 'pem':
      return { ...base, kind };
    default:
      return { ...base, kind: 'unknown' };
  }
}

function parseBinary(path: string, bytes: Uint8Array): ParsedFile {
  const base = { path, text: '', lines: new LineIndex(''), syntaxErrors: [] as SyntaxIssue[], notices: [] as Notice[] };
  if (detectBinaryKind(path, bytes) === 'der') return { ...base, kind: 'der', bytes };
  base.notices.push({ severity: 'info', message: 'Skipped: binary content or invalid UTF-8 (not a configuration or certificate file).', span: { start: 0, end: 0 } });
  return { ...base, kind: 'unknown' };
}
