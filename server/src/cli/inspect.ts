// `pqc-lens inspect <file|-> [--format text|json|pem] [--knowledge FILE]`: decodes every
// certificate in a file (PEM bundle, DER, or Kubernetes YAML with PEM/base64 values) and prints its
// algorithms, validity, classification and whether its signature verifies against an issuer in the
// same input. Exit code: 0 all decoded (and no signature failed), 1 some certificate is invalid or
// has a bad signature or none was found, 2 usage or read error.
import { readFile as fsReadFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadKnowledge } from '../core/knowledge-load.js';
import type { Knowledge } from '../core/knowledge.js';
import { parseFile } from '../core/parse.js';
import { pemEncode } from '../core/formats/pem.js';
import { locateCertificates } from '../core/x509/locate.js';
import type { CertificateOccurrence, DecodedCertificate, VerifyResult } from '../core/x509/model.js';
import { formatSize } from '../core/x509/summary.js';
import { verifyCertificate } from '../core/x509/verify.js';
import { defaultKnowledgePath } from '../node/workspace.js';

export interface InspectIo {
  stdout(s: string): void;
  stderr(s: string): void;
  cwd: string;
  readFile?(path: string): Promise<Uint8Array>;
  readStdin?(): Promise<Uint8Array>;
}

export const INSPECT_USAGE = `Usage: pqc-lens inspect <file|-> [--format text|json|pem] [--knowledge FILE]

Decodes the certificates in a PEM bundle, a DER file or Kubernetes YAML (PEM values, base64
tls.crt/ca.crt/caBundle/kubeconfig data) and shows algorithms, validity, PQC class and whether
each signature verifies against an issuer in the same input. "-" reads standard input.
`;

interface Options { path: string; format: 'text' | 'json' | 'pem'; knowledge?: string }

function parseArgs(args: string[]): Options | string {
  let path: string | undefined;
  let format: Options['format'] = 'text';
  let knowledge: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--format' || flag === '-f') {
      const value = inline ?? args[++i];
      if (value !== 'text' && value !== 'json' && value !== 'pem') return `--format must be text, json or pem (got ${value ?? 'nothing'})`;
      format = value;
    } else if (flag === '--knowledge') {
      knowledge = inline ?? args[++i];
      if (!knowledge) return '--knowledge needs a file';
    } else if (flag === '-h' || flag === '--help') {
      return 'help';
    } else if (arg.startsWith('-') && arg !== '-') {
      return `unknown option '${arg}'`;
    } else if (path === undefined) {
      path = arg;
    } else {
      return 'inspect takes one file (or - for standard input)';
    }
  }
  if (path === undefined) return 'missing file (or - for standard input)';
  return { path, format, knowledge };
}

async function readAllStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

export interface InspectedCertificate {
  file: string;
  line: number;
  path?: string;
  index: number;
  cert?: DecodedCertificate;
  error?: string;
  verification?: VerifyResult;
}

export async function runInspect(args: string[], io: InspectIo): Promise<number> {
  const options = parseArgs(args);
  if (options === 'help') {
    io.stdout(INSPECT_USAGE);
    return 0;
  }
  if (typeof options === 'string') {
    io.stderr(`pqc-lens inspect: ${options}\n\n${INSPECT_USAGE}`);
    return 2;
  }
  const readFile = io.readFile ?? ((p: string) => fsReadFile(p));
  let knowledge: Knowledge;
  try {
    const knowledgePath = options.knowledge ? resolve(io.cwd, options.knowledge) : defaultKnowledgePath();
    const loaded = loadKnowledge(JSON.parse(new TextDecoder().decode(await readFile(knowledgePath))));
    if (!loaded.knowledge) throw new Error(loaded.problems.join('; '));
    knowledge = loaded.knowledge;
  } catch (error) {
    io.stderr(`pqc-lens inspect: cannot load the knowledge table (${error instanceof Error ? error.message.split('\n')[0] : String(error)})\n`);
    return 2;
  }
  let bytes: Uint8Array;
  const display = options.path === '-' ? '<stdin>' : options.path;
  try {
    bytes = options.path === '-' ? await (io.readStdin ?? readAllStdin)() : await readFile(resolve(io.cwd, options.path));
  } catch (error) {
    io.stderr(`pqc-lens inspect: cannot read ${display} (${error instanceof Error ? error.message.split('\n')[0] : String(error)})\n`);
    return 2;
  }
  const results = inspectBytes(display, bytes, knowledge);
  if (results.length === 0) {
    io.stderr(`pqc-lens inspect: no certificate found in ${display}\n`);
    if (options.format === 'json') io.stdout(`${JSON.stringify({ certificates: [] }, null, 2)}\n`);
    return 1;
  }
  if (options.format === 'json') io.stdout(`${JSON.stringify({ certificates: results.map(toJson) }, null, 2)}\n`);
  else if (options.format === 'pem') {
    io.stdout(results.filter((r) => r.cert).map((r) => pemEncode('CERTIFICATE', r.cert!.raw.der)).join(''));
    for (const r of results) if (r.error) io.stderr(`${r.file}:${r.line}: ${r.error}\n`);
  } else io.stdout(results.map(toText).join('\n'));
  return results.some((r) => r.error || r.verification?.verified === false) ? 1 : 0;
}

