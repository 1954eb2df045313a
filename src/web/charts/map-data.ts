import { ApiError, api } from '../api/client.ts';
import { loadEcharts } from './load-echarts.ts';

export interface BoundaryFeature {
  type: 'Feature';
  properties: { code: string; adcode: string; name: string; center?: [number, number]; centroid?: [number, number] };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}
export interface Boundaries {
  type: 'FeatureCollection';
  features: BoundaryFeature[];
}
export interface MapMeta {
  code: string;
  source: 'uploaded' | 'packaged' | 'none';
  approvalNumber: string | null;
  features: number | null;
  package: string;
}

const loaded = new Map<string, Promise<Boundaries>>();

/**
 * The boundaries of `code`'s children, fetched once per page life and registered with ECharts
 * under the code itself. The request revalidates (`no-cache`): an unchanged map costs a 304, and
 * an approved upload replaces the packaged one at once.
 */
export function loadBoundaries(code: string): Promise<Boundaries> {
  let p = loaded.get(code);
  if (!p) {
    p = (async () => {
      const res = await fetch(`/api/maps/${encodeURIComponent(code)}`, { cache: 'no-cache', credentials: 'same-origin', headers: { accept: 'application/geo+json, application/json' } });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
        throw new ApiError(res.status, body?.error?.code ?? `http_${res.status}`, body?.error?.message ?? res.statusText);
      }
      const [geo, echarts] = await Promise.all([res.json() as Promise<Boundaries>, loadEcharts()]);
      echarts.registerMap(code, geo as never);
      return geo;
    })();
    loaded.set(code, p);
    p.catch(() => loaded.delete(code));
  }
  return p;
}

/** Forgets a code's boundaries, so the next load fetches (and registers) them again. */
export function forgetBoundaries(code: string): void {
  loaded.delete(code);
}

export const loadMapMeta = (code: string) => api.get<MapMeta>(`/api/maps/${encodeURIComponent(code)}/meta`);
