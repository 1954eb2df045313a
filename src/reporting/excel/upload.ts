/**
 * An uploaded template, checked cell by cell and saved whole through saveDraft (one transaction,
 * `replace`: the workbook is the complete working copy, as the template was prefilled with it).
 * Every problem is reported at once as `数据!G12`-style fields; nothing is stored unless there are
 * none. Decisions:
 * - Rows are matched by (区划代码, 指标代码), not by position: sorting or moving rows is fine.
 * - A code typed as a number (WPS/Excel drop leading zeros, 12 digits become 6.3E+11) is read as
 *   its integer digits, padded by the cell's own "000…" number format if it has one; if that is
 *   not a code of the template, it is recovered only when exactly one template code equals it
 *   after removing leading zeros (the recovery is listed in `notes`); otherwise an error.
 * - Merged cells take the value of the range's first cell; a range covering 本期值 of more than
 *   one row is an error naming the range (one number cannot be two cells' value).
 * - A formula counts by its cached result; one without a cached result (never calculated, e.g.
 *   written by a script) is an error asking to open and save the file in Excel/WPS.
 * - An empty 本期值 leaves the cell unset (no value stored); 说明 is kept as the comment.
 * - Sheets other than 数据 and _luoshi are ignored and named in `ignoredSheets`.
 * - The template must be the current one of the same form, unit, period and submission, and the
 *   submission must not have been saved since the template was made (else 409, so a browser save
 *   is never silently overwritten; `?overwrite=true` takes the workbook anyway).
 */
import type { Readable } from 'node:stream';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import { type Db, transaction } from '../../platform/db/database.ts';
import type { Config } from '../../platform/env.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import type { SessionUser } from '../../platform/http/context.ts';
import { removeFile, receiveToTemp } from '../evidence.store.ts';
import { formRows, getFormHead, type FormRow } from '../form.service.ts';
import { writableSubmission } from '../io.access.ts';
import { saveDraft } from '../submission.service.ts';
import type { Plain, SheetRow } from './upload-reader.ts';
import { readUploadIsolated } from './upload-worker.ts';
import { COLUMNS, type ColumnKey, metaCell, META_ROWS, META_SHEET } from './template-layout.ts';

const MAX_LISTED = 1000;

export interface UploadResult {
  submissionId: number;
  version: number;
  /** cells with a value stored */
  stored: number;
  /** template rows left empty (no value) */
  empty: number;
  /** template rows absent from the workbook (stored as no value) */
  missingRows: number;
  notes: { field: string; note: string }[];
  ignoredSheets: string[];
}

class Problems {
  list: FieldProblem[] = [];
  total = 0;
  add(field: string, reason: string) {
    this.total++;
    if (this.list.length < MAX_LISTED) this.list.push({ field, reason });
  }
}

const str = (p: Plain | undefined): string | null => {
  if (p === null || p === undefined) return null;
  if (typeof p === 'string') return p.trim();
  if (typeof p === 'number') return String(p);
  if (typeof p === 'object' && 'formula' in p) return str(p.result as Plain);
  return null;
};

/** Splits "A2:B5" into its corners: column letters and row numbers. */
function rangeOf(ref: string): { c1: string; r1: number; c2: string; r2: number } {
  const [a, b = a] = ref.split(':');
  const pa = /^([A-Z]+)(\d+)$/.exec(a)!;
  const pb = /^([A-Z]+)(\d+)$/.exec(b)!;
  return { c1: pa[1], r1: Number(pa[2]), c2: pb[1], r2: Number(pb[2]) };
}
const colNum = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

