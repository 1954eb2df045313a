import { Tag } from 'antd';
import type { PlanItemKind, PlanStatus } from '../../api/types.ts';
import { tr, type MessageKey, type TFunction } from '../../i18n/index.tsx';

export const STATUS_COLOR: Record<PlanStatus, string> = { draft: 'default', active: 'green', archived: 'gray' };

export function StatusTag({ status, t }: { status: PlanStatus; t: TFunction }) {
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="plan-status">
      {t(`plans.status.${status}` as MessageKey)}
    </Tag>
  );
}

export const FREQUENCIES = ['monthly', 'quarterly', 'semiannual', 'annual', 'once', 'unspecified'] as const;

export interface FieldSpec {
  name: string;
  type?: 'text' | 'long' | 'number' | 'int' | 'list' | 'select';
  options?: readonly string[];
  /** Empty input is sent as null (otherwise as ''). */
  nullable?: boolean;
  required?: boolean;
}

/** The editable fields of each item kind (as checked by the server's item schemas). */
export const KIND_FIELDS: Record<PlanItemKind, FieldSpec[]> = {
  target: [
    { name: 'indicator', required: true },
    { name: 'scope', nullable: true },
    { name: 'value', type: 'number', required: true },
    { name: 'unit' },
    { name: 'comparator', type: 'select', options: ['>=', '<=', '='], required: true },
    { name: 'deadline', nullable: true },
    { name: 'text', type: 'long' },
  ],
  task: [
    { name: 'title', required: true },
    { name: 'section', nullable: true },
    { name: 'leadUnits', type: 'list' },
    { name: 'responsibleUnits', type: 'list' },
    { name: 'text', type: 'long' },
  ],
  milestone: [{ name: 'task', nullable: true }, { name: 'due', required: true }, { name: 'text', type: 'long' }],
  investment: [
    { name: 'unit', nullable: true },
    { name: 'amount', type: 'number', required: true },
    { name: 'currency', required: true },
    { name: 'year', type: 'int', nullable: true },
    { name: 'text', type: 'long' },
  ],
  leader: [{ name: 'name', required: true }, { name: 'role', required: true }, { name: 'title', nullable: true }],
  reporting: [
    { name: 'what', required: true },
    { name: 'frequency', type: 'select', options: FREQUENCIES, required: true },
    { name: 'due', type: 'list' },
    { name: 'by', nullable: true },
    { name: 'text', type: 'long' },
  ],
};

/** Converts a form's string value to the field's JSON value. */
export function fieldValue(f: FieldSpec, raw: unknown): unknown {
  const v = raw === undefined || raw === null ? '' : String(raw).trim();
  if (f.type === 'list') return v.split(/[，,、\s]+/).map((x) => x.trim()).filter(Boolean);
  if (v === '') return f.nullable ? null : f.type === 'number' || f.type === 'int' ? null : '';
  if (f.type === 'number' || f.type === 'int') return Number(v);
  return v;
}

export function str(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(str).join('、');
  return String(v);
}

const COMPARATOR_SIGNS: Record<string, string> = { '>=': '≥', '<=': '≤', '=': '=' };

/** A field's value as people read it: ≥ for >=, 每月 for monthly (stored codes stay codes). */
export function shown(name: string, v: unknown): string {
  if (name === 'comparator' && typeof v === 'string') return COMPARATOR_SIGNS[v] ?? v;
  if (name === 'frequency' && typeof v === 'string' && (FREQUENCIES as readonly string[]).includes(v)) return tr(`plans.freq.${v}` as MessageKey);
  return str(v);
}

/** A one-line label for an item. */
export function itemLabel(kind: PlanItemKind, d: Record<string, unknown>): string {
  switch (kind) {
    case 'target':
      return [str(d.indicator), str(d.scope), shown('comparator', d.comparator), str(d.value), str(d.unit), str(d.deadline)].filter(Boolean).join(' ') || str(d.text);
    case 'task':
      return str(d.title) || str(d.text);
    case 'milestone':
      return [d.due, d.task].map(str).filter(Boolean).join(' ') || str(d.text);
    case 'investment':
      return [d.unit, d.year, d.amount, d.currency].map(str).filter(Boolean).join(' ') || str(d.text);
    case 'leader':
      return [d.name, d.role, d.title].map(str).filter(Boolean).join(' ');
    case 'reporting':
      return [str(d.what), shown('frequency', d.frequency), str(d.by)].filter(Boolean).join(' ') || str(d.text);
  }
}
