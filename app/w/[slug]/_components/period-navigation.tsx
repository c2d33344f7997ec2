'use client';
// Changing the Overview's period is a transition: while the server computes the new figures (about a second
// for 90 days), the old ones make way for the skeleton, so the page never looks stuck on stale numbers.
import { createContext, useContext, useTransition, type ReactNode } from 'react';
import { useRouter } from 'next/navigation';

const PeriodContext = createContext<{ pending: boolean; navigate: (href: string) => void } | null>(null);

export function PeriodNavigation({ children }: { children: ReactNode }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const navigate = (href: string) => start(() => router.push(href));
  return <PeriodContext.Provider value={{ pending, navigate }}>{children}</PeriodContext.Provider>;
}

export const usePeriodNavigation = () => useContext(PeriodContext);

/** The Overview's figures, or `fallback` (the skeleton) while another period loads. */
export function PeriodBody({ children, fallback }: { children: ReactNode; fallback: ReactNode }) {
  const pending = useContext(PeriodContext)?.pending ?? false;
  return (
    <>
      {pending && fallback}
      <div hidden={pending}>{children}</div>
    </>
  );
}