export async function uploadWorkbook(
  db: Db,
  config: Config,
  actor: Actor,
  user: SessionUser,
  submissionId: number,
  file: { stream: Readable & { truncated?: boolean } },
  opts: { overwrite?: boolean } = {},
): Promise<UploadResult> {
  const sub = await writableSubmission(db.kysely, user, submissionId).catch((e: unknown) => {
    file.stream.resume();
    throw e;
  });
  const got = await receiveToTemp(config.filesDir, file.stream, config.LUOSHI_UPLOAD_MAX_MB * 1024 * 1024);
  if (got.truncated) {
    throw new AppError('payload_too_large', `文件超过 ${config.LUOSHI_UPLOAD_MAX_MB} MB / the file is larger than ${config.LUOSHI_UPLOAD_MAX_MB} MB`, {
      fields: [{ field: 'file', reason: `larger than ${config.LUOSHI_UPLOAD_MAX_MB} MB` }],
    });
  }
  try {
    if (got.size === 0) throw new AppError('bad_request', '文件为空 / the file is empty', { fields: [{ field: 'file', reason: 'empty' }] });
    // the database works out the owed rows while this process parses the file
    const [wb, form, rows] = await Promise.all([readUploadIsolated(got.tmpPath), getFormHead(db.kysely, sub.formId), formRows(db.kysely, sub.formId, sub.unitId)]);

    // 1. which template is this?
    if (!wb.meta) {
      throw new AppError('unprocessable', `工作簿缺少 ${META_SHEET} 工作表，不是本系统下载的模板，请重新下载模板 / no ${META_SHEET} sheet: download the template from luoshi`, {
        fields: [{ field: `${META_SHEET}!A1`, reason: 'sheet missing: not a luoshi template' }],
      });
    }
    const meta = (k: (typeof META_ROWS)[number]) => str(wb.meta!.get(META_ROWS.indexOf(k) + 1) ?? null);
    const wrong: FieldProblem[] = [];
    if (meta('form_code') !== form.code) wrong.push({ field: metaCell('form_code'), reason: `template of form ${meta('form_code') ?? '?'}, this submission is form ${form.code}` });
    if (meta('template_version') !== String(form.templateVersion)) {
      wrong.push({ field: metaCell('template_version'), reason: `template version ${meta('template_version') ?? '?'} is outdated; the current version is ${form.templateVersion}: download the template again` });
    }
    if (meta('unit_id') !== String(sub.unitId)) wrong.push({ field: metaCell('unit_id'), reason: `template of unit ${meta('unit_id') ?? '?'}, this submission is unit ${sub.unitId}` });
    if (meta('period') !== sub.period) wrong.push({ field: metaCell('period'), reason: `template of period ${meta('period') ?? '?'}, this submission is period ${sub.period}` });
    if (meta('submission_id') !== String(sub.id)) wrong.push({ field: metaCell('submission_id'), reason: `template of submission ${meta('submission_id') ?? '?'}, not ${sub.id}` });
    if (wrong.length > 0) {
      throw new AppError('unprocessable', `模板与本次填报不符：${wrong.map((w) => `${w.field} ${w.reason}`).join('；')} / the workbook is not the current template of this submission`, {
        fields: wrong,
        currentTemplateVersion: form.templateVersion,
      });
    }
    if (!opts.overwrite && meta('submission_version') !== String(sub.version)) {
      throw new AppError('conflict', `模板下载后本填报已被修改（版本 ${meta('submission_version')} → ${sub.version}），请重新下载模板，或确认覆盖 / the submission changed since this template was downloaded`, {
        fields: [{ field: metaCell('submission_version'), reason: `template made from version ${meta('submission_version')}; current version is ${sub.version} (upload with overwrite=true to replace it)` }],
      });
    }

    // 2. the data sheet
    const sheet = wb.dataSheet ?? '数据';
    const missingHeaders = COLUMNS.filter((c) => ['divisionCode', 'elementCode', 'value'].includes(c.key) && !wb.columns[c.key]);
    if (!wb.dataSheet || missingHeaders.length > 0) {
      throw new AppError('unprocessable', `数据表缺少列：${missingHeaders.map((c) => c.header).join('、') || '数据'} / the data sheet lacks required columns`, {
        fields: (missingHeaders.length ? missingHeaders : COLUMNS.slice(0, 1)).map((c) => ({ field: `${sheet}!1`, reason: `missing column ${c.header}` })),
      });
    }
    const result = checkRows(sheet, wb.columns, wb.rows, wb.merges, rows);
    if (result.problems.total > 0) {
      throw new AppError('unprocessable', `${result.problems.total} 处错误，未保存任何数据：${result.problems.list.slice(0, 3).map((p) => `${p.field} ${p.reason}`).join('；')}${result.problems.total > 3 ? ' …' : ''} / nothing was stored`, {
        fields: result.problems.list,
        total: result.problems.total,
        ignoredSheets: wb.ignoredSheets,
      });
    }
    // the save and the record of where it came from commit together
    const saved = await transaction(db, async (tx) => {
      const r = await saveDraft(tx, actor, user, sub.id, { version: sub.version, values: result.values, mode: 'replace' });
      await recordAudit(tx, actor, { action: 'submission.upload', entity: 'submission', entityId: sub.id, after: { version: r.version, cells: result.values.length, templateVersion: form.templateVersion, ignoredSheets: wb.ignoredSheets } });
      return r;
    });
    return {
      submissionId: sub.id,
      version: saved.version,
      stored: result.values.length,
      empty: result.empty,
      missingRows: rows.length - result.seen,
      notes: result.notes,
      ignoredSheets: wb.ignoredSheets,
    };
  } finally {
    await removeFile(got.tmpPath);
  }
}

