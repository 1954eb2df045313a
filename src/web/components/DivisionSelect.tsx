import { api } from '../api/client.ts';
import type { Division, List } from '../api/types.ts';
import { SearchSelect } from './SearchSelect.tsx';

/** Lists may come as `{ items }` or as a bare array. */
export function itemsOf<T>(res: List<T> | T[] | null | undefined): T[] {
  if (!res) return [];
  return Array.isArray(res) ? res : (res.items ?? []);
}

interface Props {
  value?: string | null;
  onChange?: (code: string | undefined) => void;
  /** Label for the current value before any search ran (e.g. the unit's divisionName). */
  initialLabel?: string | null;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  id?: string;
}

async function searchDivisions(q: string, signal: AbortSignal) {
  const res = await api.get<List<Division>>('/api/divisions', { q: q || undefined, pageSize: 20 }, signal);
  return itemsOf(res).map((d) => ({ value: d.code, label: `${d.fullName || d.name}（${d.code}）` }));
}

/** A searchable select of administrative divisions (GET /api/divisions?q=). */
export function DivisionSelect({ initialLabel, ...props }: Props) {
  return (
    <SearchSelect<string>
      {...props}
      source="divisions"
      search={searchDivisions}
      currentLabel={(code) => (initialLabel ? `${initialLabel}（${code}）` : code)}
      data-testid="division-select"
    />
  );
}
