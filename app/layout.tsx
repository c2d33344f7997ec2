import type { Metadata } from 'next';
import './globals.css';

export const metadata: Metadata = { title: { default: 'Keycap', template: '%s · Keycap' }, description: 'Spend control for API keys' };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
