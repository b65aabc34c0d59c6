// Kubernetes control planes that do not offer the standard hybrid key exchange X25519MLKEM768:
//  - a version (kubeadm ClusterConfiguration kubernetesVersion, or a kube-apiserver /
//    kube-controller-manager / kube-scheduler / kube-proxy image) built with a Go release whose
//    default TLS groups hold no standard PQ group (knowledge.kubernetesGo: 1.32 = Go 1.23 = draft
//    Kyber only, which 1.33+ peers no longer speak);
//  - `--tls-curve-preferences` (Kubernetes 1.36+, numeric Go CurveIDs) in a control-plane container's
//    command/args or in kubeadm extraArgs, set without 4588 (X25519MLKEM768).
import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { defineRule } from '../../rule.js';
import type { YamlFile } from '../../parse.js';
import { feature, statusPhrase, tlsGroup, type Knowledge, type KubernetesGoEntry, type TlsGroupEntry } from '../../knowledge.js';
import { checkableDocuments, nodeAt, type YamlDocument } from '../../formats/yaml.js';
import { compareVersions, imageMatches, parseImage, parseVersion, type Version } from '../../versions.js';
import type { VersionFact } from '../../workspace/facts.js';
import type { Fix, Report, Span } from '../../types.js';
import { bumpFix, DIGEST_NOTE, isPlaceholderVersion, maxVersion, originText, pinnedByDigest } from '../version-common.js';

const COMPONENT = 'kubernetes';
const FLAG = '--tls-curve-preferences';
const KUBEADM_ARG = 'tls-curve-preferences';
/** kubeadm ClusterConfiguration sections whose extraArgs reach a serving component. */
const KUBEADM_SECTIONS = ['apiServer', 'controllerManager', 'scheduler'];

/** A `--tls-curve-preferences` value found in the document. */
interface CurveList {
  /** The list text as written (e.g. "29,23"). */
  value: string;
  /** Where the list text is, for the finding. */
  span: Span;
  /** How to write a new list: replace `span`, or rewrite the whole scalar when the list cannot be edited in place. */
  rewrite: (list: string) => { span: Span; newText: string } | undefined;
  /** Who gets the flag: "kube-apiserver", "kubeadm apiServer.extraArgs" … */
  where: string;
}

export default defineRule({
  meta: {
    id: 'kubernetes/no-pq-key-exchange',
    severity: 'warning',
    description: 'A Kubernetes control plane below v1.33 (built with Go < 1.24: no X25519MLKEM768), or --tls-curve-preferences set without 4588 (X25519MLKEM768), so its TLS key exchange is not post-quantum.',
    appliesTo: ['kubernetes-yaml'],
    fixable: true,
    sources: [
      'kubernetes/contributor-site blog "Post-Quantum Cryptography in Kubernetes" (v1.32 = Go 1.23 with X25519Kyber768Draft00; v1.33 = Go 1.24 with X25519MLKEM768; seeds/001_594500686a460453.txt)',
      'Go 1.24 release notes (crypto/tls: X25519MLKEM768 by default, X25519Kyber768Draft00 removed)',
      'kubernetes/kubernetes PR #137115 (--tls-curve-preferences, CHANGELOG v1.36.0-beta.0; component-base cli/flag TLSCurvePreferences: numeric CurveIDs, duplicates rejected)',
      'seeds/000_913be8e6bf26f545.txt ("Kubernetes 1.32+ (compiled with Go 1.24)" — 1.33 is the first built with Go 1.24)',
    ],
  },
  check({ file, index, knowledge, report }) {
    if (file.kind !== 'kubernetes-yaml') return;
    const { pqEntry, required, binaries } = fromKnowledge(knowledge);
    const versions = index.ofFile('versions', file.path).filter((v) => v.component === COMPONENT && !isPlaceholderVersion(v.version));
    for (const doc of checkableDocuments(file.yaml)) {
      const lists = mayHoldCurveList(file.text, doc) ? curveLists(file, doc, knowledge, binaries) : [];
      const inDoc = versions.filter((v) => doc.span.start <= v.span.start && v.span.end <= doc.span.end);
      if (pqEntry) for (const v of inDoc) checkVersion(file, v, lists.length > 0, pqEntry, knowledge, report);
      if (required) for (const list of lists) checkCurveList(list, required, knowledge, report);
    }
  },
});

