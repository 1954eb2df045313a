import { Tag } from 'antd';
import type { PlanItemKind, PlanStatus } from '../../api/types.ts';
import type { MessageKey, TFunction } from '../../i18n/index.tsx';

export const STATUS_COLOR: Record<PlanStatus, string> = { draft: 'default', active: 'green', archived: 'gray' };

export function StatusTag({ status, t }: { status: PlanStatus; t: TFunction }) {
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="plan-status">
      {t(`plans.status.${status}` as MessageKey)}
    </Tag>
  );
}

/** The editable fields of each item kind; list fields are edited as comma-separated text. */
export const KIND_FIELDS: Record<PlanItemKind, { name: string; list?: boolean; long?: boolean }[]> = {
  target: [{ name: 'indicator' }, { name: 'scope' }, { name: 'value' }, { name: 'unit' }, { name: 'comparator' }, { name: 'deadline' }, { name: 'text', long: true }],
  task: [{ name: 'title' }, { name: 'section' }, { name: 'leadUnits', list: true }, { name: 'responsibleUnits', list: true }, { name: 'text', long: true }],
  milestone: [{ name: 'task' }, { name: 'due' }, { name: 'text', long: true }],
  investment: [{ name: 'unit' }, { name: 'amount' }, { name: 'currency' }, { name: 'year' }, { name: 'text', long: true }],
  leader: [{ name: 'name' }, { name: 'role' }, { name: 'title' }],
  reporting: [{ name: 'what' }, { name: 'frequency' }, { name: 'due', list: true }, { name: 'by' }, { name: 'text', long: true }],
};

export function str(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(str).join('、');
  return String(v);
}

/** A one-line label for an item. */
export function itemLabel(kind: PlanItemKind, d: Record<string, unknown>): string {
  switch (kind) {
    case 'target':
      return [d.indicator, d.scope, d.comparator, d.value, d.unit, d.deadline].map(str).filter(Boolean).join(' ') || str(d.text);
    case 'task':
      return str(d.title) || str(d.text);
    case 'milestone':
      return [d.due, d.task].map(str).filter(Boolean).join(' ') || str(d.text);
    case 'investment':
      return [d.unit, d.year, d.amount, d.currency].map(str).filter(Boolean).join(' ') || str(d.text);
    case 'leader':
      return [d.name, d.role, d.title].map(str).filter(Boolean).join(' ');
    case 'reporting':
      return [d.what, d.frequency, d.by].map(str).filter(Boolean).join(' ') || str(d.text);
  }
}
