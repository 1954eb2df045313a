/** The layout both the template writer and the upload reader agree on. */
export const DATA_SHEET = '数据';
export const META_SHEET = '_luoshi';

export const COLUMNS = [
  { key: 'divisionCode', header: '区划代码', width: 15 },
  { key: 'divisionName', header: '区划名称', width: 24 },
  { key: 'elementCode', header: '指标代码', width: 18 },
  { key: 'elementName', header: '指标名称', width: 28 },
  { key: 'unit', header: '单位', width: 8 },
  { key: 'previous', header: '上期值', width: 12 },
  { key: 'value', header: '本期值', width: 14 },
  { key: 'comment', header: '说明', width: 36 },
] as const;

export type ColumnKey = (typeof COLUMNS)[number]['key'];

/** _luoshi sheet: label in column A, value in column B, one per row (row numbers are part of the contract). */
export const META_ROWS = ['form_code', 'template_version', 'unit_id', 'period', 'submission_id', 'submission_version', 'form_id'] as const;
export type MetaKey = (typeof META_ROWS)[number];
export const metaCell = (k: MetaKey) => `${META_SHEET}!B${META_ROWS.indexOf(k) + 1}`;

export const colLetter = (i: number) => String.fromCharCode(65 + i);
