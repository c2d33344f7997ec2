// Next 16 proxy (formerly middleware), Node runtime: per-request CSP nonce and HSTS for console pages.
// See lib/ops/security-headers.ts. Static files, image optimisation, /api (JSON; nosniff comes from
// next.config.js and the lean server) and router prefetches are not matched.
import { NextResponse, type NextRequest } from 'next/server';
import { appUrl, trustProxy } from './lib/config';
import { contentSecurityPolicy, HSTS, servedOverHttps } from './lib/ops/security-headers';

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const https = servedOverHttps(appUrl(), trustProxy(), request.headers.get('x-forwarded-proto'));
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === 'development', https });
  // Next reads the nonce from the request's CSP header while rendering and puts it on its scripts.
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set('content-security-policy', csp);
  if (https) res.headers.set('strict-transport-security', HSTS);
  return res;
}

export const config = {
  matcher: [
    {
      source: '/((?!api/|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
