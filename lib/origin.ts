// The public origin of the console for the links it hands out (invitation links, the first-request example):
// APP_URL (or AUTH_URL) when set, else the origin the request itself came to — never a made-up localhost.
// Pure: the caller passes the request headers (next/headers in a page or server action).

type HeaderBag = { get(name: string): string | null };

const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const first = (v: string | null) => v?.split(',')[0]?.trim() || null;

/** `https://console.example.com`: from the configured URL, else Host / X-Forwarded-Host and -Proto; null when neither is usable. */
export function publicOrigin(h: HeaderBag | null, configured: string | undefined = process.env.APP_URL || process.env.AUTH_URL): string | null {
  if (configured) return configured.replace(/\/+$/, '');
  if (!h) return null;
  const host = first(h.get('x-forwarded-host')) ?? first(h.get('host'));
  if (!host || !HOST.test(host)) return null;
  const proto = first(h.get('x-forwarded-proto'))?.toLowerCase();
  return `${proto === 'https' || proto === 'http' ? proto : 'http'}://${host}`;
}
