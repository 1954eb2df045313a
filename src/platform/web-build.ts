import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB_SRC = join(ROOT, 'src/web');
const WEB_INDEX = join(ROOT, 'dist/web/index.html');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Builds the web app when dist/web is missing or older than its sources, so that `npm install &&
 * npm start` needs no separate build step. Returns false when there is no web source to build.
 */
export async function ensureWebBuilt(log: (m: string) => void): Promise<boolean> {
  const config = join(WEB_SRC, 'vite.config.ts');
  if (!existsSync(config)) return false;
  if (existsSync(WEB_INDEX) && statSync(WEB_INDEX).mtimeMs >= newest(WEB_SRC)) return true;
  log('building the web app (first start or sources changed)…');
  const started = Date.now();
  try {
    const { build } = await import('vite');
    await build({ configFile: config, logLevel: 'warn' });
  } catch (e) {
    // The API is still useful without the UI (and the error is the developer's to fix).
    log(`warning: the web app could not be built, serving the API only: ${(e as Error).message.split('\n')[0]}`);
    return false;
  }
  log(`web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}
