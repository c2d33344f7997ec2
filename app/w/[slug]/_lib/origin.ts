// The console's public origin for links (invitations, the first-request example) in a page or server
// action: APP_URL when set, else this request's own origin (lib/origin.ts). Outside a request (tests,
// scripts) it falls back to lib/config's appUrl().
import { headers } from 'next/headers';
import { appUrl } from '@/lib/config';
import { publicOrigin } from '@/lib/origin';

export async function consoleOrigin(): Promise<string> {
  let h: Headers | null = null;
  try {
    h = await headers();
  } catch {
    h = null; // not in a request scope
  }
  return publicOrigin(h) ?? appUrl();
}