/** What the rule takes from a knowledge table, derived once per table (it is the same object for every file). */
const derived = new WeakMap<Knowledge, { pqEntry?: KubernetesGoEntry; required?: TlsGroupEntry; binaries: Binary[] }>();

function fromKnowledge(knowledge: Knowledge): { pqEntry?: KubernetesGoEntry; required?: TlsGroupEntry; binaries: Binary[] } {
  let entry = derived.get(knowledge);
  if (!entry) {
    const pqEntry = firstPqEntry(knowledge);
    entry = { pqEntry, required: requiredGroup(knowledge, pqEntry), binaries: controlPlaneBinaries(knowledge) };
    derived.set(knowledge, entry);
  }
  return entry;
}

// ---------------------------------------------------------------------------------------------
// Versions

function pqGroups(entry: KubernetesGoEntry, knowledge: Knowledge): TlsGroupEntry[] {
  return entry.defaultPqGroups.map((g) => tlsGroup(knowledge, g)).filter((g): g is TlsGroupEntry => g !== undefined && g.pq && !g.replacedBy);
}

function sortedEntries(knowledge: Knowledge): { entry: KubernetesGoEntry; version: Version }[] {
  return knowledge.kubernetesGo
    .map((entry) => ({ entry, version: parseVersion(entry.kubernetes) }))
    .filter((e): e is { entry: KubernetesGoEntry; version: Version } => e.version !== undefined)
    .sort((a, b) => compareVersions(a.version, b.version));
}

/** The first Kubernetes minor whose Go offers a standard PQ group by default (1.33). */
function firstPqEntry(knowledge: Knowledge): KubernetesGoEntry | undefined {
  return sortedEntries(knowledge).find((e) => pqGroups(e.entry, knowledge).length > 0)?.entry;
}

/** The group every PQ-capable Kubernetes offers by default (X25519MLKEM768), with its Go CurveID. */
function requiredGroup(knowledge: Knowledge, pqEntry: KubernetesGoEntry | undefined): TlsGroupEntry | undefined {
  return pqEntry ? pqGroups(pqEntry, knowledge).find((g) => g.goCurveId !== undefined) : undefined;
}

/** The table row for a version's minor: the newest row at or below it (undefined when older than all). */
function entryFor(version: Version, knowledge: Knowledge): KubernetesGoEntry | undefined {
  const minor: Version = [version[0], version[1], 0];
  let found: KubernetesGoEntry | undefined;
  for (const e of sortedEntries(knowledge)) if (compareVersions(e.version, minor) <= 0) found = e.entry;
  return found;
}