/** Decodes and verifies the certificates of one input (issuers looked up inside the same input). */
export function inspectBytes(display: string, bytes: Uint8Array, knowledge: Knowledge): InspectedCertificate[] {
  // A name the detector recognises: keep YAML names, otherwise treat the content as PEM/DER.
  const detectName = /\.(ya?ml|pem|crt|cer|cert|der|ca-bundle)$/i.test(display) || /kubeconfig/i.test(display) ? display : `${display}.pem`;
  let file = parseFile(detectName, bytes);
  if (file.kind !== 'pem' && file.kind !== 'der' && file.kind !== 'kubernetes-yaml') {
    file = parseFile(`${display}.yaml`, bytes);
  }
  const occurrences: CertificateOccurrence[] = locateCertificates(file, knowledge);
  const certs = occurrences.map((o) => o.cert).filter((c): c is DecodedCertificate => c !== undefined);
  return occurrences.map((o) => ({
    file: display,
    line: file.kind === 'der' ? 1 : file.lines.position(o.span.start).line + 1,
    path: o.path,
    index: o.index,
    cert: o.cert,
    error: o.error,
    verification: o.cert ? verifyCertificate(o.cert, certs) : undefined,
  }));
}

function toJson(r: InspectedCertificate): Record<string, unknown> {
  if (!r.cert) return { file: r.file, line: r.line, ...(r.path ? { path: r.path } : {}), error: r.error };
  const c = r.cert;
  return {
    file: r.file,
    line: r.line,
    ...(r.path ? { path: r.path } : {}),
    subject: c.subject,
    issuer: c.issuer,
    serial: c.serial,
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    publicKey: { algorithm: c.publicKey.algorithm, oid: c.publicKey.oid },
    signature: { algorithm: c.signature.algorithm, oid: c.signature.oid, verified: r.verification?.verified ?? null, reason: r.verification?.reason ?? null },
    pqcClass: c.pqcClass,
    fingerprintSha256: c.fingerprintSha256,
    bytes: c.bytes,
  };
}

const KU_TEXT: Record<string, string> = {
  digitalSignature: 'Digital Signature', nonRepudiation: 'Non Repudiation', keyEncipherment: 'Key Encipherment', dataEncipherment: 'Data Encipherment',
  keyAgreement: 'Key Agreement', keyCertSign: 'Certificate Sign', cRLSign: 'CRL Sign', encipherOnly: 'Encipher Only', decipherOnly: 'Decipher Only',
};

function toText(r: InspectedCertificate): string {
  const where = `${r.file}:${r.line}${r.path ? ` (${r.path}${r.index > 0 ? ` #${r.index + 1}` : ''})` : r.index > 0 ? ` (#${r.index + 1})` : ''}`;
  if (!r.cert) return `${where}\nError: ${r.error}\n`;
  const c = r.cert;
  const out: string[] = [];
  const p = (indent: number, text: string): void => void out.push(`${' '.repeat(indent)}${text}`);
  p(0, `${where}`);
  p(0, 'Certificate:');
  p(4, 'Data:');
  p(8, `Version: ${c.version} (0x${(c.version - 1).toString(16)})`);
  p(8, `Serial Number: ${c.serial}`);
  p(4, `Signature Algorithm: ${c.signature.algorithm}`);
  p(8, `Issuer: ${c.issuer}`);
  p(8, 'Validity');
  p(12, `Not Before: ${c.notBefore}`);
  p(12, `Not After : ${c.notAfter}`);
  p(8, `Subject: ${c.subject}`);
  p(8, 'Subject Public Key Info:');
  p(12, `Public Key Algorithm: ${c.publicKey.algorithm} (${c.publicKey.oid})`);
  p(16, `Public-Key: ${c.publicKey.bits ? `(${c.publicKey.bits} bit)` : `(${c.publicKey.size} bytes)`}`);
  if (c.extensions.length > 0) {
    p(8, 'X509v3 extensions:');
    for (const e of c.extensions) {
      p(12, `${e.name ?? e.oid}:${e.critical ? ' critical' : ''}`);
      if (e.oid === '2.5.29.15' && c.keyUsage) p(16, c.keyUsage.map((k) => KU_TEXT[k] ?? k).join(', '));
      else if (e.oid === '2.5.29.37' && c.extKeyUsage) p(16, c.extKeyUsage.join(', '));
      else if (e.oid === '2.5.29.19' && c.basicConstraints) p(16, `CA:${c.basicConstraints.ca ? 'TRUE' : 'FALSE'}${c.basicConstraints.pathLen !== undefined ? `, pathlen:${c.basicConstraints.pathLen}` : ''}`);
      else if (e.oid === '2.5.29.14' && c.subjectKeyId) p(16, c.subjectKeyId);
      else if (e.oid === '2.5.29.35' && c.authorityKeyId) p(16, `keyid:${c.authorityKeyId}`);
      else if (e.oid === '2.5.29.17') p(16, c.sans.map((s) => `${s.type === 'dns' ? 'DNS' : s.type === 'ip' ? 'IP Address' : s.type === 'uri' ? 'URI' : s.type === 'email' ? 'email' : s.type}:${s.value}`).join(', '));
    }
  }
  p(4, `Signature Algorithm: ${c.signature.algorithm} (${c.signature.oid}), ${c.signature.size} bytes`);
  const v = r.verification;
  p(4, `Signature: ${v?.verified === true ? `verified${c.selfSigned ? ' (self-signed)' : ''}` : v?.verified === false ? `DOES NOT VERIFY (${v.reason})` : `not checked (${v?.reason ?? 'no issuer'})`}`);
  p(4, `PQC class: ${c.pqcClass}${c.nistLevel ? ` (NIST level ${c.nistLevel})` : ''}${c.compositeDraft ? `, ${c.compositeDraft}` : ''}`);
  p(4, `Fingerprint (SHA-256): ${c.fingerprintSha256}`);
  p(4, `Size: ${c.bytes} bytes (${formatSize(c.bytes)})`);
  if (c.problems.length > 0) p(4, `Problems: ${c.problems.join('; ')}`);
  return `${out.join('\n')}\n`;
}
