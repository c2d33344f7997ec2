// SSRF guard for webhook URLs: only http(s), and only public unicast addresses — every ipaddr.js
// range other than `unicast` (loopback, private, link-local, unique-local, multicast, CGNAT,
// benchmarking, documentation, 6to4, Teredo, NAT64…) is refused, and so is a private IPv4 address
// embedded in an IPv6 one. Checked when an endpoint is saved and again, for every resolved address,
// when a delivery connects (see `guardedLookup`; redirects are never followed, see http.ts), unless
// WEBHOOK_ALLOW_PRIVATE_URLS=true.
import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import { allowPrivateWebhookUrls } from '../config';
import { badRequest } from '../errors';

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (err, addrs) => (err ? reject(err) : resolve(addrs))));

export interface AddressVerdict {
  /** True only for a public unicast address. */
  allowed: boolean;
  /** The address classified: canonical form; an IPv4-mapped IPv6 address is classified as its IPv4 address. */
  address: string;
  /** ipaddr.js range name (`unicast`, `loopback`, `private`, `6to4`, `teredo`, `rfc6052`…), or `ipv4Compatible`, `reserved`, `invalid`. */
  range: string;
  /** The IPv4 address carried inside an IPv4-mapped, SIIT, 6to4, Teredo or NAT64 address, and its range. */
  embeddedIPv4?: string;
  embeddedRange?: string;
}

const v4FromParts = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 255, lo >> 8, lo & 255]);

/** IPv4 addresses an IPv6 transition address carries (and that a relay or translator would connect to). */
function embeddedIPv4(a: IPv6, range: string): IPv4[] {
  const p = a.parts;
  switch (range) {
    case '6to4': // 2002:AABB:CCDD::/48
      return [v4FromParts(p[1], p[2])];
    case 'teredo': // 2001:0:<server v4>:<flags>:<port>:<client v4 bit-inverted>
      return [v4FromParts(p[6] ^ 0xffff, p[7] ^ 0xffff), v4FromParts(p[2], p[3])];
    case 'rfc6052': // NAT64 64:ff9b::/96 and 64:ff9b:1::/48 (with a /96 prefix: the last 32 bits)
    case 'rfc6145': // SIIT ::ffff:0:a.b.c.d
    case 'ipv4Mapped':
      return [v4FromParts(p[6], p[7])];
    default:
      return [];
  }
}

/**
 * Classifies an address with ipaddr.js: anything whose range is not `unicast` is refused, and so is
 * IPv6 outside 2000::/3 (the only space IANA allocates global unicast from: this catches the
 * deprecated IPv4-compatible ::a.b.c.d and other reserved space ipaddr.js calls unicast). An
 * IPv4-mapped address (::ffff:a.b.c.d) is what the socket connects to over IPv4, so it is judged as
 * that IPv4 address. 6to4, Teredo and NAT64 addresses are refused whatever they embed, and an
 * embedded IPv4 address that is itself not public is refused too (and named in the verdict).
 */
export function classifyAddress(ip: string): AddressVerdict {
  const bare = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  // Only canonical literals (what URL parsing and DNS produce): "2130706433" or "0x7f.1" are not IPs here.
  if (!isIP(bare)) return { allowed: false, address: ip, range: 'invalid' };
  // ipaddr.js reads "::a.b.c.d" (IPv4-compatible, deprecated) as "::ffff:a.b.c.d": spell the dotted
  // tail as two hex groups first, so the address keeps its meaning.
  const hex = bare.includes(':')
    ? bare.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a1, b1, c1, d1) => `${((+a1 << 8) | +b1).toString(16)}:${((+c1 << 8) | +d1).toString(16)}`)
    : bare;
  let a: IPv4 | IPv6 = ipaddr.parse(hex);
  let embedded: IPv4[] = [];
  if (a.kind() === 'ipv6') {
    const v6 = a as IPv6;
    const r = v6.range();
    embedded = embeddedIPv4(v6, r);
    if (r === 'ipv4Mapped') a = v6.toIPv4Address();
  }
  let range: string = a.range();
  if (a.kind() === 'ipv6' && range === 'unicast') {
    const p = (a as IPv6).parts;
    if ((p[0] & 0xe000) !== 0x2000) range = p.slice(0, 6).every((x) => x === 0) ? 'ipv4Compatible' : 'reserved';
  }
  const v: AddressVerdict = { allowed: range === 'unicast', address: a.toString(), range };
  const inner = embedded.find((e) => e.range() !== 'unicast') ?? embedded[0];
  if (inner) {
    v.embeddedIPv4 = inner.toString();
    v.embeddedRange = inner.range();
    if (v.embeddedRange !== 'unicast') v.allowed = false;
  }
  return v;
}

