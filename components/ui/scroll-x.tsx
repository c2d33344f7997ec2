'use client';
// A sideways-scrolling area (wide tables, tabs on a phone) with a visible cue while there is more to the
// right: a fade on the edge and "Scroll sideways" under it. Focusable when it scrolls, so it can be scrolled
// with the keyboard.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { cx } from './cx';

export function ScrollX({ children, label, className, innerClassName, fade = 'from-white', hint = true, testId }: {
  children: ReactNode;
  /** names the region for screen readers, e.g. "Audit log table" */
  label: string;
  className?: string;
  innerClassName?: string;
  /** Tailwind gradient start matching the background, e.g. from-white, from-slate-50 */
  fade?: string;
  hint?: boolean;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [state, setState] = useState({ scrolls: false, more: false });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => {
      const scrolls = el.scrollWidth > el.clientWidth + 1;
      const more = scrolls && el.scrollLeft + el.clientWidth < el.scrollWidth - 1;
      setState((s) => (s.scrolls === scrolls && s.more === more ? s : { scrolls, more }));
    };
    update();
    el.addEventListener('scroll', update, { passive: true });
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => {
      el.removeEventListener('scroll', update);
      ro.disconnect();
    };
  }, []);
  return (
    <div className={cx('relative', className)} data-testid={testId} data-scrolls={state.scrolls ? 'true' : 'false'}>
      {/* the hint sits above the area, where it is seen before the rows */}
      {hint && state.scrolls && (
        <p className="px-3 py-1 text-right text-xs text-slate-600" aria-hidden data-scroll-hint>
          {state.more ? 'Scroll sideways for more →' : '← Scroll back'}
        </p>
      )}
      <div
        ref={ref}
        className={cx('overflow-x-auto focus-visible:outline-2 focus-visible:outline-brand-500', innerClassName)}
        {...(state.scrolls ? { tabIndex: 0, role: 'region', 'aria-label': `${label} (scrolls sideways)` } : {})}
      >
        {children}
      </div>
      {state.more && <div aria-hidden className={cx('pointer-events-none absolute bottom-0 right-0 top-6 w-10 bg-gradient-to-l to-transparent', fade)} data-scroll-cue />}
    </div>
  );
}
