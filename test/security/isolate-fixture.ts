/** Functions run by run-isolated.test.ts in a worker thread. */
export function echo(x: unknown): unknown {
  return x;
}

export function spin(ms: number): number {
  const end = Date.now() + ms;
  let n = 0;
  while (Date.now() < end) n++;
  return n;
}

export function hog(): number {
  const keep: number[][] = [];
  for (;;) keep.push(Array.from({ length: 1_000_000 }, (_, i) => i));
}

export function fail(): never {
  throw Object.assign(new Error('bad row'), { name: 'AppError', code: 'validation_failed', details: { fields: [{ field: 'row 2', reason: 'bad' }] } });
}
