// DER certificate → DecodedCertificate. Never throws: hostile or malformed input becomes
// { ok: false, error }. The outer structure is validated by our own DER reader (der.ts) with size,
// depth and element limits before @peculiar/asn1-x509 parses it.
import { createHash } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, GeneralName, Name, SubjectAlternativeName } from '@peculiar/asn1-x509';
import type { AlgorithmEntry, Knowledge } from '../knowledge.js';
import { combineClasses, HASH_OIDS, lookupAlgorithm, paramNumber, paramString } from './algorithms.js';
import { children, decodeOid, integerBitLength, isError, readAlgorithmIdentifier, readTlv, sameBytes, toHex, validateDer, type Tlv } from './der.js';
import { signatureScheme } from './schemes.js';
import type { DecodedCertificate, DecodeResult, ExtensionInfo, KeyUsageName, PublicKeyInfo, SignatureInfo, SubjectAltName } from './model.js';

/** Largest certificate accepted (an SLH-DSA-256f certificate is about 50 KB). */
export const MAX_CERTIFICATE_BYTES = 256 * 1024;
/** More extensions than this is not a real certificate. */
export const MAX_EXTENSIONS = 256;

const KEY_USAGE_BITS: KeyUsageName[] = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];

const EKU_NAMES: Readonly<Record<string, string>> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};

const EXTENSION_NAMES: Readonly<Record<string, string>> = {
  '2.5.29.14': 'subjectKeyIdentifier',
  '2.5.29.15': 'keyUsage',
  '2.5.29.17': 'subjectAltName',
  '2.5.29.18': 'issuerAltName',
  '2.5.29.19': 'basicConstraints',
  '2.5.29.30': 'nameConstraints',
  '2.5.29.31': 'cRLDistributionPoints',
  '2.5.29.32': 'certificatePolicies',
  '2.5.29.35': 'authorityKeyIdentifier',
  '2.5.29.37': 'extKeyUsage',
  '1.3.6.1.5.5.7.1.1': 'authorityInfoAccess',
  '1.3.6.1.4.1.11129.2.4.2': 'ctPrecertificateSCTs',
};

const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.17': 'postalCode',
  '2.5.4.42': 'GN',
  '2.5.4.46': 'dnQualifier',
  '2.5.4.65': 'pseudonym',
  '2.5.4.97': 'organizationIdentifier',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

const RSA_KEY = '1.2.840.113549.1.1.1';
const RSA_PSS = '1.2.840.113549.1.1.10';
const EC_KEY = '1.2.840.10045.2.1';
const DSA_KEY = '1.2.840.10040.4.1';

interface Layout {
  tbs: Tlv;
  signatureAlgorithm: Tlv;
  signatureValue: Tlv;
  tbsSignature: Tlv;
  issuer: Tlv;
  subject: Tlv;
  spki: Tlv;
  spkiAlgorithm: Tlv;
  spkiKey: Tlv;
  extensions: Tlv[];
}

