import { AppError, type FieldProblem } from '../platform/errors.ts';
import { isInside, normaliseCode } from './map-code.ts';

type Position = [number, number];
export type Geometry = { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };

/** One division's boundary as luoshi serves it: the code is always our division code, a string. */
export interface BoundaryFeature {
  type: 'Feature';
  properties: { code: string; adcode: string; name: string; center?: Position; centroid?: Position; [k: string]: unknown };
  geometry: Geometry;
}

export interface BoundaryCollection {
  type: 'FeatureCollection';
  features: BoundaryFeature[];
}

const MAX_PROBLEMS = 20;

class Problems {
  readonly list: FieldProblem[] = [];
  add(field: string, reason: string): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push({ field, reason });
  }
  get full(): boolean {
    return this.list.length >= MAX_PROBLEMS;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkPosition(p: unknown, at: string, problems: Problems): boolean {
  if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number') {
    problems.add(at, 'a position must be [longitude, latitude] numbers');
    return false;
  }
  const [lng, lat] = p as number[];
  if (!Number.isFinite(lng) || lng < -180 || lng > 180 || !Number.isFinite(lat) || lat < -90 || lat > 90) {
    problems.add(at, `position [${lng}, ${lat}] is outside longitude −180…180 / latitude −90…90`);
    return false;
  }
  return true;
}

function checkPolygon(rings: unknown, at: string, problems: Problems): void {
  if (!Array.isArray(rings) || rings.length === 0) return problems.add(at, 'a polygon is a non-empty array of linear rings');
  rings.forEach((ring, r) => {
    if (problems.full) return;
    if (!Array.isArray(ring) || ring.length < 4) return problems.add(`${at}.${r}`, 'a linear ring needs at least 4 positions');
    for (let i = 0; i < ring.length; i++) if (!checkPosition(ring[i], `${at}.${r}.${i}`, problems)) return;
  });
}

function checkGeometry(g: unknown, at: string, problems: Problems): void {
  if (!isObject(g)) return problems.add(at, 'missing: each feature needs a Polygon or MultiPolygon geometry');
  if (g.type === 'Polygon') return checkPolygon(g.coordinates, `${at}.coordinates`, problems);
  if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return problems.add(`${at}.coordinates`, 'a MultiPolygon is a non-empty array of polygons');
    g.coordinates.forEach((poly, i) => !problems.full && checkPolygon(poly, `${at}.coordinates.${i}`, problems));
    return;
  }
  problems.add(`${at}.type`, `must be Polygon or MultiPolygon (got ${JSON.stringify(g.type ?? null)})`);
}

/**
 * Checks an uploaded FeatureCollection for the children of `parent` and rewrites it to the served
 * form: every feature carries `code` (our division code as a string, taken from `code` or
 * `adcode`, zero padding trimmed) inside `parent`, unique, with a Polygon/MultiPolygon geometry.
 * Names missing from the file are asked of `nameOf`. Throws a 400 listing each problem by its field
 * path under `field` (e.g. body.geojson.features.3.properties.code).
 */
export async function validateBoundaries(
  input: unknown,
  parent: string,
  nameOf: (code: string) => Promise<string | null>,
  field = 'body.geojson',
): Promise<BoundaryCollection> {
  const problems = new Problems();
  if (!isObject(input)) throw new AppError('validation_failed', `${field}: must be a GeoJSON object`, { fields: [{ field, reason: 'must be a GeoJSON object' }] });
  if (input.type !== 'FeatureCollection') problems.add(`${field}.type`, `must be "FeatureCollection" (got ${JSON.stringify(input.type ?? null)})`);
  const raw = input.features;
  if (!Array.isArray(raw) || raw.length === 0) problems.add(`${field}.features`, 'must be a non-empty array of features');
  const features: BoundaryFeature[] = [];
  const seen = new Map<string, number>();
  for (const [i, f] of (Array.isArray(raw) ? raw : []).entries()) {
    if (problems.full) break;
    const at = `${field}.features.${i}`;
    if (!isObject(f) || f.type !== 'Feature') {
      problems.add(`${at}.type`, 'must be "Feature"');
      continue;
    }
    const props = isObject(f.properties) ? f.properties : null;
    if (!props) {
      problems.add(`${at}.properties`, 'missing: each feature needs properties with a code or adcode');
      continue;
    }
    const given = props.code ?? props.adcode;
    const key = props.code !== undefined ? 'code' : 'adcode';
    if (given === undefined || given === null || given === '') {
      problems.add(`${at}.properties.code`, 'missing: each feature needs a division code (properties.code or properties.adcode)');
      continue;
    }
    const code = typeof given === 'string' || typeof given === 'number' ? normaliseCode(given) : null;
    if (!code) {
      problems.add(`${at}.properties.${key}`, `${JSON.stringify(given)} is not a division code (2, 4, 6, 9 or 12 digits)`);
      continue;
    }
    if (!isInside(code, parent)) {
      problems.add(`${at}.properties.${key}`, `${code} is not inside division ${parent}`);
      continue;
    }
    if (seen.has(code)) {
      problems.add(`${at}.properties.${key}`, `${code} appears twice (also feature ${seen.get(code)})`);
      continue;
    }
    seen.set(code, i);
    checkGeometry(f.geometry, `${at}.geometry`, problems);
    let name = typeof props.name === 'string' ? props.name.trim() : '';
    if (!name) {
      name = (await nameOf(code)) ?? '';
      if (!name) problems.add(`${at}.properties.name`, `missing, and ${code} is not a loaded division to take the name from`);
    }
    const properties: BoundaryFeature['properties'] = { code, adcode: code.length <= 6 ? code.padEnd(6, '0') : code, name };
    for (const p of ['center', 'centroid'] as const) {
      const v = props[p];
      if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x))) properties[p] = v as Position;
    }
    features.push({ type: 'Feature', properties, geometry: f.geometry as Geometry });
  }
  if (problems.list.length > 0) {
    const more = problems.full ? ' (first 20 problems)' : '';
    throw new AppError('validation_failed', `the GeoJSON is not usable${more}: ${problems.list.map((p) => `${p.field}: ${p.reason}`).join('; ')}`, {
      fields: problems.list,
    });
  }
  return { type: 'FeatureCollection', features };
}
