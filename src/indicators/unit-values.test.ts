import { expect, it } from 'vitest';
import { describeEachEngine } from '../../test/db.ts';
import { makeUnit, seedHaibei, uniq } from '../../test/reporting-fixtures.ts';
import { SYSTEM } from '../platform/audit.ts';
import { transaction } from '../platform/db/database.ts';
import { createDataElement } from '../reporting/data-element.service.ts';
import { elementValues } from './query.service.ts';
import { recordApprovedValues } from './values.service.ts';

/**
 * Values by unit: 海北's three operators each report 完成投资额 for the same county and month.
 * Before per-unit elements the second approval overwrote the first (one row per element,
 * division and month), so the dashboard showed planned investment beside 0 done.
 */
describeEachEngine('values by unit', (getDb) => {
  it("keeps each unit's value, sums them for the division and its ancestors, and replaces only a unit's own on correction", async () => {
    const db = getDb();
    await seedHaibei(db);
    const telecom = await makeUnit(db, '电信海北分公司', '6322');
    const mobile = await makeUnit(db, '移动海北分公司', '6322');
    const unicom = await makeUnit(db, '联通海北分公司', '6322');
    const investment = await createDataElement(db, SYSTEM, {
      code: uniq('inv_done_'), name: uniq('完成投资额'), valueType: 'number', unit: '万元', periodType: 'M', temporal: 'flow', spatial: 'sum', divisionLevel: 3, min: 0, perUnit: true,
    });
    expect(investment.perUnit).toBe(true);
    const v = (unitId: number, division: string, period: string, value: number) => ({ elementId: investment.id, divisionCode: division, period, value, unitId, submissionId: null });
    await transaction(db, (tx) => recordApprovedValues(tx, [v(telecom, '632221', '2014M03', 1200), v(telecom, '632222', '2014M03', 300)]));
    await transaction(db, (tx) => recordApprovedValues(tx, [v(mobile, '632221', '2014M03', 800)]));
    await transaction(db, (tx) => recordApprovedValues(tx, [v(unicom, '632221', '2014M06', 500)]));

    const at = async (division: string, period: string, unitId?: number) => (await elementValues(db.kysely, { element: investment.id, divisionCodes: [division], periods: [period], unitId }))[0].value;
    // The county is the sum of its operators; the prefecture of its counties; a quarter of its months.
    expect(await at('632221', '2014M03')).toBe(2000);
    expect(await at('6322', '2014M03')).toBe(2300);
    expect(await at('6322', '2014Q1')).toBe(2300);
    expect(await at('6322', '2014')).toBe(2800);
    // Each operator's own.
    expect(await at('6322', '2014', telecom)).toBe(1500);
    expect(await at('632221', '2014M03', mobile)).toBe(800);
    expect(await at('6322', '2014', unicom)).toBe(500);
    // 移动 corrects its March figure: only its own row changes.
    await transaction(db, (tx) => recordApprovedValues(tx, [v(mobile, '632221', '2014M03', 900)]));
    expect(await at('632221', '2014M03')).toBe(2100);
    expect(await at('632221', '2014M03', telecom)).toBe(1200);
  });

  it('refuses a per-unit value without its unit, and a per-unit element that is not additive', async () => {
    const db = getDb();
    await seedHaibei(db);
    const e = await createDataElement(db, SYSTEM, {
      code: uniq('inv_x_'), name: uniq('完成投资额X'), valueType: 'number', unit: '万元', periodType: 'M', temporal: 'flow', spatial: 'sum', divisionLevel: 3, min: 0, perUnit: true,
    });
    await expect(transaction(db, (tx) => recordApprovedValues(tx, [{ elementId: e.id, divisionCode: '632221', period: '2014M01', value: 1, unitId: null, submissionId: null }]))).rejects.toMatchObject({
      code: 'validation_failed',
      details: { fields: [{ field: 'values[0].unitId' }] },
    });
    const users = await createDataElement(db, SYSTEM, { code: uniq('u_'), name: uniq('用户'), valueType: 'integer', unit: '户', periodType: 'M', temporal: 'stock', spatial: 'sum', divisionLevel: 3, min: 0 });
    await expect(
      createDataElement(db, SYSTEM, {
        code: uniq('speed_'), name: uniq('速率'), valueType: 'number', unit: 'Mbps', periodType: 'M', temporal: 'stock', spatial: 'weighted', weightElementId: users.id, divisionLevel: 3, perUnit: true,
      }),
    ).rejects.toMatchObject({ code: 'validation_failed', details: { fields: [{ field: 'perUnit' }] } });
  });
});
