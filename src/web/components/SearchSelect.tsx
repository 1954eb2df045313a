import { Select, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/index.tsx';
import { useQuery } from '../lib/useQuery.ts';

export interface SearchOption<V extends string | number> {
  value: V;
  label: string;
}

interface Props<V extends string | number> {
  /** The options for a search text ('' before anything was typed); failures show as no options. */
  search(q: string, signal: AbortSignal): Promise<SearchOption<V>[]>;
  /** A name for the searched thing, to tell two SearchSelects' answers apart. */
  source: string;
  value?: V | null;
  onChange?: (value: V | undefined) => void;
  /** The label of a value that is not among the options (not yet searched for). */
  currentLabel(value: V): string;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  id?: string;
  'data-testid'?: string;
}

/** Typing waits this long before it asks the server, so a word typed fast is one request. */
const DEBOUNCE_MS = 250;

/**
 * A select whose options come from the server as the user types. The answer to an older text
 * never replaces a newer one (useQuery drops stale answers).
 */
export function SearchSelect<V extends string | number>({ search, source, value, onChange, currentLabel, placeholder, allowClear = true, style, id, ...rest }: Props<V>) {
  const t = useT();
  const [term, setTerm] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const onSearch = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setTerm(q), DEBOUNCE_MS);
  };
  const found = useQuery(`${source}\u0000${term}`, (signal) => search(term, signal));
  const options = found.failure ? [] : (found.data ?? []);
  const withCurrent = value != null && !options.some((o) => o.value === value) ? [{ value, label: currentLabel(value) }, ...options] : options;

  return (
    <Select<V>
      id={id}
      showSearch={{ filterOption: false, onSearch }}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? undefined)}
      options={withCurrent}
      placeholder={placeholder}
      allowClear={allowClear}
      notFoundContent={found.loading ? <Spin size="small" /> : t('common.empty')}
      style={style}
      data-testid={rest['data-testid']}
    />
  );
}
