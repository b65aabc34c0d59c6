// `--format sarif`: SARIF 2.1.0 (OASIS), for GitHub code scanning and other SARIF viewers.
// One run; tool.driver.rules lists every rule; results point at rules by index; notices become
// toolExecutionNotifications of the invocation.
import { docsUrl, type RuleMeta } from '../../core/rule.js';
import type { Severity } from '../../core/types.js';
import type { CheckReport, ReportFinding, ReportNotice } from './model.js';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const INFORMATION_URI = 'https://github.com/pqc-lens/pqc-lens';

type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'info' ? 'note' : severity;
}

export function formatSarif(report: CheckReport): string {
  return JSON.stringify(buildSarif(report), null, 2) + '\n';
}

export function buildSarif(report: CheckReport): Record<string, unknown> {
  const rules: RuleMeta[] = [];
  const ruleIndex = new Map<string, number>();
  const addRule = (meta: RuleMeta): number => {
    const existing = ruleIndex.get(meta.id);
    if (existing !== undefined) return existing;
    ruleIndex.set(meta.id, rules.length);
    rules.push(meta);
    return rules.length - 1;
  };
  for (const meta of report.rules) addRule(meta);
  for (const finding of report.findings) {
    // A finding from a rule the table does not list (should not happen) still gets a descriptor.
    if (!ruleIndex.has(finding.ruleId)) {
      addRule({ id: finding.ruleId, severity: finding.severity, description: finding.ruleId, appliesTo: [], fixable: false, sources: [] });
    }
  }

  const results = report.findings.map((f) => result(f, ruleIndex.get(f.ruleId)!));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'pqc-lens',
            version: report.toolVersion,
            semanticVersion: report.toolVersion,
            informationUri: INFORMATION_URI,
            rules: rules.map(descriptor),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.notices.map(notification),
          },
        ],
        originalUriBaseIds: {
          SRCROOT: { uri: fileUri(report.cwd) },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

function descriptor(meta: RuleMeta): Record<string, unknown> {
  return {
    id: meta.id,
    name: ruleName(meta.id),
    shortDescription: { text: meta.description },
    helpUri: docsUrl(meta.id),
    defaultConfiguration: { level: sarifLevel(meta.severity) },
    properties: {
      fixable: meta.fixable,
      sources: [...meta.sources],
    },
  };
}

function result(f: ReportFinding, index: number): Record<string, unknown> {
  const location = artifactLocation(f.file);
  const out: Record<string, unknown> = {
    ruleId: f.ruleId,
    ruleIndex: index,
    level: sarifLevel(f.severity),
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: location,
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
        },
      },
    ],
  };
  const fixes = uniqueByJson(
    f.fixes
      .filter((fix) => fix.edits.length > 0)
      .map((fix) => ({
        description: { text: fix.safe ? fix.title : `${fix.title} (unsafe: review before applying)` },
        artifactChanges: [
          {
            artifactLocation: location,
            replacements: fix.edits.map((e) => ({
              deletedRegion: { startLine: e.startLine, startColumn: e.startColumn, endLine: e.endLine, endColumn: e.endColumn },
              insertedContent: { text: e.newText },
            })),
          },
        ],
        properties: { safe: fix.safe },
      })),
  );
  if (fixes.length > 0) out.fixes = fixes;
  return out;
}

function notification(n: ReportNotice): Record<string, unknown> {
  const out: Record<string, unknown> = { level: sarifLevel(n.severity), message: { text: n.message } };
  if (n.file !== undefined) out.locations = [{ physicalLocation: { artifactLocation: artifactLocation(n.file) } }];
  return out;
}

function artifactLocation(file: string): Record<string, unknown> {
  // Paths are relative to the directory pqc-lens ran in; encode each segment as a URI reference.
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
}

function fileUri(dir: string): string {
  const posix = dir.replace(/\\/g, '/');
  const withSlash = posix.endsWith('/') ? posix : posix + '/';
  const encoded = withSlash.split('/').map(encodeURIComponent).join('/');
  return /^[A-Za-z]:/.test(posix) ? `file:///${encoded.replace('%3A', ':')}` : `file://${encoded}`;
}

/** "cert-manager/classical-issuer" -> "CertManagerClassicalIssuer" (SARIF's reportingDescriptor.name). */
function ruleName(id: string): string {
  return id.split(/[^A-Za-z0-9]+/).filter((p) => p.length > 0).map((p) => p[0].toUpperCase() + p.slice(1)).join('');
}

function uniqueByJson<T>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
