// Security headers of the console (applied by proxy.ts to every page; nosniff, Referrer-Policy and
// X-Frame-Options for everything Next serves come from next.config.js, and the lean server sets nosniff
// on the data plane's JSON).
//
// CSP is nonce-based: proxy.ts makes a fresh nonce per request and passes the policy to Next in the request
// headers; Next puts the nonce on its own scripts (framework, page bundles, inline RSC payload), and
// 'strict-dynamic' lets those load the rest. Pages must be rendered per request for that (app/layout.tsx
// waits for the request). Styles allow 'unsafe-inline': React style attributes (charts, progress bars) are
// not nonce-able.

export interface CspOptions {
  /** next dev: React needs eval for its debugging aids, and HMR a websocket. */
  dev: boolean;
  /** Served over https: upgrade any http subresource. */
  https: boolean;
}

export function contentSecurityPolicy(nonce: string, o: CspOptions): string {
  return [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${o.dev ? ` 'unsafe-eval'` : ''}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' blob: data:`,
    `font-src 'self' data:`,
    `connect-src 'self'${o.dev ? ' ws: wss:' : ''}`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
    ...(o.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/**
 * Whether the browser reached us over https: APP_URL is https, or a trusted proxy (TRUST_PROXY) says so in
 * X-Forwarded-Proto (its first value: the proxy nearest the client).
 */
export function servedOverHttps(appUrl: string, trustProxy: number, forwardedProto: string | null | undefined): boolean {
  if (appUrl.startsWith('https:')) return true;
  if (trustProxy > 0 && forwardedProto) return forwardedProto.split(',')[0].trim().toLowerCase() === 'https';
  return false;
}

/** Two years, subdomains included (no preload: that is an operator's decision). */
export const HSTS = 'max-age=63072000; includeSubDomains';