function checkVersion(file: YamlFile, fact: VersionFact, usesCurveFlag: boolean, pqEntry: KubernetesGoEntry, knowledge: Knowledge, report: (r: Report) => void): void {
  const version = parseVersion(fact.version);
  const firstPq = parseVersion(pqEntry.kubernetes);
  if (!version || !firstPq || compareVersions(version, firstPq) >= 0) return;
  const entry = entryFor(version, knowledge);
  const pqTarget = `${firstPq[0]}.${firstPq[1]}.0`;
  // A manifest that also passes --tls-curve-preferences needs the release that has the flag.
  const flagSince = usesCurveFlag ? feature(knowledge, 'kubernetes/tls-curve-preferences')?.since : undefined;
  const target = maxVersion(flagSince ? [pqTarget, flagSince] : [pqTarget])!;

  const subject = subjectOf(file.text, fact);
  const harvest = 'recorded control-plane traffic stays open to later quantum decryption';
  let why: string;
  if (!entry) {
    const oldest = sortedEntries(knowledge)[0]?.entry;
    why = `${subject} is built with a Go release older than ${oldest ? `Go ${oldest.go}` : `Go ${pqEntry.go}`}, which offers no post-quantum key exchange: ${harvest}`;
  } else {
    const drafts = entry.defaultPqGroups.map((g) => tlsGroup(knowledge, g)).filter((g): g is TlsGroupEntry => g !== undefined && g.pq && g.replacedBy !== undefined);
    why = drafts.length > 0
      ? `${subject} is built with Go ${entry.go}, which offers only the pre-standard ${drafts.map((g) => g.name).join(', ')}; peers on Go ${pqEntry.go}+ (Kubernetes ${pqEntry.kubernetes}+ clients and servers) no longer speak it, so connections silently fall back to classical X25519 and ${harvest}`
      : `${subject} is built with Go ${entry.go}, which offers no post-quantum key exchange: ${harvest}`;
  }
  const pqNames = pqGroups(pqEntry, knowledge).map((g) => g.name).join(', ');
  let message = `${why}. ` +
    `Upgrade to ${target} or later (${pqEntry.kubernetes} is the first release built with Go ${pqEntry.go}, which offers ${pqNames} by default${flagSince ? `; --tls-curve-preferences needs ${flagSince}` : ''}).`;
  const guide = feature(knowledge, 'kubernetes/x25519mlkem768-default-guide');
  if (guide && !isBelow(version, guide.since)) {
    message += ` The migration guide says ${guide.since.replace(/\.0$/, '')}+ is enough (${statusPhrase(guide.status)}), but ${entry ? `${entry.kubernetes} is built with Go ${entry.go}` : 'that is wrong'}.`;
  }
  if (pinnedByDigest(file.text, fact)) message += ` ${DIGEST_NOTE}`;
  const fix = bumpFix(file.text, fact, target);
  report({ span: fact.span, message, fixes: fix ? [{ ...fix, title: `Upgrade Kubernetes to ${fix.edits[0].newText}` }] : [] });
}

