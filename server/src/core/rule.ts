// The rule framework: one file per rule under rules/<area>/<name>.ts, default-exporting a Rule.
// The registry (rules/index.ts) is generated from the files on disk at build time.
import type { FileKind, Report, Severity } from './types.js';
import type { ParsedFile } from './parse.js';
import type { WorkspaceIndex } from './workspace/index.js';
import type { Knowledge } from './knowledge.js';

export interface RuleMeta {
  /** Fixed public id, e.g. "cert-manager/classical-issuer". Also the docs path: docs/rules/<id>.md. */
  id: string;
  /** Default severity; users override it per rule in .pqc-lens.yaml or settings. */
  severity: Severity;
  /** One sentence: what the rule finds. */
  description: string;
  /** File kinds the rule looks at; the analyser calls `check` only for these. */
  appliesTo: readonly FileKind[];
  fixable: boolean;
  /**
   * Where the rule's facts come from: upstream references or seed file names. A rule whose premise
   * rests on the migration guide rather than a released upstream feature says so in its messages.
   */
  sources: readonly string[];
}

export interface RuleSettings {
  /** Days before notAfter at which certificates count as expiring. */
  expiringDays: number;
  /** The analysis clock (injected, so results are reproducible). */
  now: Date;
}

export interface RuleContext<F extends ParsedFile = ParsedFile> {
  file: F;
  index: WorkspaceIndex;
  knowledge: Knowledge;
  settings: RuleSettings;
  report(report: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

/** Typed helper so a rule file reads `export default defineRule({...})`. */
export function defineRule(rule: Rule): Rule {
  return rule;
}

export const DOCS_BASE_URL = 'https://github.com/pqc-lens/pqc-lens/blob/main/docs/rules/';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}
