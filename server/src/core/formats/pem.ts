// PEM (RFC 7468) blocks and strict base64 (RFC 4648) with error offsets. Works on text that may
// be indented (PEM inside YAML block scalars): white space inside a body is ignored.
import type { Span } from '../types.js';

export interface PemBlock {
  /** The label between "BEGIN " and "-----", e.g. "CERTIFICATE", "PRIVATE KEY". */
  label: string;
  /** From the start of the BEGIN marker to the end of the END marker (offsets in the scanned text). */
  span: Span;
  /** Between the BEGIN line and the END marker. */
  bodySpan: Span;
  /** The text of bodySpan (base64 with line breaks and any indentation). */
  body: string;
  /** Set when the block is not terminated by a matching END line. */
  error?: string;
}

const BEGIN = /-----BEGIN ([A-Z0-9][A-Z0-9 ]{0,63})-----/g;

/** All PEM blocks in `text`. `base` is added to every offset (for text cut out of a larger file). */
export function findPemBlocks(text: string, base = 0): PemBlock[] {
  const blocks: PemBlock[] = [];
  BEGIN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = BEGIN.exec(text)) !== null) {
    const label = match[1];
    const beginStart = match.index;
    const beginEnd = match.index + match[0].length;
    const endMarker = `-----END ${label}-----`;
    const endAt = text.indexOf(endMarker, beginEnd);
    const nextBegin = text.indexOf('-----BEGIN ', beginEnd);
    if (endAt < 0 || (nextBegin >= 0 && nextBegin < endAt)) {
      blocks.push({
        label,
        span: { start: base + beginStart, end: base + beginEnd },
        bodySpan: { start: base + beginEnd, end: base + beginEnd },
        body: '',
        error: `missing "${endMarker}" line`,
      });
      continue;
    }
    const bodyStart = lineEndAfter(text, beginEnd);
    const bodyEnd = Math.max(bodyStart, endAt);
    blocks.push({
      label,
      span: { start: base + beginStart, end: base + endAt + endMarker.length },
      bodySpan: { start: base + bodyStart, end: base + bodyEnd },
      body: text.slice(bodyStart, bodyEnd),
    });
    BEGIN.lastIndex = endAt + endMarker.length;
  }
  return blocks;
}

function lineEndAfter(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  if (text[i] === '\r') i++;
  if (text[i] === '\n') i++;
  return i;
}

export type Base64Result = { ok: true; bytes: Uint8Array } | { ok: false; error: string; offset: number };

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * Strict base64: the standard alphabet, white space ignored, padding only at the end, whole
 * quanta. Errors name the offset (in `text`) of the first offending character.
 */
export function decodeBase64Strict(text: string): Base64Result {
  let data = 0;
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) data++;
  const out = new Uint8Array(Math.floor((data * 3) / 4));
  let length = 0;
  let quantum = 0;
  let count = 0;
  let padding = 0;
  let lastDataOffset = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) continue;
    lastDataOffset = i;
    if (code === 0x3d) {
      // '=' may only finish the last quantum (positions 3 and 4)
      if (count < 2 || padding >= 2) return { ok: false, error: `bad base64 at offset ${i}: unexpected "="`, offset: i };
      padding++;
      count++;
      if (count === 4) {
        if (padding === 1) {
          out[length++] = (quantum >> 10) & 0xff;
          out[length++] = (quantum >> 2) & 0xff;
        } else {
          out[length++] = (quantum >> 4) & 0xff;
        }
        count = 0;
        quantum = 0;
      }
      continue;
    }
    const value = code < 128 ? VALUES[code] : -1;
    if (value < 0) {
      const shown = code < 0x20 || code > 0x7e ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `"${text[i]}"`;
      return { ok: false, error: `bad base64 at offset ${i}: character ${shown}`, offset: i };
    }
    if (padding > 0) return { ok: false, error: `bad base64 at offset ${i}: data after "=" padding`, offset: i };
    quantum = (quantum << 6) | value;
    count++;
    if (count === 4) {
      out[length++] = (quantum >> 16) & 0xff;
      out[length++] = (quantum >> 8) & 0xff;
      out[length++] = quantum & 0xff;
      count = 0;
      quantum = 0;
    }
  }
  if (count !== 0) {
    const at = lastDataOffset + 1;
    return { ok: false, error: `bad base64 at offset ${at}: truncated (length is not a multiple of 4)`, offset: at };
  }
  if (data === 0) return { ok: false, error: 'bad base64 at offset 0: empty', offset: 0 };
  return { ok: true, bytes: out.subarray(0, length) };
}

export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  if (i < bytes.length) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63] + (i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '=') + '=';
  }
  return out;
}

/** PEM text for DER bytes (64-character lines, trailing newline). */
export function pemEncode(label: string, der: Uint8Array): string {
  const b64 = encodeBase64(der);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * What decoded base64 holds: PEM text ("-----BEGIN" after optional white space), a DER element
 * (starts with SEQUENCE and its outer length matches), or something else.
 */
export function classifyPayload(bytes: Uint8Array): 'pem' | 'der' | 'other' {
  let i = 0;
  while (i < bytes.length && i < 64 && isSpace(bytes[i])) i++;
  const marker = '-----BEGIN';
  let isPem = bytes.length - i >= marker.length;
  for (let k = 0; isPem && k < marker.length; k++) if (bytes[i + k] !== marker.charCodeAt(k)) isPem = false;
  if (isPem) return 'pem';
  if (bytes.length >= 2 && bytes[0] === 0x30) {
    const first = bytes[1];
    let length = -1;
    let header = 2;
    if (first < 0x80) length = first;
    else if (first > 0x80 && first <= 0x84) {
      const n = first & 0x7f;
      header = 2 + n;
      if (bytes.length >= header) {
        length = 0;
        for (let k = 0; k < n; k++) length = length * 256 + bytes[2 + k];
      }
    }
    if (length >= 0 && header + length === bytes.length) return 'der';
  }
  return 'other';
}
