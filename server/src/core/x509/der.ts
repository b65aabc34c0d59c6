// A small, strict DER reader. It runs before any ASN.1 library sees the bytes, so hostile input
// (lengths past the end, 2^31 lengths, indefinite lengths, deep nesting, huge element counts)
// is rejected in linear time with a reason instead of reaching a recursive parser.

export interface Tlv {
  /** The identifier octet (single-byte tags only; certificates use no high tag numbers). */
  tag: number;
  constructed: boolean;
  /** Offset of the identifier octet. */
  start: number;
  /** Offset of the first content octet. */
  contentStart: number;
  /** Offset just past the contents. */
  end: number;
}

export interface DerLimits {
  maxDepth: number;
  maxNodes: number;
}

export const DEFAULT_LIMITS: DerLimits = { maxDepth: 32, maxNodes: 50_000 };

export type TlvResult = Tlv | { error: string };

export function isError<T extends object>(value: T | { error: string }): value is { error: string } {
  return 'error' in value;
}

/** Reads one TLV at `offset`; its contents must end at or before `limit`. */
export function readTlv(bytes: Uint8Array, offset: number, limit: number = bytes.length): TlvResult {
  if (offset >= limit) return { error: `truncated: expected a tag at offset ${offset}` };
  const tag = bytes[offset];
  if ((tag & 0x1f) === 0x1f) return { error: `unsupported high tag number at offset ${offset}` };
  if (offset + 1 >= limit) return { error: `truncated: missing length at offset ${offset + 1}` };
  const first = bytes[offset + 1];
  let length: number;
  let contentStart: number;
  if (first < 0x80) {
    length = first;
    contentStart = offset + 2;
  } else if (first === 0x80) {
    return { error: `indefinite length at offset ${offset + 1} (BER, not DER)` };
  } else {
    const count = first & 0x7f;
    if (count > 4) return { error: `length field of ${count} bytes at offset ${offset + 1} is too large` };
    if (offset + 2 + count > limit) return { error: `truncated: length at offset ${offset + 1} runs past the end` };
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[offset + 2 + i];
    contentStart = offset + 2 + count;
  }
  const end = contentStart + length;
  if (end > limit) {
    return { error: `length ${length} at offset ${offset + 1} runs past the end of its container (${limit - contentStart} bytes left)` };
  }
  return { tag, constructed: (tag & 0x20) !== 0, start: offset, contentStart, end };
}

/** The direct children of a constructed TLV (already validated by validateDer). */
export function children(bytes: Uint8Array, parent: Tlv): Tlv[] | { error: string } {
  const out: Tlv[] = [];
  let offset = parent.contentStart;
  while (offset < parent.end) {
    const child = readTlv(bytes, offset, parent.end);
    if (isError(child)) return child;
    out.push(child);
    offset = child.end;
  }
  return out;
}

/**
 * Checks that `bytes` is exactly one well-formed DER element: every nested length fits its
 * container, no indefinite lengths, nesting and element count within limits. Iterative (no recursion).
 */
export function validateDer(bytes: Uint8Array, limits: DerLimits = DEFAULT_LIMITS): string | undefined {
  const root = readTlv(bytes, 0, bytes.length);
  if (isError(root)) return root.error;
  if (root.end !== bytes.length) return `${bytes.length - root.end} trailing bytes after the DER element`;
  let nodes = 0;
  // Stack of [container end, next child offset]
  const stack: Array<{ end: number; next: number }> = [];
  if (root.constructed) stack.push({ end: root.end, next: root.contentStart });
  nodes++;
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next >= top.end) {
      stack.pop();
      continue;
    }
    const tlv = readTlv(bytes, top.next, top.end);
    if (isError(tlv)) return tlv.error;
    top.next = tlv.end;
    if (++nodes > limits.maxNodes) return `more than ${limits.maxNodes} ASN.1 elements`;
    if (tlv.tag === 0x23 || tlv.tag === 0x24) return `constructed BIT/OCTET STRING at offset ${tlv.start} (BER, not DER)`;
    if (tlv.constructed) {
      if (stack.length + 1 > limits.maxDepth) return `ASN.1 nesting deeper than ${limits.maxDepth} levels`;
      stack.push({ end: tlv.end, next: tlv.contentStart });
    }
  }
  return undefined;
}

/** Dotted form of an OBJECT IDENTIFIER's contents; undefined when malformed. */
export function decodeOid(content: Uint8Array): string | undefined {
  if (content.length === 0 || content.length > 128) return undefined;
  const parts: number[] = [];
  let value = 0;
  let started = false;
  for (let i = 0; i < content.length; i++) {
    const byte = content[i];
    if (!started && byte === 0x80) return undefined; // non-minimal
    started = true;
    value = value * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) return undefined;
    if ((byte & 0x80) === 0) {
      parts.push(value);
      value = 0;
      started = false;
    }
  }
  if (started) return undefined;
  const first = parts[0];
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...parts.slice(1)].join('.');
}

/** DER encoding of a dotted OID (for building SPKIs of composite components). */
export function encodeOid(dotted: string): Uint8Array {
  const parts = dotted.split('.').map((p) => Number(p));
  const body: number[] = [];
  const push = (n: number): void => {
    const bytes = [n & 0x7f];
    n = Math.floor(n / 128);
    while (n > 0) {
      bytes.unshift((n & 0x7f) | 0x80);
      n = Math.floor(n / 128);
    }
    body.push(...bytes);
  };
  push(parts[0] * 40 + parts[1]);
  for (const p of parts.slice(2)) push(p);
  return encodeTlv(0x06, Uint8Array.from(body));
}

export function encodeTlv(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  const header = n < 0x80 ? [tag, n] : n < 0x100 ? [tag, 0x81, n] : n < 0x10000 ? [tag, 0x82, n >> 8, n & 0xff] : [tag, 0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  const out = new Uint8Array(header.length + n);
  out.set(header, 0);
  out.set(content, header.length);
  return out;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += bytes[i].toString(16).padStart(2, '0');
  return out;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Parsed AlgorithmIdentifier: OID plus the raw parameters element (if any). */
export function readAlgorithmIdentifier(bytes: Uint8Array, tlv: Tlv): { oid: string; params?: Tlv } | undefined {
  if (tlv.tag !== 0x30) return undefined;
  const parts = children(bytes, tlv);
  if (isError(parts) || parts.length === 0 || parts[0].tag !== 0x06) return undefined;
  const oid = decodeOid(bytes.subarray(parts[0].contentStart, parts[0].end));
  if (!oid) return undefined;
  return { oid, params: parts[1] };
}

/** Unsigned big-endian INTEGER contents → bit length of the value. */
export function integerBitLength(content: Uint8Array): number {
  let i = 0;
  while (i < content.length && content[i] === 0) i++;
  if (i === content.length) return 0;
  return (content.length - i - 1) * 8 + (32 - Math.clz32(content[i]));
}
