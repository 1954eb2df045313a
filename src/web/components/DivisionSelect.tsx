import { Select, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client.ts';
import type { Division, List } from '../api/types.ts';
import { useT } from '../i18n/index.tsx';

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

/** A searchable select of administrative divisions (GET /api/divisions?q=). */
export function DivisionSelect({ value, onChange, initialLabel, placeholder, allowClear = true, style, id }: Props) {
  const t = useT();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const search = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      const mine = ++seq.current;
      setLoading(true);
      try {
        const res = await api.get<List<Division>>('/api/divisions', { q: q || undefined, pageSize: 20 });
        if (mine === seq.current) setOptions(itemsOf(res).map((d) => ({ value: d.code, label: `${d.fullName || d.name}（${d.code}）` })));
      } catch {
        if (mine === seq.current) setOptions([]);
      } finally {
        if (mine === seq.current) setLoading(false);
      }
    }, 250);
  };

  useEffect(() => {
    search('');
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, []);

  const withCurrent =
    value && !options.some((o) => o.value === value) ? [{ value, label: initialLabel ? `${initialLabel}（${value}）` : value }, ...options] : options;

  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: search }}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? undefined)}
      options={withCurrent}
      placeholder={placeholder}
      allowClear={allowClear}
      notFoundContent={loading ? <Spin size="small" /> : t('common.empty')}
      style={style}
      data-testid="division-select"
    />
  );
}
