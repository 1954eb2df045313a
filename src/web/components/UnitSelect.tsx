import { Select, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client.ts';
import type { List, Unit } from '../api/types.ts';
import { useT } from '../i18n/index.tsx';

interface Props {
  value?: number | null;
  onChange?: (id: number | undefined) => void;
  placeholder?: string;
  id?: string;
}

/** A searchable select of units (GET /api/units?q=). */
export function UnitSelect({ value, onChange, placeholder, id }: Props) {
  const t = useT();
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const search = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      const mine = ++seq.current;
      setLoading(true);
      try {
        const res = await api.get<List<Unit>>('/api/units', { q: q || undefined, pageSize: 20 });
        if (mine === seq.current) setOptions((res.items ?? []).map((u) => ({ value: u.id, label: u.name })));
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

  const withCurrent = value != null && !options.some((o) => o.value === value) ? [{ value, label: `#${value}` }, ...options] : options;
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: search }}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? undefined)}
      options={withCurrent}
      placeholder={placeholder}
      allowClear
      notFoundContent={loading ? <Spin size="small" /> : t('common.empty')}
    />
  );
}