/** "kube-apiserver v1.32.0", "Kubernetes v1.32.4 (kubeadm kubernetesVersion)": what carries the version. */
function subjectOf(text: string, fact: VersionFact): string {
  if (fact.origin !== 'image') return `Kubernetes ${fact.version} (${originText(fact)})`;
  // The image reference runs from the last white space or quote before the tag to the tag.
  let start = fact.span.start;
  while (start > 0 && !/[\s"']/.test(text[start - 1])) start--;
  const reference = text.slice(start, fact.span.start).replace(/:$/, '');
  const name = parseImage(reference).path.split('/').pop();
  return `${name || 'Kubernetes'} ${fact.version}`;
}

function isBelow(version: Version, minimum: string): boolean {
  const min = parseVersion(minimum);
  return min !== undefined && compareVersions(version, min) < 0;
}

// ---------------------------------------------------------------------------------------------
// --tls-curve-preferences

function checkCurveList(list: CurveList, required: TlsGroupEntry, knowledge: Knowledge, report: (r: Report) => void): void {
  const tokens = list.value.split(',').map((t) => t.trim()).filter((t) => t.length > 0);
  if (tokens.length === 0) return; // empty = Go defaults, which include X25519MLKEM768 on Go 1.24+
  const requiredId = String(required.goCurveId);
  if (tokens.includes(requiredId)) return;

  const named = tokens.filter((t) => !/^\d+$/.test(t));
  const groups = tokens.map((t) => (/^\d+$/.test(t) ? knowledge.tlsGroups.find((g) => g.goCurveId === Number(t)) : tlsGroup(knowledge, t)));
  const shown = `${FLAG}=${list.value}`;
  let message: string;
  if (named.length > 0) {
    const mapped = named.map((t) => {
      const g = tlsGroup(knowledge, t);
      return g?.goCurveId !== undefined ? `${t} is ${g.goCurveId}` : `${t} has no Go CurveID`;
    });
    message = `${shown} (${list.where}) uses group names, but the flag takes numeric Go CurveIDs and the component rejects anything else (${mapped.join(', ')}). ` +
      `Write the list as numbers and include ${requiredId} (${required.name}).`;
  } else {
    const pq = groups.filter((g): g is TlsGroupEntry => g !== undefined && g.pq);
    const known = groups.map((g, i) => (g ? g.name : tokens[i]));
    message = pq.length > 0
      ? `${shown} (${list.where}) offers ${pq.map((g) => g.name).join(', ')} but not ${required.name} (${requiredId}), the hybrid group every Go 1.24+ client (kubectl, kubelet, controllers) offers by default, so most connections fall back to a classical key exchange. Add ${requiredId}.`
      : `${shown} (${list.where}) allows only classical groups (${known.join(', ')}), so this component never negotiates a post-quantum key exchange and recorded traffic stays open to later quantum decryption. Add ${requiredId} (${required.name}); the flag takes numeric Go CurveIDs.`;
  }
  const fixes: Fix[] = [];
  const ids = tokens.map((t) => {
    if (/^\d+$/.test(t)) return t;
    const id = tlsGroup(knowledge, t)?.goCurveId;
    return id !== undefined ? String(id) : t;
  });
  if (ids.every((t) => /^\d+$/.test(t))) {
    const next = [...new Set([requiredId, ...ids])].join(',');
    const edit = list.rewrite(next);
    if (edit) fixes.push({ title: `Add ${requiredId} (${required.name}) to ${FLAG}${named.length > 0 ? ' and write the list as numeric CurveIDs' : ''}`, safe: true, edits: [edit] });
  }
  report({ span: list.span, message, fixes });
}

/** The control-plane binaries (kube-apiserver …) named by the knowledge table's Kubernetes images, with a pattern that finds each in an argument. */
interface Binary { name: string; inArgument: RegExp }

function controlPlaneBinaries(knowledge: Knowledge): Binary[] {
  const component = knowledge.components.find((c) => c.id === COMPONENT);
  const names = new Set((component?.images ?? []).map((i) => parseImage(i).path.split('/').pop() ?? ''));
  return [...names].map((name) => ({ name, inArgument: new RegExp(`(^|[\\s/])${name}(\\s|$)`) }));
}

/**
 * False when the document cannot hold a curve list, without walking it: every list comes from a
 * scalar or key whose value contains "tls-curve-preferences", and a YAML value can only contain
 * text its source does not through double-quoted escapes (`\x2d`, an escaped line break), which
 * need a backslash.
 */
function mayHoldCurveList(text: string, doc: YamlDocument): boolean {
  const source = text.slice(doc.span.start, doc.span.end);
  return source.includes(KUBEADM_ARG) || source.includes('\\');
}

function curveLists(file: YamlFile, doc: YamlDocument, knowledge: Knowledge, binaries: readonly Binary[]): CurveList[] {
  const root = doc.doc.contents;
  const out: CurveList[] = [];
  if (doc.kind === 'ClusterConfiguration' && (doc.apiVersion ?? '').startsWith('kubeadm.k8s.io/')) {
    for (const section of KUBEADM_SECTIONS) out.push(...kubeadmArgs(file, nodeAt(root, [section, 'extraArgs']), `kubeadm ${section}.extraArgs`));
  }
  const component = knowledge.components.find((c) => c.id === COMPONENT);
  for (const container of containers(root)) {
    const image = isScalar(container.image) && typeof container.image.value === 'string' ? container.image.value : undefined;
    const args = [...sequenceScalars(container.command), ...sequenceScalars(container.args)];
    const first = args[0] ? String(args[0].node.value ?? '') : '';
    const byImage = image !== undefined && component !== undefined && imageMatches(parseImage(image), component.images);
    const binary = binaries.find((b) => first === b.name || first.endsWith('/' + b.name) || args.some((a) => b.inArgument.test(String(a.node.value ?? ''))))?.name;
    if (!byImage && !binary) continue;
    const name = binary ?? (image ? parseImage(image).path.split('/').pop()! : 'container');
    out.push(...flagValues(file, args, name));
  }
  return out;
}

interface ArgScalar { node: Scalar; inFlow: boolean }

function sequenceScalars(node: Node | undefined): ArgScalar[] {
  if (!isSeq(node)) return [];
  return node.items.filter((i): i is Scalar => isScalar(i)).map((item) => ({ node: item, inFlow: node.flow === true }));
}

interface ContainerNodes { image?: Node; command?: Node; args?: Node }

/** Every map that looks like a container (has image, command or args), anywhere in the document. */
function containers(node: unknown, out: ContainerNodes[] = []): ContainerNodes[] {
  if (isMap(node)) {
    const get = (key: string): Node | undefined => {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      return (pair?.value ?? undefined) as Node | undefined;
    };
    const c: ContainerNodes = { image: get('image'), command: get('command'), args: get('args') };
    if (c.image !== undefined && (isSeq(c.command) || isSeq(c.args))) out.push(c);
    for (const item of node.items) containers(item.value, out);
  } else if (isSeq(node)) {
    for (const item of node.items) containers(item, out);
  }
  return out;
}

/** `--tls-curve-preferences=X` inside an argument, or `--tls-curve-preferences` followed by the value as the next argument. */
function flagValues(file: YamlFile, args: ArgScalar[], where: string): CurveList[] {
  const out: CurveList[] = [];
  const text = file.text;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = typeof arg.node.value === 'string' ? arg.node.value : String(arg.node.value ?? '');
    const range = arg.node.range;
    if (!range) continue;
    if (value.trim() === FLAG && i + 1 < args.length) {
      const next = args[i + 1];
      const list = wholeScalarList(text, next);
      if (list) out.push({ ...list, where });
      i++;
      continue;
    }
    // In the source text (so offsets are exact); quoted scalars hold the flag unescaped.
    const source = text.slice(range[0], range[1]);
    const pattern = /--tls-curve-preferences[= ]([^\s"'\\]*)/g;
    let match: RegExpExecArray | null;
    while ((match = pattern.exec(source)) !== null) {
      const start = range[0] + match.index + match[0].length - match[1].length;
      const span = { start, end: start + match[1].length };
      const listText = match[1];
      const node = arg.node;
      const inFlow = arg.inFlow;
      out.push({
        value: listText,
        span,
        where,
        rewrite: (list) => {
          // A plain scalar in a flow sequence ends at a comma: quote the whole argument instead.
          if (node.type === 'PLAIN' && inFlow) {
            return { span: { start: range[0], end: range[1] }, newText: JSON.stringify(value.replace(`${FLAG}=${listText}`, `${FLAG}=${list}`)) };
          }
          return { span, newText: list };
        },
      });
    }
  }
  return out;
}

/** A scalar that is the whole list (kubeadm extraArgs value, or the argument after the flag). */
function wholeScalarList(text: string, arg: ArgScalar): Omit<CurveList, 'where'> | undefined {
  const range = arg.node.range;
  if (!range) return undefined;
  const value = String(arg.node.value ?? '');
  const quoted = arg.node.type === 'QUOTE_DOUBLE' || arg.node.type === 'QUOTE_SINGLE';
  const span = quoted ? { start: range[0] + 1, end: range[1] - 1 } : { start: range[0], end: range[1] };
  if (text.slice(span.start, span.end) !== value) return undefined;
  const isString = typeof arg.node.value === 'string';
  return {
    value,
    span,
    rewrite: (list) => {
      // Plain scalars: a number (e.g. `29`) must become a string, and a comma would end a plain scalar in flow context.
      if (!quoted && (arg.inFlow || !isString)) return { span: { start: range[0], end: range[1] }, newText: JSON.stringify(list) };
      return { span, newText: list };
    },
  };
}

/** kubeadm extraArgs: v1beta3 map `tls-curve-preferences: "…"`, or v1beta4 list `- {name: tls-curve-preferences, value: "…"}`. */
function kubeadmArgs(file: YamlFile, extraArgs: Node | undefined, where: string): CurveList[] {
  const out: CurveList[] = [];
  if (isMap(extraArgs)) {
    for (const pair of extraArgs.items) {
      if (isScalar(pair.key) && pair.key.value === KUBEADM_ARG && isScalar(pair.value)) {
        const list = wholeScalarList(file.text, { node: pair.value, inFlow: extraArgs.flow === true });
        if (list) out.push({ ...list, where });
      }
    }
  } else if (isSeq(extraArgs)) {
    for (const item of extraArgs.items) {
      if (!isMap(item)) continue;
      const name = item.items.find((p) => isScalar(p.key) && p.key.value === 'name');
      const value = item.items.find((p) => isScalar(p.key) && p.key.value === 'value');
      if (name && isScalar(name.value) && name.value.value === KUBEADM_ARG && value && isScalar(value.value)) {
        const list = wholeScalarList(file.text, { node: value.value, inFlow: item.flow === true || extraArgs.flow === true });
        if (list) out.push({ ...list, where });
      }
    }
  }
  return out;
}
