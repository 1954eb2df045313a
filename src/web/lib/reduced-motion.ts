import { useSyncExternalStore } from 'react';

const QUERY = '(prefers-reduced-motion: reduce)';

function subscribe(onChange: () => void): () => void {
  const mq = window.matchMedia(QUERY);
  mq.addEventListener('change', onChange);
  return () => mq.removeEventListener('change', onChange);
}

/**
 * Whether the user asked the system for less motion. antd animates every dropdown, drawer and
 * modal; someone who gets dizzy from motion (WCAG 2.3.3) gets none. Browser tests ask for it too:
 * a click on an option still sliding in was seen to miss under load.
 */
export function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(QUERY).matches,
    () => false,
  );
}
