// The client address sign-in throttling counts against.
//
// Next.js does not give route handlers or server actions the socket address: it only copies it into
// X-Forwarded-For when the client did not send that header itself, so with a client-supplied header
// the socket address is lost and whatever the client wrote is all there is. We therefore stamp the
// socket address of every HTTP request into PEER_HEADER as Node parses it (diagnostics channel
// `http.server.request.start`, before Next sees the request), overwriting anything a client sent
// under that name.
//
// TRUST_PROXY (unset, `false` or `0` by default): the client is the socket peer (PEER_HEADER).
// TRUST_PROXY=N (N ≥ 1; `true` means 1): Keycap runs behind N reverse proxies, each appending the
// address it received the request from to X-Forwarded-For; the client is the Nth entry from the
// right (entries further left were written by the client and are ignored). If the header has fewer
// than N entries, the leftmost one is used.
//
// IPv6 addresses are counted per /64 (one subscriber's usual allocation, so rotating addresses
// inside it does not escape the limit); IPv4-mapped IPv6 addresses count as their IPv4 address.
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import ipaddr from 'ipaddr.js';

export const PEER_HEADER = 'x-keycap-peer-addr';

/** Subscribes (once per process) to Node's HTTP server channel and stamps the socket address on every request. */
export function installPeerAddressHeader() {
  const g = globalThis as unknown as { __keycapPeerHeader?: boolean };
  if (g.__keycapPeerHeader) return;
  g.__keycapPeerHeader = true;
  subscribe('http.server.request.start', (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket?: Socket };
    const addr = socket?.remoteAddress ?? request.socket?.remoteAddress;
    if (addr) request.headers[PEER_HEADER] = addr;
    else delete request.headers[PEER_HEADER];
  });
}

let warned = '';

/** Number of trusted proxies in front of Keycap (0 = none: use the socket address). An invalid value counts as 0. */
export function trustedProxies(value = process.env.TRUST_PROXY): number {
  const v = (value ?? '').trim().toLowerCase();
  if (!v || v === 'false' || v === 'no' || v === 'off') return 0;
  if (v === 'true' || v === 'yes' || v === 'on') return 1;
  const n = Number(v);
  if (Number.isInteger(n) && n >= 0 && n <= 20) return n;
  if (warned !== v) {
    warned = v;
    console.warn(`[auth] TRUST_PROXY must be a number of proxies (0-20), true or false; got "${value}". Using the socket address.`);
  }
  return 0;
}

/** One address from a header entry: strips ports (`1.2.3.4:567`, `[::1]:80`), brackets and zone ids. */
function parseEntry(raw: string): string | null {
  let s = raw.trim().replace(/^"|"$/g, '');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracketed) s = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(':'));
  s = s.replace(/%.*$/, '');
  if (!ipaddr.isValid(s)) return null;
  let a = ipaddr.parse(s);
  if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) a = (a as ipaddr.IPv6).toIPv4Address();
  if (a.kind() === 'ipv4') return a.toString();
  const parts = (a as ipaddr.IPv6).toNormalizedString().split(':').slice(0, 4);
  return `${parts.map((p) => p.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/**
 * The client address for throttling, normalized ("203.0.113.7", "2001:db8:1:2::/64"), or "unknown"
 * when none can be determined (a request that did not come through Node's HTTP server).
 */
export function clientIp(headers: Headers, proxies = trustedProxies()): string {
  if (proxies === 0) return parseEntry(headers.get(PEER_HEADER) ?? '') ?? 'unknown';
  const entries = (headers.get('x-forwarded-for') ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  if (!entries.length) return parseEntry(headers.get(PEER_HEADER) ?? '') ?? 'unknown';
  const entry = entries[Math.max(0, entries.length - proxies)];
  return parseEntry(entry) ?? 'unknown';
}
