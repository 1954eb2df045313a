import { api } from '../api/client.ts';
import type { List, Unit } from '../api/types.ts';
import { SearchSelect } from './SearchSelect.tsx';

interface Props {
  value?: number | null;
  onChange?: (id: number | undefined) => void;
  placeholder?: string;
  id?: string;
}

async function searchUnits(q: string, signal: AbortSignal) {
  const res = await api.get<List<Unit>>('/api/units', { q: q || undefined, pageSize: 20 }, signal);
  return (res.items ?? []).map((u) => ({ value: u.id, label: u.name }));
}

/** A searchable select of units (GET /api/units?q=). */
export function UnitSelect(props: Props) {
  return <SearchSelect<number> {...props} source="units" search={searchUnits} currentLabel={(id) => `#${id}`} />;
}
