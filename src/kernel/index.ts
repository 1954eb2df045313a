/** The kernel: time and periods, imported by every domain and importing none. */
export * from './as-of.ts';
export * from './clock.ts';
export * from './day.ts';
export * from './period.ts';
export * from './rates.ts';
