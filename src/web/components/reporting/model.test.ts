import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.ts';
import { translate, type MessageKey } from '../../i18n/index.tsx';
import { cellKey, checkCell, issuesOf, localReason, periodLabel, rangeText, type SubmissionReply, toSubmissionView } from './model.ts';

const t = (key: MessageKey, vars?: Record<string, string | number>) => translate('zh-CN', key, vars);

// GET /api/reporting/submissions/:id as its response schema says (typed by the generated contract,
// so this fixture cannot drift from what the server sends).
const detail: SubmissionReply = {
  id: 7,
  formId: 3,
  unitId: 5,
  period: '2026M12',
  status: 'returned',
  revision: 1,
  version: 4,
  returnReason: '请核实',
  submittedAt: '2027-01-05T02:00:00.000Z',
  firstSubmittedAt: '2027-01-05T02:00:00.000Z',
  submittedBy: 3,
  reviewedAt: '2027-01-06T02:00:00.000Z',
  reviewedBy: 1,
  createdAt: '2027-01-01T02:00:00.000Z',
  updatedAt: '2027-01-06T02:00:00.000Z',
  updatedBy: 1,
  templateVersion: 1,
  unitDivisionCode: '632200',
  locksOn: '2027-01-25',
  elements: [{ elementId: 1, code: 'users', name: '固定宽带家庭用户数', unit: '户', valueType: 'integer' as const, min: 0, max: null, periodType: 'M' as const, temporal: 'stock' as const, divisionLevel: 3, maxJumpShare: 0.5, ord: 1, required: true }, { elementId: 2, code: 'households', name: '家庭户数', unit: '户', valueType: 'integer' as const, min: 0, max: null, periodType: 'M' as const, temporal: 'stock' as const, divisionLevel: 3, maxJumpShare: 0.5, ord: 2, required: true }],
  divisions: [
    { code: '632221', name: '门源回族自治县' },
    { code: '632222', name: '祁连县' },
  ],
  formCode: 'HB-BB-M',
  formName: '海北州宽带月报',
  unitName: '州工信局',
  dueOn: '2027-01-10',
  locked: false,
  values: [
    { elementId: 1, elementCode: 'users', elementName: '固定宽带家庭用户数', unit: '户', valueType: 'integer', min: 0, max: null, required: true, divisionCode: '632221', divisionName: '门源回族自治县', value: 1800, comment: null, previous: 1000 },
    { elementId: 2, elementCode: 'households', elementName: '家庭户数', unit: '户', valueType: 'integer', min: 0, max: null, required: true, divisionCode: '632221', divisionName: '门源回族自治县', value: null, comment: null, previous: null },
    { elementId: 1, elementCode: 'users', elementName: '固定宽带家庭用户数', unit: '户', valueType: 'integer', min: 0, max: null, required: true, divisionCode: '632222', divisionName: '祁连县', value: 900, comment: '新小区', previous: 800 },
  ],
  progress: [{ itemId: 11, kind: 'task', parentId: null, title: '推进光纤到户', due: null, role: 'lead', status: 'behind', percent: 30, narrative: null, problems: '电力配套' }],
};

describe('reporting model (web)', () => {
  it('reads a submission: its elements, divisions in order with names, previous values, progress', () => {
    const d = toSubmissionView(detail);
    expect(d.elements.map((e) => [e.id, e.code, e.name, e.min, e.max])).toEqual([
      [1, 'users', '固定宽带家庭用户数', 0, null],
      [2, 'households', '家庭户数', 0, null],
    ]);
    expect(d.divisions).toEqual([
      { code: '632221', name: '门源回族自治县' },
      { code: '632222', name: '祁连县' },
    ]);
    expect(d.cells.find((c) => cellKey(c.elementId, c.divisionCode) === '1@632222')).toEqual({ elementId: 1, divisionCode: '632222', value: 900, comment: '新小区', previous: 800 });
    expect(d).toMatchObject({ status: 'returned', version: 4, returnReason: '请核实', formName: '海北州宽带月报', unitName: '州工信局' });
    expect(d.progress[0]).toMatchObject({ itemId: 11, title: '推进光纤到户', status: 'behind', percent: 30, problems: '电力配套' });
  });

  it('reads a refused submit (422 errors and warnings) and a refused upload (fields per cell)', () => {
    const submit = new ApiError(422, 'unprocessable', 'x', [], [], {
      errors: [{ field: 'values[households@632221]', elementCode: 'households', divisionCode: '632221', reason: '必填 / required' }],
      warnings: [{ field: 'values[users@632221]', elementCode: 'users', divisionCode: '632221', reason: '跳变 / jump' }],
      fields: [{ field: 'values[households@632221]', reason: 'required' }],
    });
    expect(issuesOf(submit).map((i) => [i.severity, i.elementCode, i.divisionCode])).toEqual([
      ['error', 'households', '632221'],
      ['warning', 'users', '632221'],
    ]);
    const upload = new ApiError(422, 'unprocessable', 'x', [{ field: '数据!G12', reason: '不是数字' }], [], { fields: [{ field: '数据!G12', reason: '不是数字' }] });
    expect(issuesOf(upload)).toEqual([{ severity: 'error', field: '数据!G12', reason: '不是数字' }]);
    expect(issuesOf(new Error('boom'))).toEqual([]);
  });

  it('checks a cell as the server would: integer, range, jump from the previous period', () => {
    const el = { id: 1, code: 'users', name: 'u', valueType: 'integer' as const, unit: '户', min: 0, max: 5000, required: true, maxJumpShare: 0.5 };
    expect(checkCell(t, el, null, 1000)).toEqual({});
    expect(checkCell(t, el, 1.5, null).error).toBe('请填写整数');
    expect(checkCell(t, el, -1, null).error).toBe('不能小于 0');
    expect(checkCell(t, el, 6000, null).error).toBe('不能大于 5000');
    expect(checkCell(t, el, 1800, 1000).warning).toBe('较上期变化 80%，超过 50%');
    expect(checkCell(t, el, 1400, 1000)).toEqual({});
    expect(rangeText({ min: 0, max: null })).toBe('≥ 0');
    expect(rangeText({ min: null, max: 100 })).toBe('≤ 100');
    expect(rangeText({ min: null, max: null })).toBeNull();
  });

  it('shows the half of a bilingual server message for the language, and period codes as people write them', () => {
    expect(localReason('只能为本单位填报 / may only report for its own unit', 'zh-CN')).toBe('只能为本单位填报');
    expect(localReason('只能为本单位填报 / may only report for its own unit', 'en-US')).toBe('may only report for its own unit');
    expect(localReason('a / b', 'zh-CN')).toBe('a / b');
    expect(periodLabel('2014M03', 'zh-CN')).toBe('2014年3月');
    expect(periodLabel('2014M03', 'en-US')).toBe('Mar 2014');
    expect(periodLabel('2014Q1', 'zh-CN')).toBe('2014年第1季度');
    expect(periodLabel('2014H2', 'zh-CN')).toBe('2014年下半年');
    expect(periodLabel('2014', 'en-US')).toBe('2014');
  });
});
