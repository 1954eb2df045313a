// Runs one exported function of a TypeScript module in this worker thread and posts its result.
// Plain JavaScript: a worker does not inherit the parent's loader, so tsx is registered here.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

// On Linux the nice value is per thread: this worker yields the CPU to the event loop that answers
// every other request (raising one's own nice value needs no privilege).
try {
  setPriority(0, 10);
} catch {
  // other systems: the worker still runs, at normal priority
}

register();
const { module, fn, args } = workerData;
try {
  const mod = await import(module);
  const result = await mod[fn](...args);
  parentPort.postMessage({ ok: true, result });
} catch (e) {
  const err = e instanceof Error ? e : new Error(String(e));
  parentPort.postMessage({ ok: false, error: { name: err.name, message: err.message, code: err.code, details: err.details, stack: err.stack } });
}