export function decodeCertificate(input: Uint8Array, knowledge: Knowledge): DecodeResult {
  try {
    return decodeUnchecked(input, knowledge);
  } catch (error) {
    // Defensive: the checks below should make this unreachable.
    return { ok: false, error: `not a certificate: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
}

function decodeUnchecked(input: Uint8Array, knowledge: Knowledge): DecodeResult {
  if (input.length === 0) return { ok: false, error: 'empty input' };
  if (input.length > MAX_CERTIFICATE_BYTES) return { ok: false, error: `too large for a certificate (${input.length} bytes, limit ${MAX_CERTIFICATE_BYTES})` };
  if (input[0] !== 0x30) return { ok: false, error: 'not DER: a certificate starts with a SEQUENCE (0x30)' };
  const der = new Uint8Array(input); // own copy: callers may reuse their buffer
  const invalid = validateDer(der);
  if (invalid) return { ok: false, error: `malformed DER: ${invalid}` };
  const layout = readLayout(der);
  if ('error' in layout) return { ok: false, error: layout.error };

  let parsed: Certificate;
  try {
    parsed = AsnConvert.parse(der, Certificate);
  } catch (error) {
    return { ok: false, error: `not an X.509 certificate: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
  const tbs = der.slice(layout.tbs.start, layout.tbs.end);
  if (parsed.tbsCertificateRaw && !sameBytes(new Uint8Array(parsed.tbsCertificateRaw), tbs)) {
    return { ok: false, error: 'TBSCertificate could not be located exactly' };
  }
  const problems: string[] = [];
  const sigAlg = readAlgorithmIdentifier(der, layout.signatureAlgorithm);
  const innerAlg = readAlgorithmIdentifier(der, layout.tbsSignature);
  const keyAlg = readAlgorithmIdentifier(der, layout.spkiAlgorithm);
  if (!sigAlg || !innerAlg || !keyAlg) return { ok: false, error: 'malformed AlgorithmIdentifier' };
  if (!sameBytes(der.subarray(layout.signatureAlgorithm.start, layout.signatureAlgorithm.end), der.subarray(layout.tbsSignature.start, layout.tbsSignature.end))) {
    problems.push(`signatureAlgorithm (${sigAlg.oid}) differs from the TBSCertificate signature field (${innerAlg.oid}) (RFC 5280 4.1.1.2)`);
  }

  const sigBits = der.subarray(layout.signatureValue.contentStart, layout.signatureValue.end);
  if (sigBits.length === 0 || sigBits[0] !== 0) return { ok: false, error: 'signatureValue BIT STRING has unused bits' };
  const keyBits = der.subarray(layout.spkiKey.contentStart, layout.spkiKey.end);
  if (keyBits.length === 0 || keyBits[0] !== 0) return { ok: false, error: 'subjectPublicKey BIT STRING has unused bits' };
  const publicKeyBytes = keyBits.slice(1);
  const signatureValue = sigBits.slice(1);

  const tbsCert = parsed.tbsCertificate;
  const subject = formatName(tbsCert.subject);
  const issuer = formatName(tbsCert.issuer);
  let notBefore: string;
  let notAfter: string;
  try {
    notBefore = isoSeconds(tbsCert.validity.notBefore.getTime());
    notAfter = isoSeconds(tbsCert.validity.notAfter.getTime());
  } catch {
    return { ok: false, error: 'invalid validity dates' };
  }

  const ext = readExtensions(der, layout.extensions, problems);
  const keyEntry = lookupAlgorithm(knowledge, keyAlg.oid);
  const sigEntry = lookupAlgorithm(knowledge, sigAlg.oid);
  const publicKey = describeKey(der, keyAlg, keyEntry, publicKeyBytes, knowledge);
  const signature = describeSignature(der, sigAlg, sigEntry, signatureValue.length);
  const scheme = signatureScheme(knowledge, sigAlg.oid);
  if (scheme) signature.scheme = scheme;
  const pqcClass = combineClasses([keyEntry?.pqcClass, sigEntry?.pqcClass]);
  const draftEntry = [sigEntry, keyEntry].find((e) => e?.draft && (e.pqcClass === 'legacy-pq' || e.pqcClass === 'composite'));
  const levels = [keyEntry, sigEntry].map((e) => e?.nistLevel).filter((n): n is number => typeof n === 'number');

  const subjectRaw = der.slice(layout.subject.start, layout.subject.end);
  const issuerRaw = der.slice(layout.issuer.start, layout.issuer.end);
  const selfIssued = sameBytes(subjectRaw, issuerRaw) || normaliseName(subject) === normaliseName(issuer);
  const keyIdsAgree = !ext.subjectKeyId || !ext.authorityKeyId || ext.subjectKeyId === ext.authorityKeyId;
  const selfSigned = selfIssued && keyIdsAgree && keyCanMakeSignature(keyAlg.oid, sigAlg.oid, keyEntry, sigEntry);

  const cert: DecodedCertificate = {
    subject,
    issuer,
    serial: serialHex(new Uint8Array(tbsCert.serialNumber)),
    version: Number(tbsCert.version) + 1,
    notBefore,
    notAfter,
    sans: ext.sans,
    keyUsage: ext.keyUsage,
    extKeyUsage: ext.extKeyUsage,
    basicConstraints: ext.basicConstraints,
    subjectKeyId: ext.subjectKeyId,
    authorityKeyId: ext.authorityKeyId,
    extensions: ext.list,
    fingerprintSha256: createHash('sha256').update(der).digest('hex'),
    fingerprintSha1: createHash('sha1').update(der).digest('hex'),
    bytes: der.length,
    publicKey,
    signature,
    pqcClass,
    compositeDraft: draftEntry?.draft,
    nistLevel: levels.length > 0 ? Math.min(...levels) : undefined,
    selfIssued,
    selfSigned,
    isCa: ext.basicConstraints?.ca === true,
    problems,
    raw: {
      der,
      tbs,
      signatureAlgorithm: der.slice(layout.signatureAlgorithm.start, layout.signatureAlgorithm.end),
      signatureValue,
      spki: der.slice(layout.spki.start, layout.spki.end),
      publicKey: publicKeyBytes,
      subject: subjectRaw,
      issuer: issuerRaw,
    },
  };
  return { ok: true, cert };
}

function readLayout(der: Uint8Array): Layout | { error: string } {
  const outer = readTlv(der, 0);
  if (isError(outer)) return outer;
  const top = children(der, outer);
  if (isError(top)) return top;
  if (top.length !== 3 || top[0].tag !== 0x30 || top[1].tag !== 0x30 || top[2].tag !== 0x03) {
    return { error: 'not an X.509 certificate: expected SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }' };
  }
  const fields = children(der, top[0]);
  if (isError(fields)) return fields;
  let i = 0;
  if (fields[0]?.tag === 0xa0) i++;
  const expect = [0x02, 0x30, 0x30, 0x30, 0x30, 0x30];
  const names = ['serialNumber', 'signature', 'issuer', 'validity', 'subject', 'subjectPublicKeyInfo'];
  for (let k = 0; k < expect.length; k++) {
    if (fields[i + k]?.tag !== expect[k]) return { error: `not an X.509 certificate: TBSCertificate ${names[k]} missing or of the wrong type` };
  }
  const [, tbsSignature, issuer, , subject, spki] = fields.slice(i, i + 6);
  const spkiParts = children(der, spki);
  if (isError(spkiParts) || spkiParts.length !== 2 || spkiParts[0].tag !== 0x30 || spkiParts[1].tag !== 0x03) {
    return { error: 'malformed SubjectPublicKeyInfo' };
  }
  let extensions: Tlv[] = [];
  for (const field of fields.slice(i + 6)) {
    if (field.tag === 0x81 || field.tag === 0x82) continue;
    if (field.tag !== 0xa3) return { error: `unexpected field (tag 0x${field.tag.toString(16)}) in TBSCertificate` };
    const wrapper = children(der, field);
    if (isError(wrapper) || wrapper.length !== 1 || wrapper[0].tag !== 0x30) return { error: 'malformed extensions' };
    const list = children(der, wrapper[0]);
    if (isError(list)) return list;
    if (list.length > MAX_EXTENSIONS) return { error: `too many extensions (${list.length}, limit ${MAX_EXTENSIONS})` };
    extensions = list;
  }
  return { tbs: top[0], signatureAlgorithm: top[1], signatureValue: top[2], tbsSignature, issuer, subject, spki, spkiAlgorithm: spkiParts[0], spkiKey: spkiParts[1], extensions };
}

interface Extensions {
  list: ExtensionInfo[];
  sans: SubjectAltName[];
  keyUsage?: KeyUsageName[];
  extKeyUsage?: string[];
  basicConstraints?: { ca: boolean; pathLen?: number };
  subjectKeyId?: string;
  authorityKeyId?: string;
}

function readExtensions(der: Uint8Array, tlvs: Tlv[], problems: string[]): Extensions {
  const out: Extensions = { list: [], sans: [] };
  const seen = new Set<string>();
  for (const tlv of tlvs) {
    const parts = children(der, tlv);
    if (isError(parts) || tlv.tag !== 0x30 || parts.length < 2 || parts.length > 3 || parts[0].tag !== 0x06) {
      problems.push('malformed extension');
      continue;
    }
    const oid = decodeOid(der.subarray(parts[0].contentStart, parts[0].end)) ?? '?';
    const critical = parts.length === 3 && parts[1].tag === 0x01 && der[parts[1].contentStart] !== 0;
    const valueTlv = parts[parts.length - 1];
    if (valueTlv.tag !== 0x04) {
      problems.push(`extension ${oid}: value is not an OCTET STRING`);
      continue;
    }
    if (seen.has(oid)) problems.push(`duplicate extension ${EXTENSION_NAMES[oid] ?? oid} (RFC 5280 4.2)`);
    seen.add(oid);
    out.list.push({ oid, name: EXTENSION_NAMES[oid], critical });
    const value = der.subarray(valueTlv.contentStart, valueTlv.end);
    const failure = readExtensionValue(oid, value, out);
    if (failure) problems.push(`malformed ${EXTENSION_NAMES[oid] ?? oid} extension: ${failure}`);
  }
  return out;
}

/** Returns a reason when the value is malformed. */
function readExtensionValue(oid: string, value: Uint8Array, out: Extensions): string | undefined {
  if (!['2.5.29.14', '2.5.29.15', '2.5.29.17', '2.5.29.19', '2.5.29.35', '2.5.29.37'].includes(oid)) return undefined;
  const invalid = validateDer(value);
  if (invalid) return invalid;
  const top = readTlv(value, 0);
  if (isError(top)) return top.error;
  switch (oid) {
    case '2.5.29.14':
      if (top.tag !== 0x04) return 'expected OCTET STRING';
      out.subjectKeyId = toHex(value.subarray(top.contentStart, top.end));
      return undefined;
    case '2.5.29.15': {
      if (top.tag !== 0x03 || top.end - top.contentStart < 1) return 'expected BIT STRING';
      const unused = value[top.contentStart];
      const bits = value.subarray(top.contentStart + 1, top.end);
      if (unused > 7) return 'bad unused-bits count';
      const names: KeyUsageName[] = [];
      KEY_USAGE_BITS.forEach((name, bit) => {
        const byte = bits[bit >> 3];
        if (byte !== undefined && (byte & (0x80 >> (bit & 7))) !== 0) names.push(name);
      });
      out.keyUsage = names;
      return undefined;
    }
    case '2.5.29.19': {
      if (top.tag !== 0x30) return 'expected SEQUENCE';
      const parts = children(value, top);
      if (isError(parts)) return parts.error;
      let ca = false;
      let pathLen: number | undefined;
      for (const part of parts) {
        if (part.tag === 0x01) ca = value[part.contentStart] !== 0;
        else if (part.tag === 0x02) {
          const content = value.subarray(part.contentStart, part.end);
          pathLen = content.length > 4 ? Number.MAX_SAFE_INTEGER : content.reduce((n, b) => n * 256 + b, 0);
        } else return 'unexpected element';
      }
      out.basicConstraints = pathLen === undefined ? { ca } : { ca, pathLen };
      return undefined;
    }
    case '2.5.29.35': {
      if (top.tag !== 0x30) return 'expected SEQUENCE';
      const parts = children(value, top);
      if (isError(parts)) return parts.error;
      const keyId = parts.find((p) => p.tag === 0x80);
      if (keyId) out.authorityKeyId = toHex(value.subarray(keyId.contentStart, keyId.end));
      return undefined;
    }
    case '2.5.29.37': {
      if (top.tag !== 0x30) return 'expected SEQUENCE';
      const parts = children(value, top);
      if (isError(parts)) return parts.error;
      const purposes: string[] = [];
      for (const part of parts) {
        const id = part.tag === 0x06 ? decodeOid(value.subarray(part.contentStart, part.end)) : undefined;
        if (!id) return 'expected OBJECT IDENTIFIER';
        purposes.push(EKU_NAMES[id] ?? id);
      }
      out.extKeyUsage = purposes;
      return undefined;
    }
    case '2.5.29.17': {
      try {
        const names = AsnConvert.parse(value, SubjectAlternativeName);
        for (const name of names) out.sans.push(formatGeneralName(name));
      } catch (error) {
        return error instanceof Error ? error.message.split('\n')[0] : 'unreadable';
      }
      return undefined;
    }
  }
  return undefined;
}

function formatGeneralName(name: GeneralName): SubjectAltName {
  if (name.dNSName !== undefined) return { type: 'dns', value: name.dNSName };
  if (name.iPAddress !== undefined) return { type: 'ip', value: name.iPAddress };
  if (name.uniformResourceIdentifier !== undefined) return { type: 'uri', value: name.uniformResourceIdentifier };
  if (name.rfc822Name !== undefined) return { type: 'email', value: name.rfc822Name };
  if (name.directoryName !== undefined) return { type: 'dirName', value: formatName(name.directoryName) };
  if (name.registeredID !== undefined) return { type: 'registeredId', value: name.registeredID };
  if (name.otherName !== undefined) return { type: 'other', value: name.otherName.typeId };
  return { type: 'other', value: '' };
}

/** RFC 4514 string: RDNs in reverse order, "," between RDNs, "+" inside multi-valued RDNs. */
export function formatName(name: Name): string {
  const rdns: string[] = [];
  for (const rdn of name) {
    rdns.push(rdn.map((atv) => `${ATTRIBUTE_NAMES[atv.type] ?? atv.type}=${formatAttributeValue(atv.value)}`).join('+'));
  }
  return rdns.reverse().join(',');
}

function formatAttributeValue(value: Name[number][number]['value']): string {
  if (value.anyValue) return '#' + toHex(new Uint8Array(value.anyValue));
  const text = value.ia5String ?? value.utf8String ?? value.printableString ?? value.bmpString ?? value.universalString ?? value.teletexString ?? '';
  return escapeRdnValue(text);
}

/** RFC 4514 section 2.4 escaping; control characters as \XX. */
export function escapeRdnValue(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const code = text.charCodeAt(i);
    if ('"+,;<>\\'.includes(c) || (i === 0 && (c === '#' || c === ' ')) || (i === text.length - 1 && c === ' ')) out += '\\' + c;
    else if (code < 0x20 || code === 0x7f) out += '\\' + code.toString(16).padStart(2, '0').toUpperCase();
    else out += c;
  }
  return out;
}

function normaliseName(name: string): string {
  return name.toLowerCase().replace(/\s+/g, ' ');
}

function serialHex(bytes: Uint8Array): string {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return toHex(bytes.subarray(i));
}

function describeKey(der: Uint8Array, alg: { oid: string; params?: Tlv }, entry: AlgorithmEntry | undefined, key: Uint8Array, knowledge: Knowledge): PublicKeyInfo {
  const info: PublicKeyInfo = { algorithm: entry?.name ?? alg.oid, oid: alg.oid, size: key.length, pqcClass: entry?.pqcClass };
  if (alg.oid === RSA_KEY || alg.oid === RSA_PSS) {
    const bits = rsaModulusBits(key);
    if (bits !== undefined) info.bits = bits;
    info.algorithm = `${alg.oid === RSA_PSS ? 'RSASSA-PSS' : 'RSA'} ${bits ?? '?'}`;
    info.pqcClass = info.pqcClass ?? 'classical';
  } else if (alg.oid === EC_KEY) {
    const params = alg.params;
    if (params?.tag === 0x06) {
      const curveOid = decodeOid(der.subarray(params.contentStart, params.end)) ?? '?';
      const curveEntry = lookupAlgorithm(knowledge, curveOid);
      info.curve = curveEntry?.name ?? curveOid;
      info.curveOid = curveOid;
      const bits = paramNumber(curveEntry, 'bits');
      if (bits !== undefined) info.bits = bits;
    } else {
      info.curve = params?.tag === 0x30 ? 'explicit parameters' : 'implicit parameters';
    }
    info.algorithm = `${entry?.name ?? 'ECDSA'} ${info.curve}`;
  } else if (alg.oid === DSA_KEY && alg.params?.tag === 0x30) {
    const parts = children(der, alg.params);
    if (!isError(parts) && parts[0]?.tag === 0x02) {
      info.bits = integerBitLength(der.subarray(parts[0].contentStart, parts[0].end));
      info.algorithm = `DSA ${info.bits}`;
    }
  } else {
    const set = paramString(entry, 'parameterSet');
    if (set) info.parameterSet = set;
  }
  return info;
}

function rsaModulusBits(key: Uint8Array): number | undefined {
  const seq = readTlv(key, 0);
  if (isError(seq) || seq.tag !== 0x30) return undefined;
  const parts = children(key, seq);
  if (isError(parts) || parts.length !== 2 || parts[0].tag !== 0x02) return undefined;
  return integerBitLength(key.subarray(parts[0].contentStart, parts[0].end));
}

function describeSignature(der: Uint8Array, alg: { oid: string; params?: Tlv }, entry: AlgorithmEntry | undefined, size: number): SignatureInfo {
  const info: SignatureInfo = { algorithm: entry?.name ?? alg.oid, oid: alg.oid, size, pqcClass: entry?.pqcClass };
  const hash = paramString(entry, 'hash');
  if (hash && entry?.pqcClass === 'classical') info.hash = hash;
  if (alg.oid === RSA_PSS) {
    const pss = readPssParams(der, alg.params);
    info.hash = pss.hash;
    info.algorithm = `${entry?.name ?? 'RSASSA-PSS'} (${pss.hash})`;
  }
  return info;
}

export interface PssParams { hash: string; mgfHash: string; saltLength: number }

/** RSASSA-PSS-params (RFC 4055): defaults SHA-1, MGF1-SHA-1, salt 20. */
export function readPssParams(der: Uint8Array, params: Tlv | undefined): PssParams {
  const out: PssParams = { hash: 'SHA-1', mgfHash: 'SHA-1', saltLength: 20 };
  if (!params || params.tag !== 0x30) return out;
  const parts = children(der, params);
  if (isError(parts)) return out;
  for (const part of parts) {
    const inner = children(der, part);
    if (isError(inner) || inner.length === 0) continue;
    if (part.tag === 0xa0) {
      const alg = readAlgorithmIdentifier(der, inner[0]);
      if (alg) out.hash = HASH_OIDS[alg.oid] ?? alg.oid;
    } else if (part.tag === 0xa1) {
      const mgf = readAlgorithmIdentifier(der, inner[0]);
      if (mgf?.params) {
        const h = readAlgorithmIdentifier(der, mgf.params);
        if (h) out.mgfHash = HASH_OIDS[h.oid] ?? h.oid;
      }
    } else if (part.tag === 0xa2 && inner[0].tag === 0x02) {
      const content = der.subarray(inner[0].contentStart, inner[0].end);
      out.saltLength = content.length > 4 ? -1 : content.reduce((n, b) => n * 256 + b, 0);
    }
  }
  return out;
}

/** Whether a key of type `keyOid` can produce signatures of type `sigOid`. */
export function keyCanMakeSignature(keyOid: string, sigOid: string, keyEntry?: AlgorithmEntry, sigEntry?: AlgorithmEntry): boolean {
  if (keyOid === sigOid) return true;
  if (keyOid === RSA_KEY || keyOid === RSA_PSS) return sigEntry?.family === 'RSA';
  if (keyOid === EC_KEY) return sigEntry?.family === 'ECDSA';
  if (keyOid === DSA_KEY) return sigEntry?.family === 'DSA';
  return keyEntry !== undefined && sigEntry !== undefined && keyEntry.use === 'key' && keyEntry.family === sigEntry.family;
}

/** ISO 8601 UTC without milliseconds (certificate times have second precision). */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, 'Z');
}
