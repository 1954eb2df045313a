// The other side of stall.test.ts, in its own thread so that building and sending requests never
// competes with the server for the test process's event loop: sends every bomb at once while it
// keeps asking /api/health, and reports the answers and the health latencies.
import { parentPort, workerData } from 'node:worker_threads';

const { base, health, attacks, quietMs = 0 } = workerData;
const latencies = [];
let attacking = true;

const sampler = (async () => {
  while (attacking) {
    const t = performance.now();
    const r = await fetch(`${base}${health}`);
    await r.arrayBuffer();
    latencies.push(r.status === 200 ? performance.now() - t : Infinity);
    await new Promise((res) => setTimeout(res, 5));
  }
})();

async function send(a) {
  let body = a.body;
  if (a.multipart) {
    body = new FormData();
    for (const [k, v] of Object.entries(a.multipart.fields)) body.set(k, v);
    body.set('file', new Blob([a.body]), a.multipart.filename);
  }
  const t = performance.now();
  try {
    const r = await fetch(`${base}${a.path}`, { method: a.method, headers: a.headers, body });
    const text = await r.text();
    return { name: a.name, status: r.status, body: text.slice(0, 300), bytes: text.length, ms: performance.now() - t };
  } catch (e) {
    // the server may close the socket while a refused body is still being written
    return { name: a.name, status: -1, body: String(e.cause ?? e), bytes: 0, ms: performance.now() - t };
  }
}

await new Promise((res) => setTimeout(res, 300));
// With no attacks: the same sampling over a quiet period, the baseline of this machine right now.
const results = attacks.length ? await Promise.all(attacks.map(send)) : await new Promise((res) => setTimeout(() => res([]), quietMs));
await new Promise((res) => setTimeout(res, 300));
attacking = false;
await sampler;
parentPort.postMessage({ results, latencies });
