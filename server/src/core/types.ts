// Shared vocabulary of the core. Positions are 0-based line/character in UTF-16 code units
// (what LSP and JavaScript strings use); spans are UTF-16 offsets into the file text.

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export type FileKind = 'kubernetes-yaml' | 'spire-hcl' | 'step-ca-json' | 'openssl-cnf' | 'pem' | 'der' | 'unknown';

export interface Span { start: number; end: number }
export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

/** A replacement of the text in `span` (offsets in the analysed file) by `newText`. */
export interface TextEdit { span: Span; newText: string }

export interface Fix {
  title: string;
  /** Safe fixes are applied by `pqc-lens check --fix` and fix-all; unsafe ones only on request. */
  safe: boolean;
  edits: TextEdit[];
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  span: Span;
  range: Range;
  fixes: Fix[];
}

/** What a rule hands to `report`; the analyser adds rule id, severity, file and range. */
export interface Report {
  span: Span;
  message: string;
  fixes?: Fix[];
  /** Overrides the rule's default severity for this one finding (e.g. CA vs leaf certificate). */
  severity?: Severity;
}