/** True for any address that is not a public unicast address (or is not an IP at all). */
export function isPrivateAddress(ip: string): boolean {
  return !classifyAddress(ip).allowed;
}

/** The address as shown (with the IPv4 address it maps to) and why it is refused, for messages. */
function explain(shown: string, v: AddressVerdict): { addr: string; why: string } {
  const mapped = v.embeddedIPv4 === v.address;
  const what = v.embeddedIPv4 && !mapped ? `${v.range} embedding ${v.embeddedIPv4}, ${v.embeddedRange}` : v.range;
  return { addr: `${shown}${mapped && shown !== v.address ? ` (${v.address})` : ''}`, why: `not a public address (${what})` };
}

/** Host names that are loopback by definition (RFC 6761), whatever a resolver answers. */
const isLocalhostName = (host: string) => /(^|\.)localhost\.?$/i.test(host);

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

/** Why `ip` may not receive webhooks ("127.0.0.1 is not a public address (loopback)"), or null when it may. */
export function addressProblem(ip: string): string | null {
  const v = classifyAddress(ip);
  if (v.allowed) return null;
  const e = explain(ip.replace(/^\[|\]$/g, ''), v);
  return `${e.addr} is ${e.why}`;
}

/**
 * Save-time check: the URL is http(s) and its host (an IP literal, or every address its name
 * resolves to) is public. WEBHOOK_ALLOW_PRIVATE_URLS=true skips the address check.
 */
export async function assertPublicWebhookUrl(raw: string, resolve: Resolver = systemResolver): Promise<URL> {
  const u = parseWebhookUrl(raw);
  if (allowPrivateWebhookUrls()) return u;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const onlyPublic = 'webhooks can only be sent to public addresses.';
  if (isIP(host)) {
    const problem = addressProblem(host);
    if (problem) throw refuse(`${problem}; ${onlyPublic}`);
    return u;
  }
  if (isLocalhostName(host)) throw refuse(`${host} is a loopback name (localhost); ${onlyPublic}`);
  let addrs: LookupAddress[];
  try {
    addrs = await resolve(host);
  } catch {
    throw refuse(`the host ${host} could not be resolved.`);
  }
  if (!addrs.length) throw refuse(`the host ${host} could not be resolved.`);
  for (const a of addrs) {
    const v = classifyAddress(a.address);
    if (v.allowed) continue;
    const e = explain(a.address, v);
    throw refuse(`${host} resolves to ${e.addr}, which is ${e.why}; ${onlyPublic}`);
  }
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
        if (!allowPrivateWebhookUrls()) {
          const allow = ' (set WEBHOOK_ALLOW_PRIVATE_URLS=true to allow).';
          if (isLocalhostName(hostname)) return cb(new PrivateAddressError(`${hostname} is a loopback name (localhost); refused${allow}`), '');
          for (const a of addrs) {
            const v = classifyAddress(a.address);
            if (v.allowed) continue;
            const e = explain(a.address, v);
            return cb(new PrivateAddressError(`${hostname} resolves to ${e.addr}, which is ${e.why}; refused${allow}`), '');
          }
        }
        if (!addrs.length) return cb(Object.assign(new Error(`${hostname} did not resolve`), { code: 'ENOTFOUND' }), '');
        if (all) cb(null, addrs);
        else cb(null, addrs[0].address, addrs[0].family);
      },
      (err: NodeJS.ErrnoException) => cb(err, ''),
    );
  };
}