interface Checked {
  problems: Problems;
  values: { elementId: number; divisionCode: string; value: number | null; comment: string | null }[];
  notes: { field: string; note: string }[];
  empty: number;
  seen: number;
}

/** Pure: the rows of the data sheet against the rows the unit owes. */
export function checkRows(sheet: string, columns: Partial<Record<ColumnKey, string>>, sheetRows: SheetRow[], merges: string[], owed: FormRow[]): Checked {
  const problems = new Problems();
  const notes: Checked['notes'] = [];
  const at = (key: ColumnKey, row: number) => `${sheet}!${columns[key] ?? '?'}${row}`;

  // merged ranges: values flow from the first cell; a 本期值 range over several rows is refused
  const byRow = new Map(sheetRows.map((r) => [r.row, r]));
  const colKey = new Map(Object.entries(columns).map(([k, letter]) => [colNum(letter as string), k as ColumnKey]));
  const valueCol = colNum(columns.value!);
  const badRows = new Set<number>();
  for (const ref of merges) {
    const { c1, r1, c2, r2 } = rangeOf(ref);
    const [a, b] = [colNum(c1), colNum(c2)];
    if (r2 > r1 && a <= valueCol && valueCol <= b) {
      problems.add(`${sheet}!${ref}`, '本期值单元格被合并，每一行须单独填写数值 / merged 本期值 cells: each row needs its own value');
      for (let r = Math.max(r1, 2); r <= r2; r++) badRows.add(r);
      continue;
    }
    // the first cell's value fills its column down the range; other columns of the range stay empty
    const key = colKey.get(a);
    const master = byRow.get(r1);
    const v = key ? master?.cells[key] : undefined;
    if (!key || v === undefined) continue;
    for (let r = r1 + 1; r <= r2; r++) {
      let target = byRow.get(r);
      if (!target) {
        target = { row: r, cells: {}, fmts: {} };
        byRow.set(r, target);
        sheetRows.push(target);
      }
      target.cells[key] = v;
      const fmt = master?.fmts[key];
      if (fmt) target.fmts[key] = fmt;
    }
  }
  sheetRows.sort((x, y) => x.row - y.row);

  const owedByKey = new Map(owed.map((r) => [`${r.divisionCode}|${r.elementCode}`, r]));
  const divisionCodes = new Set(owed.map((r) => r.divisionCode));
  const elementCodes = new Set(owed.map((r) => r.elementCode));
  const stripped = (codes: Set<string>) => {
    const m = new Map<string, string[]>();
    for (const c of codes) {
      const k = c.replace(/^0+/, '');
      m.set(k, [...(m.get(k) ?? []), c]);
    }
    return m;
  };
  const strippedDivisions = stripped(divisionCodes);
  const strippedElements = stripped(elementCodes);

  const codeOf = (p: Plain | undefined, fmt: string | undefined, key: ColumnKey, row: number, known: Set<string>, byStripped: Map<string, string[]>, label: string): string | null => {
    if (typeof p === 'string') return p.trim();
    const field = at(key, row);
    if (p === undefined || p === null) {
      problems.add(field, `${label}为空 / ${label} is empty`);
      return null;
    }
    if (typeof p === 'number') {
      if (!Number.isInteger(p) || p < 0) {
        problems.add(field, `${label}应为文本代码，读到数字 ${p} / a code is expected`);
        return null;
      }
      let digits = BigInt(p).toString();
      // a "000000" number format shows the zeros the cell lost; it says how long the code was
      if (fmt && /^0+$/.test(fmt) && fmt.length > digits.length) digits = digits.padStart(fmt.length, '0');
      if (known.has(digits)) return digits;
      const candidates = byStripped.get(digits.replace(/^0+/, '')) ?? [];
      if (candidates.length === 1) {
        notes.push({ field, note: `数字 ${p} 已按唯一匹配恢复为代码 ${candidates[0]}（请将该列设为文本） / number ${p} read as code ${candidates[0]}` });
        return candidates[0];
      }
      problems.add(
        field,
        candidates.length > 1
          ? `代码被存为数字 ${p}，丢失了前导零，可能是 ${candidates.join('、')}，请改为文本 / number ${p} lost its leading zeros and is ambiguous`
          : `代码被存为数字 ${p}，可能丢失了前导零，且不是模板中的代码，请将该列设为文本后重填 / number ${p} is not a code of the template (leading zeros lost?)`,
      );
      return null;
    }
    if (typeof p === 'object' && 'formula' in p && typeof p.result === 'string') return p.result.trim();
    problems.add(field, `${label}无法识别 / unreadable ${label}`);
    return null;
  };

  const numberOf = (p: Plain, fmt: string | undefined, row: number, r: FormRow): number | null | undefined => {
    if (typeof p === 'number' && Number.isInteger(p) && r.valueType !== 'percent' && (r.min === null || p >= r.min) && (r.max === null || p <= r.max)) return p;
    const field = at('value', row);
    let v: unknown = p;
    if (typeof p === 'object' && p !== null && 'formula' in p) {
      if (p.result === null || p.result === undefined) {
        problems.add(field, `公式 =${p.formula} 没有计算结果，请在 Excel/WPS 中打开并保存后再上传 / formula without a cached result: open and save the file in Excel or WPS`);
        return undefined;
      }
      v = p.result;
    }
    if (typeof v === 'object' && v !== null && 'error' in v) {
      problems.add(field, `单元格为错误值 ${(v as { error: string }).error} / the cell is an error value`);
      return undefined;
    }
    let n: number;
    if (typeof v === 'number') {
      n = v;
      if (r.valueType === 'percent' && fmt?.includes('%')) n = n * 100;
    } else if (typeof v === 'string') {
      const s = v.normalize('NFKC').trim().replace(/[,，\s]/g, '');
      if (s === '' || s === '-' || s === '—') return null;
      const pct = r.valueType === 'percent' && s.endsWith('%');
      const body = pct ? s.slice(0, -1) : s;
      if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(body)) {
        problems.add(field, `“${v}”不是数字 / not a number`);
        return undefined;
      }
      n = Number(body);
    } else if (v instanceof Date || typeof v === 'boolean') {
      problems.add(field, `应填写数字，读到${v instanceof Date ? '日期' : '逻辑值'} / a number is expected`);
      return undefined;
    } else {
      return null;
    }
    if (!Number.isFinite(n)) {
      problems.add(field, '数值无效 / not a finite number');
      return undefined;
    }
    // 12.3 stored as 12.299999999999999 by a formula is still 12.3
    if (!Number.isInteger(n)) n = Number(n.toPrecision(15));
    if (r.valueType === 'integer' && !Number.isInteger(n)) problems.add(field, `${r.elementName}应为整数，读到 ${n} / must be a whole number`);
    else if (r.min !== null && n < r.min) problems.add(field, `${n} 小于下限 ${r.min}${r.unit} / below the minimum ${r.min}`);
    else if (r.max !== null && n > r.max) problems.add(field, `${n} 大于上限 ${r.max}${r.unit} / above the maximum ${r.max}`);
    else return n;
    return undefined;
  };

  const values: Checked['values'] = [];
  const firstRow = new Map<string, number>();
  let empty = 0;
  for (const sr of sheetRows) {
    if (sr.row === 1 || badRows.has(sr.row)) continue;
    const division = codeOf(sr.cells.divisionCode, sr.fmts.divisionCode, 'divisionCode', sr.row, divisionCodes, strippedDivisions, '区划代码');
    const element = codeOf(sr.cells.elementCode, sr.fmts.elementCode, 'elementCode', sr.row, elementCodes, strippedElements, '指标代码');
    if (division === null || element === null) continue;
    const key = `${division}|${element}`;
    const r = owedByKey.get(key);
    if (!r) {
      problems.add(
        at(!divisionCodes.has(division) ? 'divisionCode' : 'elementCode', sr.row),
        !divisionCodes.has(division)
          ? `区划 ${division} 不在本单位的填报范围内 / division ${division} is not in this template`
          : !elementCodes.has(element)
            ? `指标 ${element} 不在本报表中 / element ${element} is not on this form`
            : `模板未要求区划 ${division} 填报指标 ${element} / the template does not ask for ${element} at ${division}`,
      );
      continue;
    }
    const dup = firstRow.get(key);
    if (dup !== undefined) {
      problems.add(at('divisionCode', sr.row), `与第 ${dup} 行重复（${division} ${element}） / repeats row ${dup}`);
      continue;
    }
    firstRow.set(key, sr.row);
    const raw = sr.cells.value;
    const value = raw === undefined ? null : numberOf(raw, sr.fmts.value, sr.row, r);
    if (value === undefined) continue;
    const commentText = str(sr.cells.comment);
    if (commentText && commentText.length > 2000) {
      problems.add(at('comment', sr.row), '说明超过 2000 字 / comment longer than 2000 characters');
      continue;
    }
    if (value === null) {
      empty++;
      if (!commentText) continue;
    }
    values.push({ elementId: r.elementId, divisionCode: division, value, comment: commentText || null });
  }
  return { problems, values, notes, empty, seen: firstRow.size };
}
