// SSRF guard for webhook URLs: only http(s), and never an address that is loopback, private,
// link-local, unique-local, multicast or otherwise not on the public internet — checked when an
// endpoint is saved and again, for every resolved address, when a delivery connects
// (see `guardedLookup`), unless WEBHOOK_ALLOW_PRIVATE_URLS=true.
import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import { allowPrivateWebhookUrls } from '../config';
import { badRequest } from '../errors';

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (err, addrs) => (err ? reject(err) : resolve(addrs))));

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

const V4_BLOCKED: [string, number][] = [
  ['0.0.0.0', 8], // "this" network, 0.0.0.0
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

function v4Blocked(ip: string): boolean {
  const n = v4ToInt(ip);
  return V4_BLOCKED.some(([base, bits]) => {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return ((n & mask) >>> 0) === ((v4ToInt(base) & mask) >>> 0);
  });
}

/** Eight 16-bit groups of an IPv6 address (embedded dotted IPv4 and :: expanded). */
export function v6Groups(ip: string): number[] {
  let s = ip.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const n = v4ToInt(dotted[1]);
    s = s.slice(0, -dotted[1].length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = s.includes('::') ? s.split('::') : [s, null];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === null ? [] : Array(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => parseInt(g || '0', 16));
}

function v6Blocked(ip: string): boolean {
  const g = v6Groups(ip);
  const embeddedV4 = () => `${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`;
  if (g.slice(0, 7).every((x) => x === 0) && (g[7] === 0 || g[7] === 1)) return true; // :: and ::1
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return v4Blocked(embeddedV4()); // ::ffff:a.b.c.d
  if (g.slice(0, 6).every((x) => x === 0)) return true; // deprecated IPv4-compatible ::a.b.c.d
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return v4Blocked(embeddedV4()); // NAT64
  if ((g[0] & 0xfe00) === 0xfc00) return true; // fc00::/7 unique-local
  if ((g[0] & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((g[0] & 0xffc0) === 0xfec0) return true; // fec0::/10 site-local (deprecated)
  if ((g[0] & 0xff00) === 0xff00) return true; // multicast
  if (g[0] === 0x2001 && g[1] === 0x0db8) return true; // documentation
  if (g[0] === 0x0100 && g.slice(1, 4).every((x) => x === 0)) return true; // discard-only
  return false;
}

/** True for any address that is not a public unicast address (or is not an IP at all). */
export function isPrivateAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, '');
  const v = isIP(bare.replace(/%.*$/, ''));
  if (v === 4) return v4Blocked(bare);
  if (v === 6) return v6Blocked(bare);
  return true;
}

const refuse = (message: string) => badRequest('url', `url: ${message}`, 'invalid_webhook_url');

/** Syntax check: an absolute http(s) URL. Returns the parsed URL. */
export function parseWebhookUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw refuse('must be an absolute http:// or https:// URL.');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw refuse('only http:// and https:// URLs can receive webhooks.');
  if (!u.hostname) throw refuse('must name a host.');
  return u;
}

/**
 * Save-time check: the URL is http(s) and its host (an IP literal, or every address its name
 * resolves to) is public. WEBHOOK_ALLOW_PRIVATE_URLS=true skips the address check.
 */
export async function assertPublicWebhookUrl(raw: string, resolve: Resolver = systemResolver): Promise<URL> {
  const u = parseWebhookUrl(raw);
  if (allowPrivateWebhookUrls()) return u;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    if (isPrivateAddress(host)) throw refuse(`${host} is a private, loopback or link-local address; webhooks can only be sent to public addresses.`);
    return u;
  }
  let addrs: LookupAddress[];
  try {
    addrs = await resolve(host);
  } catch {
    throw refuse(`the host ${host} could not be resolved.`);
  }
  if (!addrs.length) throw refuse(`the host ${host} could not be resolved.`);
  const bad = addrs.find((a) => isPrivateAddress(a.address));
  if (bad) throw refuse(`${host} resolves to ${bad.address}, a private, loopback or link-local address; webhooks can only be sent to public addresses.`);
  return u;
}

export class PrivateAddressError extends Error {
  code = 'EPRIVATEADDRESS';
}

type LookupCb = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that resolves the name and refuses private addresses at connect time,
 * so the address that was checked is the address connected to (no DNS-rebinding window).
 */
export function guardedLookup(resolve: Resolver = systemResolver) {
  return (hostname: string, options: LookupOneOptions | LookupAllOptions | number, cb: LookupCb) => {
    const all = typeof options === 'object' && options !== null && (options as LookupAllOptions).all === true;
    resolve(hostname).then(
      (addrs) => {
        const allowPrivate = allowPrivateWebhookUrls();
        const bad = allowPrivate ? undefined : addrs.find((a) => isPrivateAddress(a.address));
        if (bad) return cb(new PrivateAddressError(`${hostname} resolves to ${bad.address}, a private address; refused (set WEBHOOK_ALLOW_PRIVATE_URLS=true to allow).`), '');
        if (!addrs.length) return cb(Object.assign(new Error(`${hostname} did not resolve`), { code: 'ENOTFOUND' }), '');
        if (all) cb(null, addrs);
        else cb(null, addrs[0].address, addrs[0].family);
      },
      (err: NodeJS.ErrnoException) => cb(err, ''),
    );
  };
}
