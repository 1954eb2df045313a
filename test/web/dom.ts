/**
 * A browser-like global scope from happy-dom for rendering React pages in Node, *beside* Node's
 * own globals rather than instead of them: the test also runs the real server in the same
 * process, which needs Node's URL, fetch machinery, AbortController and timers (vitest's
 * happy-dom environment replaces URL, and the server's `new URL(…, import.meta.url)` then fails).
 * Import this module first in a component test file.
 */
import { Window } from 'happy-dom';

const win = new Window({ url: 'http://localhost/' });
const g = globalThis as Record<string, unknown>;

function expose(key: string): void {
  if (key in globalThis) return; // Node has its own (URL, fetch, AbortController, Event, timers…)
  const value = (win as unknown as Record<string, unknown>)[key];
  // Methods of the window (getComputedStyle, requestAnimationFrame…) are called without a receiver.
  g[key] = typeof value === 'function' && !/^[A-Z]/.test(key) ? (value as (...a: unknown[]) => unknown).bind(win) : value;
}

const keys = new Set<string>(Object.getOwnPropertyNames(win));
for (let proto = Object.getPrototypeOf(win); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
  for (const k of Object.getOwnPropertyNames(proto)) if (k !== 'constructor') keys.add(k);
}
for (const key of keys) {
  try {
    expose(key);
  } catch {
    /* a getter that needs a receiver of its own; nothing on a page uses it */
  }
}
g.window = win;
g.document = win.document;
// React's act() environment: state updates in tests are flushed as in a browser event.
g.IS_REACT_ACT_ENVIRONMENT = true;

export const domWindow = win;
