import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { getDivision } from '../divisions/division.service.ts';
import { type Actor, recordAudit } from '../platform/audit.ts';
import { type Db, type Executor, transaction } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import { type BoundaryCollection, validateBoundaries } from './geojson.ts';
import { COUNTRY } from './map-code.ts';
import { deleteUploaded, findUploadedBody, findUploadedInfo, listUploaded, saveUploaded, type UploadedMapInfo } from './map.repository.ts';
import { PACKAGE, packagedFile, readPackagedMap } from './packaged-maps.ts';

/** A map ready to send: its JSON text, the same gzipped, and a strong ETag of the text. */
export interface ServedMap {
  code: string;
  source: 'uploaded' | 'packaged';
  etag: string;
  json: string;
  gzip: Buffer;
  features: number;
}

export interface MapMeta {
  code: string;
  source: 'uploaded' | 'packaged' | 'none';
  /** 审图号 of the uploaded file; null for the packaged data, which has none. */
  approvalNumber: string | null;
  features: number | null;
  etag: string | null;
  uploadedAt: string | null;
  uploadedBy: string | null;
  /** The packaged data set, whether or not it is the one in use. */
  package: string;
  packagedAvailable: boolean;
}

const etagOf = (json: string) => `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;

function serve(code: string, source: ServedMap['source'], json: string, features: number, etag = etagOf(json)): ServedMap {
  return { code, source, etag, json, gzip: gzipSync(json), features };
}

// Parsed, re-keyed and gzipped maps, by ETag (uploaded) or 'pkg:<code>' (packaged). Bounded
// because a server drilling through every province would otherwise keep 27 MB of text around.
const CACHE_LIMIT = 48;
const cache = new Map<string, ServedMap>();
function remember(key: string, m: ServedMap): ServedMap {
  cache.delete(key);
  cache.set(key, m);
  while (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return m;
}
function recall(key: string): ServedMap | undefined {
  const m = cache.get(key);
  if (m) remember(key, m);
  return m;
}

async function packaged(code: string): Promise<ServedMap | null> {
  const key = `pkg:${code}`;
  const hit = recall(key);
  if (hit) return hit;
  const fc = await readPackagedMap(code);
  return fc ? remember(key, serve(code, 'packaged', JSON.stringify(fc), fc.features.length)) : null;
}

/**
 * The ETag of the map in use for `code` (uploaded first, else packaged), without reading a body
 * from the database: lets a conditional request be answered 304 cheaply. Null when there is none.
 */
export async function currentMapTag(ex: Executor, code: string): Promise<{ etag: string; source: ServedMap['source'] } | null> {
  const up = await findUploadedInfo(ex, code);
  if (up) return { etag: up.etag, source: 'uploaded' };
  const p = await packaged(code);
  return p ? { etag: p.etag, source: 'packaged' } : null;
}

/** The map in use for `code`; 404 naming what to do when there is neither an upload nor packaged data. */
export async function getMap(ex: Executor, code: string): Promise<ServedMap> {
  const up = await findUploadedInfo(ex, code);
  if (up) {
    const hit = recall(up.etag);
    if (hit) return hit;
    const row = await findUploadedBody(ex, code);
    if (row) return remember(row.etag, serve(code, 'uploaded', row.body, up.features, row.etag));
  }
  const p = await packaged(code);
  if (p) return p;
  throw new AppError('not_found', `没有区划 ${code} 的下级边界数据，管理员可上传经审核的 GeoJSON / no boundary data for the children of ${code}; an admin may upload an approved GeoJSON`);
}

function metaOf(code: string, up: UploadedMapInfo | null, pkg: ServedMap | null): MapMeta {
  const base = { code, package: PACKAGE, packagedAvailable: packagedFile(code) !== null };
  if (up) {
    return { ...base, source: 'uploaded', approvalNumber: up.approvalNumber, features: up.features, etag: up.etag, uploadedAt: up.uploadedAt.toISOString(), uploadedBy: up.uploadedBy };
  }
  if (pkg) return { ...base, source: 'packaged', approvalNumber: null, features: pkg.features, etag: pkg.etag, uploadedAt: null, uploadedBy: null };
  return { ...base, source: 'none', approvalNumber: null, features: null, etag: null, uploadedAt: null, uploadedBy: null };
}

/** Which boundary source serves `code`, and its 审图号. */
export async function getMapMeta(ex: Executor, code: string): Promise<MapMeta> {
  const up = await findUploadedInfo(ex, code);
  return metaOf(code, up, up ? null : await packaged(code));
}

/** Every uploaded (approved) map, for the office's overview. */
export async function listUploadedMaps(ex: Executor): Promise<MapMeta[]> {
  return (await listUploaded(ex)).map((u) => metaOf(u.code, u, null));
}

async function divisionName(ex: Executor, code: string): Promise<string | null> {
  if (code === COUNTRY) return '中国';
  try {
    return (await getDivision(ex, code)).name;
  } catch {
    return null;
  }
}

/**
 * Stores an approved GeoJSON of the children of `code` with its 审图号; from then on it is the map
 * served for `code`. Validated whole (400 naming each bad field) and stored with its audit row in
 * one transaction.
 */
export async function uploadMap(db: Db | Executor, actor: Actor, code: string, approvalNumber: string, geojson: unknown): Promise<MapMeta> {
  return transaction(db, async (tx) => {
    const fc: BoundaryCollection = await validateBoundaries(geojson, code, (c) => divisionName(tx, c));
    const json = JSON.stringify(fc);
    const before = await findUploadedInfo(tx, code);
    const saved = await saveUploaded(tx, { code, approvalNumber, body: json, etag: etagOf(json), features: fc.features.length, userId: actor.id, userName: actor.name });
    const summary = (u: UploadedMapInfo) => ({ approvalNumber: u.approvalNumber, features: u.features, etag: u.etag });
    await recordAudit(tx, actor, {
      action: before ? 'replace' : 'upload',
      entity: 'map',
      entityId: code,
      before: before ? summary(before) : undefined,
      after: { ...summary(saved), bytes: Buffer.byteLength(json), codes: fc.features.map((f) => f.properties.code) },
    });
    return metaOf(code, saved, null);
  });
}

/** Withdraws the uploaded map of `code`, so the packaged one (if any) serves again. */
export async function removeUploadedMap(db: Db | Executor, actor: Actor, code: string): Promise<MapMeta> {
  return transaction(db, async (tx) => {
    const before = await findUploadedInfo(tx, code);
    if (!before || !(await deleteUploaded(tx, code))) throw new AppError('not_found', `区划 ${code} 没有上传的边界数据 / no uploaded map for ${code}`);
    await recordAudit(tx, actor, { action: 'delete', entity: 'map', entityId: code, before: { approvalNumber: before.approvalNumber, features: before.features, etag: before.etag } });
    return metaOf(code, null, await packaged(code));
  });
}
