// Version strings as they appear in image tags and charts: "v1.15.3", "1.32", "0.25.2-rc1", "v1.14.2@sha256:...".

export type Version = [number, number, number];

export function parseVersion(raw: string | undefined): Version | undefined {
  if (!raw) return undefined;
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(raw.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** True when `raw` parses and is older than `minimum` (a "x.y.z" string from the knowledge table). */
export function isOlderThan(raw: string, minimum: string): boolean {
  const version = parseVersion(raw);
  const min = parseVersion(minimum);
  return version !== undefined && min !== undefined && compareVersions(version, min) < 0;
}

/** Rewrites `raw` to `target` keeping its style (a leading "v", a "major.minor" tag stays short). */
export function bumpVersionText(raw: string, target: string): string {
  const withV = raw.trim().startsWith('v');
  const t = parseVersion(target);
  if (!t) return raw;
  const short = /^v?\d+\.\d+$/.test(raw.trim());
  const text = short ? `${t[0]}.${t[1]}` : `${t[0]}.${t[1]}.${t[2]}`;
  return (withV ? 'v' : '') + text;
}

export interface ImageReference {
  /** Repository path without the registry host, e.g. "jetstack/cert-manager-controller". */
  path: string;
  registry?: string;
  tag?: string;
  /** Offset of the tag within the reference string. */
  tagOffset?: number;
}

export function parseImage(reference: string): ImageReference {
  const atDigest = reference.indexOf('@');
  const withoutDigest = atDigest >= 0 ? reference.slice(0, atDigest) : reference;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  const name = colon >= 0 ? withoutDigest.slice(0, colon) : withoutDigest;
  const tag = colon >= 0 ? withoutDigest.slice(colon + 1) : undefined;
  const parts = name.split('/');
  let registry: string | undefined;
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0])) registry = parts.shift();
  if (registry === 'docker.io' && parts[0] === 'library') parts.shift();
  return { path: parts.join('/'), registry, tag, tagOffset: colon >= 0 ? colon + 1 : undefined };
}

/** True when an image reference names one of a component's repositories (any registry/mirror). */
export function imageMatches(reference: ImageReference, repositories: readonly string[]): boolean {
  return repositories.some((repo) => {
    const known = parseImage(repo).path;
    return reference.path === known || reference.path.endsWith('/' + known);
  });
}
