import type { Metadata } from 'next';
import { connection } from 'next/server';
import './globals.css';

export const metadata: Metadata = { title: { default: 'Keycap', template: '%s · Keycap' }, description: 'Spend control for API keys' };

// Every page is rendered per request: the CSP nonce (proxy.ts) only reaches scripts rendered with the request.
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
