import { beforeAll, expect, it, vi } from 'vitest';
import { createUser } from '../../test/app.ts';
import { describeEachEngine } from '../../test/db.ts';
import { HAIBEI_COUNTIES, makeBroadbandElements, makeMonthlyForm, makeUnit, monthsAgo, monthsAhead, seedHaibei } from '../../test/reporting-fixtures.ts';
import { divisionKey, periodMonth } from '../indicators/keys.ts';
import { SYSTEM } from '../platform/audit.ts';
import type { AppError } from '../platform/errors.ts';
import { formRows, updateForm } from './form.service.ts';
import type { ReportingUser } from './reporting.access.ts';
import { approve, diffVersions, getSubmission, openSubmission, returnSubmission, saveDraft, submit } from './submission.service.ts';
import { validateSubmission } from './validation.service.ts';


async function rejected(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a refusal');
}

describeEachEngine('reporting services', (getDb) => {
  let els: Awaited<ReturnType<typeof makeBroadbandElements>>;
  let unitId: number;
  let reporter: ReportingUser;
  let admin: ReportingUser;

  beforeAll(async () => {
    await seedHaibei(getDb());
    els = await makeBroadbandElements(getDb());
    unitId = await makeUnit(getDb(), '海北州工信局', '6322');
    reporter = { id: (await createUser(getDb(), { role: 'reporter', unitId })).id, role: 'reporter', unitId, divisionCode: null };
    admin = { id: (await createUser(getDb(), { role: 'admin' })).id, role: 'admin', unitId: null, divisionCode: null };
  });

  it('lists the rows a unit owes: each county of its root × each element, by division then element order', async () => {
    const form = await makeMonthlyForm(getDb(), els, [{ unitId, divisionCode: '6322' }]);
    const rows = await formRows(getDb().kysely, form.id, unitId);
    expect(rows).toHaveLength(HAIBEI_COUNTIES.length * 3);
    expect(rows.slice(0, 3).map((r) => [r.divisionCode, r.elementCode])).toEqual([
      ['632221', els.users.code],
      ['632221', els.households.code],
      ['632221', els.investment.code],
    ]);
    expect(rows[0]).toMatchObject({ divisionName: '门源回族自治县', unit: '户', valueType: 'integer', min: 0, max: null });
    expect(await formRows(getDb().kysely, form.id, unitId + 999)).toEqual([]);
  });

  it('saves, validates, submits, returns, resubmits and approves; every revision kept and diffable; approved values stored', async () => {
    const db = getDb();
    const form = await makeMonthlyForm(db, els, [{ unitId, divisionCode: '6322' }]);
    const period = monthsAgo(0).code;
    const sub = await openSubmission(db, SYSTEM, reporter, { formId: form.id, unitId, period });
    expect(sub).toMatchObject({ status: 'draft', revision: 0, version: 1 });
    const again = await openSubmission(db, SYSTEM, reporter, { formId: form.id, unitId, period });
    expect(again.id).toBe(sub.id);

    const values = HAIBEI_COUNTIES.flatMap((c, i) => [
      { elementId: els.users.id, divisionCode: c, value: 1000 + i },
      { elementCode: els.households.code, divisionCode: c, value: 2000 },
    ]);
    const saved = await saveDraft(db, SYSTEM, reporter, sub.id, { version: 1, values });
    expect(saved).toMatchObject({ version: 2, saved: 8 });
    expect(await validateSubmission(db.kysely, sub.id)).toEqual({ errors: [], warnings: [] });

    const first = await submit(db, SYSTEM, reporter, sub.id, { version: 2 });
    expect(first).toMatchObject({ status: 'submitted', revision: 1, version: 3 });
    const returned = await returnSubmission(db, SYSTEM, admin, sub.id, { version: 3, reason: '门源县数据偏低，请核实' });
    expect(returned).toMatchObject({ status: 'returned', returnReason: '门源县数据偏低，请核实' });
    await saveDraft(db, SYSTEM, reporter, sub.id, { version: 4, values: [{ elementId: els.users.id, divisionCode: '632221', value: 1500, comment: '补录光纤用户' }] });
    const second = await submit(db, SYSTEM, reporter, sub.id, { version: 5 });
    expect(second).toMatchObject({ status: 'submitted', revision: 2 });
    expect(second.firstSubmittedAt).toBe(first.firstSubmittedAt);

    const diff = await diffVersions(db.kysely, sub.id, 1, 2);
    expect(diff.values).toEqual([
      { elementId: els.users.id, elementCode: els.users.code, divisionCode: '632221', field: 'value', a: 1000, b: 1500 },
      { elementId: els.users.id, elementCode: els.users.code, divisionCode: '632221', field: 'comment', a: null, b: '补录光纤用户' },
    ]);

    const approved = await approve(db, SYSTEM, admin, sub.id, { version: second.version });
    expect(approved).toMatchObject({ status: 'approved', approvedValues: 8 });
    const stored = await db.kysely
      .selectFrom('data_values')
      .select(['value', 'submission_id'])
      .where('element_id', '=', els.users.id)
      .where('division_key', '=', divisionKey('632221'))
      .where('month', '=', periodMonth(period))
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ value: 1500, submission_id: sub.id });
    const versions = await db.kysely.selectFrom('submission_versions').select(['revision', 'status']).where('submission_id', '=', sub.id).orderBy('revision').execute();
    expect(versions).toEqual([{ revision: 1, status: 'returned' }, { revision: 2, status: 'approved' }]);

    // The next period shows the approved value as `previous` and warns on a jump over 50 %.
    const next = await openSubmission(db, SYSTEM, reporter, { formId: form.id, unitId, period: monthsAhead(1).code });
    await saveDraft(db, SYSTEM, reporter, next.id, { version: next.version, values: [{ elementId: els.users.id, divisionCode: '632221', value: 2500 }] });
    const detail = await getSubmission(db, reporter, next.id);
    expect(detail.values.find((v) => v.elementId === els.users.id && v.divisionCode === '632221')).toMatchObject({ value: 2500, previous: 1500 });
    const v = await validateSubmission(db.kysely, next.id);
    expect(v.warnings.map((w) => [w.rule, w.field])).toEqual([['jump', `values[${els.users.code}@632221]`]]);
  });

  it('refuses a stale save with both versions, and cells outside the form or the unit’s rows naming the value', async () => {
    const db = getDb();
    const form = await makeMonthlyForm(db, els, [{ unitId, divisionCode: '632221' }]);
    const sub = await openSubmission(db, SYSTEM, reporter, { formId: form.id, unitId, period: monthsAgo(0).code });
    await saveDraft(db, SYSTEM, reporter, sub.id, { version: 1, values: [{ elementId: els.users.id, divisionCode: '632221', value: 10 }] });
    const stale = await rejected(saveDraft(db, SYSTEM, reporter, sub.id, { version: 1, values: [{ elementId: els.users.id, divisionCode: '632221', value: 20 }] }));
    expect(stale.code).toBe('conflict');
    expect((stale.details.current as { version: number; values: { value: number }[] }).values[0].value).toBe(10);
    expect((stale.details.yours as { values: { value: number }[] }).values[0].value).toBe(20);

    const bad = await rejected(
      saveDraft(db, SYSTEM, reporter, sub.id, {
        version: 2,
        values: [
          { elementId: els.users.id, divisionCode: '632222', value: 1 },
          { elementCode: 'nope', divisionCode: '632221', value: 1 },
        ],
      }),
    );
    expect(bad.code).toBe('validation_failed');
    expect(bad.details.fields?.map((f) => f.field)).toEqual(['values[0].divisionCode', 'values[1].elementCode']);
  });

  it('merge keeps other cells and unsent comments; replace makes the given cells the whole working copy', async () => {
    const db = getDb();
    const form = await makeMonthlyForm(db, els, [{ unitId, divisionCode: '6322' }]);
    const sub = await openSubmission(db, SYSTEM, reporter, { formId: form.id, unitId, period: monthsAgo(0).code });
    const a = await saveDraft(db, SYSTEM, reporter, sub.id, {
      version: sub.version,
      values: [
        { elementId: els.users.id, divisionCode: '632221', value: 1, comment: '说明' },
        { elementId: els.users.id, divisionCode: '632222', value: 2 },
      ],
    });
    const b = await saveDraft(db, SYSTEM, reporter, sub.id, { version: a.version, values: [{ elementId: els.users.id, divisionCode: '632221', value: 3 }] });
    const cells = async () => (await getSubmission(db, reporter, sub.id)).values.filter((v) => v.value !== null).map((v) => [v.divisionCode, v.value, v.comment]);
    expect(await cells()).toEqual([['632221', 3, '说明'], ['632222', 2, null]]);
    await saveDraft(db, SYSTEM, reporter, sub.id, { version: b.version, mode: 'replace', values: [{ elementId: els.users.id, divisionCode: '632221', value: 4 }] });
    expect(await cells()).toEqual([['632221', 4, null]]);
  });

  it('a draft stops taking saves and submits on its lock date; a returned report stays open for the correction', async () => {
    const db = getDb();
    const form = await makeMonthlyForm(db, els, [{ unitId, divisionCode: '632221' }], { startsOn: '2014-01-01', endsOn: '2014-12-31' });
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2014-03-05T10:00:00+08:00'));
      const draft = await openSubmission(db, SYSTEM, reporter, { formId: form.id, unitId, period: '2014M02' });
      const other = await openSubmission(db, SYSTEM, reporter, { formId: form.id, unitId, period: '2014M01' }).catch((e: AppError) => e);
      expect((other as AppError).code).toBe('locked'); // 2014M01 was due 02-10 and locked 02-25
      const cells = [
        { elementId: els.users.id, divisionCode: '632221', value: 10 },
        { elementId: els.households.id, divisionCode: '632221', value: 10 },
      ];
      const saved = await saveDraft(db, SYSTEM, reporter, draft.id, { version: draft.version, values: cells });
      const sent = await submit(db, SYSTEM, reporter, draft.id, { version: saved.version });
      // 2014M02: due 03-10, locks 03-25 (Beijing days)
      vi.setSystemTime(new Date('2014-03-25T00:30:00+08:00'));
      const back = await returnSubmission(db, SYSTEM, admin, draft.id, { version: sent.version, reason: '请补充说明' });
      const fixed = await saveDraft(db, SYSTEM, reporter, draft.id, { version: back.version, values: [{ ...cells[0], value: 11 }] });
      expect((await submit(db, SYSTEM, reporter, draft.id, { version: fixed.version })).revision).toBe(2);

      vi.setSystemTime(new Date('2014-03-24T23:00:00+08:00'));
      const late = await openSubmission(db, SYSTEM, reporter, { formId: form.id, unitId, period: '2014M03' });
      vi.setSystemTime(new Date('2014-04-25T00:00:01+08:00')); // 2014M03 locks 04-25
      const refused = await rejected(saveDraft(db, SYSTEM, reporter, late.id, { version: late.version, values: cells }));
      expect(refused.code).toBe('locked');
      expect((await rejected(submit(db, SYSTEM, reporter, late.id, { version: late.version }))).code).toBe('locked');
    } finally {
      vi.useRealTimers();
    }
  });

  it('a changed assignment applies to the very next save (the save path’s structure cache follows the form version)', async () => {
    const db = getDb();
    const form = await makeMonthlyForm(db, els, [{ unitId, divisionCode: '632221' }]);
    const sub = await openSubmission(db, SYSTEM, reporter, { formId: form.id, unitId, period: monthsAgo(0).code });
    const cell = { elementId: els.users.id, divisionCode: '632222', value: 5 };
    const a = await saveDraft(db, SYSTEM, reporter, sub.id, { version: sub.version, values: [{ ...cell, divisionCode: '632221' }] });
    expect((await rejected(saveDraft(db, SYSTEM, reporter, sub.id, { version: a.version, values: [cell] }))).details.fields?.[0].field).toBe('values[0].divisionCode');
    await updateForm(db, SYSTEM, form.id, { version: form.version, assignments: [{ unitId, divisionCode: '6322' }] });
    expect((await saveDraft(db, SYSTEM, reporter, sub.id, { version: a.version, values: [cell] })).saved).toBe(1);
  });

  it('stores 20,000 cells of one unit in one save (bulk path) and replaces them whole', async () => {
    const db = getDb();
    // 5,000 invented villages under 门源县 give 4 elements × 5,000 = 20,000 cells.
    const villages = Array.from({ length: 5000 }, (_, i) => ({ code: `632221${String(100 + Math.floor(i / 1000)).padStart(3, '0')}${String(i % 1000).padStart(3, '0')}`, name: `村${i}`, level: 5, parent_code: '632221', full_name: `村${i}` }));
    for (let i = 0; i < villages.length; i += 1000) await db.kysely.insertInto('divisions').values(villages.slice(i, i + 1000)).onConflict((oc) => oc.column('code').doNothing()).execute();
    const { createDataElement } = await import('./data-element.service.ts');
    const { createForm } = await import('./form.service.ts');
    const vEls: Awaited<ReturnType<typeof createDataElement>>[] = [];
    for (let k = 0; k < 4; k++) vEls.push(await createDataElement(db, SYSTEM, { code: `v${process.pid}_${k}_${Date.now() % 100000}`, name: `村指标${process.pid}-${k}-${Date.now()}`, valueType: 'number', unit: '', periodType: 'M', temporal: 'stock', spatial: 'sum', divisionLevel: 5 }));
    const form = await createForm(db, SYSTEM, {
      code: `V${process.pid}${Date.now() % 100000}`, name: '村级月报', periodType: 'M', dueRule: { kind: 'offset', days: 10 }, graceDays: 365, startsOn: monthsAgo(2).start, endsOn: monthsAhead(2).end,
      elements: vEls.map((e) => ({ elementId: e.id, required: true })), assignments: [{ unitId, divisionCode: '632221' }], rules: [],
    });
    const sub = await openSubmission(db, SYSTEM, reporter, { formId: form.id, unitId, period: monthsAgo(0).code });
    const values = villages.flatMap((v, i) => vEls.map((e, k) => ({ elementId: e.id, divisionCode: v.code, value: i * 10 + k })));
    const r = await saveDraft(db, SYSTEM, reporter, sub.id, { version: sub.version, values, mode: 'replace' });
    expect(r.saved).toBe(20_000);
    const n = await db.kysely.selectFrom('submission_values').select((eb) => eb.fn.countAll<number>().as('n')).where('submission_id', '=', sub.id).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(20_000);
    expect((await validateSubmission(db.kysely, sub.id)).errors).toEqual([]);
  });
});
