/**
 * The status cache serves an answer only while nothing that affects it was written: the epoch
 * (migration 0470) is bumped in the same transaction as approvals, submissions, progress of
 * submitted reports, values, target links and plan edits — and not by draft saves.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { buildTestApp, createUser, login } from '../../test/app.ts';
import { describeEachEngine } from '../../test/db.ts';
import { SYSTEM } from '../platform/audit.ts';
import { cachedPlanStatus, statusEpoch } from './status.cache.ts';
import { planStatus } from './status.service.ts';
import { type Fixture, monitoredProvince, planWithItems, reportProgress } from './status.test-fixtures.ts';
import { saveTargetLink } from './target-links.service.ts';
import { recordApprovedValues } from './values.service.ts';

describeEachEngine('plan status cache', (getDb) => {
  let f: Fixture;
  let planId: number;
  let ids: Record<string, number>;

  beforeAll(async () => {
    const db = getDb();
    f = await monitoredProvince(db);
    ({ planId, ids } = await planWithItems(db, [
      { key: 'fixed', kind: 'target', data: { indicator: '固定宽带家庭普及率', scope: null, value: 50, unit: '%', comparator: '>=', deadline: '2015', baseline: { value: 40, date: '2013' } } },
      { key: 't1', kind: 'task', data: { title: '光纤入户', section: null, leadUnits: [], responsibleUnits: [], deadline: '2015-12-31' }, units: [f.units.telecom] },
    ]));
  });

  it('answers from the cache until a write that affects the status, then at once with the new data', async () => {
    const db = getDb();
    const q = { period: '2014Q4', asOf: '2015-01-20' };
    const first = await cachedPlanStatus(db, planId, q);
    expect(first.targets[0]).toMatchObject({ linked: false });
    expect(await cachedPlanStatus(db, planId, q)).toBe(first); // the same object: a cache hit

    // a target link
    await saveTargetLink(db, SYSTEM, planId, ids.fixed, { indicatorId: f.indicators.fixed });
    const linked = await cachedPlanStatus(db, planId, q);
    expect(linked.targets[0]).toMatchObject({ linked: true, latest: { period: '2014Q4', value: 44 } });

    // a submitted progress report
    await reportProgress(db, f.units.telecom, '2014Q4', 'submitted', [{ itemId: ids.t1, status: 'in_progress', percent: 40 }], new Date('2015-01-05T02:00:00Z'));
    const progressed = await cachedPlanStatus(db, planId, q);
    expect(progressed.tasks[0].reportedPercent).toBe(40);

    // an approved value (the roll-up moves with it)
    await recordApprovedValues(db.kysely, [{ elementId: f.elements.users, divisionCode: '430102', period: '2014M12', value: 60, unitId: null, submissionId: null }]);
    const valued = await cachedPlanStatus(db, planId, q);
    expect(valued.targets[0].latest!.value).not.toBe(44);
    expect(valued).toEqual(await planStatus(db, planId, q));
  });

  it('is not invalidated by a draft save (an autosave changes no status)', async () => {
    const db = getDb();
    const before = await statusEpoch(db);
    await reportProgress(db, f.units.mobile, '2015Q1', 'draft', [{ itemId: ids.t1, status: 'behind', percent: 5 }]);
    const sub = await db.kysely.selectFrom('submissions').select(['id', 'version']).where('unit_id', '=', f.units.mobile).executeTakeFirstOrThrow();
    await db.kysely.updateTable('submissions').set({ version: sub.version + 1, updated_at: new Date() }).where('id', '=', sub.id).execute();
    await db.kysely.updateTable('progress_entries').set({ percent: 6 }).where('submission_id', '=', sub.id).execute();
    expect(await statusEpoch(db)).toBe(before);
    // submitting it does
    await db.kysely.updateTable('submissions').set({ status: 'submitted', submitted_at: new Date() }).where('id', '=', sub.id).execute();
    const after = await statusEpoch(db);
    expect(after).not.toBe(before);
    // a restore brings back an old counter, but not the token the cache saw with other data
    await sql`update status_epoch set n = ${Number(before.split(':')[0])}, token = 'restored'`.execute(db.kysely);
    expect(await statusEpoch(db)).not.toBe(before);
  });

  it('serves the cached status over HTTP as JSON, and refuses a reader outside the plan', async () => {
    const db = getDb();
    const app = await buildTestApp(db);
    try {
      const admin = await createUser(db, { role: 'admin' });
      const headers = (await login(app, admin.username, admin.password)).headers;
      const url = `/api/plans/${planId}/status?period=2014Q4&asOf=2015-01-20`;
      const a = await app.inject({ method: 'GET', url, headers });
      expect(a.statusCode, a.body).toBe(200);
      expect(a.headers['content-type']).toMatch(/application\/json/);
      expect(a.json()).toEqual(JSON.parse(JSON.stringify(await planStatus(db, planId, { period: '2014Q4', asOf: '2015-01-20' }))));
      const b = await app.inject({ method: 'GET', url, headers });
      expect(b.body).toBe(a.body);
      const outsider = await createUser(db, { role: 'viewer', divisionCode: '63' });
      const o = await app.inject({ method: 'GET', url, headers: (await login(app, outsider.username, outsider.password)).headers });
      expect(o.statusCode).toBe(403);
      expect((await app.inject({ method: 'GET', url: `/api/plans/${planId}/status?asOf=2015-02-30`, headers })).statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });
});
