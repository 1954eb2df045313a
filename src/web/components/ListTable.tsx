import { Alert, Space, Table } from 'antd';
import type { TableProps } from 'antd';
import { useCallback, useState, type ReactNode } from 'react';
import type { Query } from '../api/client.ts';
import type { List } from '../api/types.ts';
import { useT } from '../i18n/index.tsx';
import { useApiGet } from '../lib/useQuery.ts';

/** One list endpoint with its filters and paging: the state behind a ListTable. */
export interface ListState<T, F extends object> {
  items: T[];
  total: number;
  loading: boolean;
  error: string | null;
  filters: F;
  /** Replaces the filters and goes back to the first page (a new question starts at its top). */
  setFilters(next: F | ((f: F) => F)): void;
  page: number;
  pageSize: number;
  /** Whether the server pages the list (page and pageSize are sent) or the table pages what came. */
  paged: boolean;
  setPage(page: number, pageSize: number): void;
  reload(): void;
}

/** Lists come as `{ items, total }` or, from a few endpoints, as a bare array. */
function asList<T>(res: List<T> | T[] | undefined): { items: T[]; total: number } {
  if (!res) return { items: [], total: 0 };
  if (Array.isArray(res)) return { items: res, total: res.length };
  return { items: res.items ?? [], total: res.total ?? 0 };
}

/**
 * The list at `path`, asked with `toQuery(filters)` and, when `paged` (the default), `page` and
 * `pageSize`. The previous page stays visible under the spinner while the next loads; a failed
 * load keeps it and reports the error.
 */
export function useList<T, F extends object = Query>(
  path: string,
  options: { initialFilters?: F; toQuery?: (f: F) => Query; paged?: boolean; pageSize?: number } = {},
): ListState<T, F> {
  const paged = options.paged ?? true;
  const [filters, setFilterState] = useState<F>(options.initialFilters ?? ({} as F));
  const [paging, setPaging] = useState({ page: 1, pageSize: options.pageSize ?? 20 });
  const query: Query = { ...(options.toQuery ? options.toQuery(filters) : (filters as Query)), ...(paged ? paging : {}) };
  const res = useApiGet<List<T> | T[]>(path, query);
  const setFilters = useCallback((next: F | ((f: F) => F)) => {
    setFilterState(next);
    setPaging((p) => ({ ...p, page: 1 }));
  }, []);
  const setPage = useCallback((page: number, pageSize: number) => setPaging({ page, pageSize }), []);
  return { ...asList(res.data), loading: res.loading, error: res.error, filters, setFilters, ...paging, paged, setPage, reload: res.reload };
}

interface ListTableProps<T, F extends object> extends Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination'> {
  list: ListState<T, F>;
  /** The filter controls, laid out in one wrapping row above the table. */
  filters?: ReactNode;
  /** What an empty list says (a list-specific sentence; common.empty otherwise). */
  emptyText?: string;
  /** Offer the page-size changer always (antd offers it by itself only past 50 rows). */
  showSizeChanger?: boolean;
  'data-testid'?: string;
}

/**
 * A list page's body: filters, the error of the last load, and the table with its pagination
 * (server-side when the list is paged, the table's own otherwise).
 */
export function ListTable<T extends object, F extends object = Query>({ list, filters, emptyText, showSizeChanger, locale, ...table }: ListTableProps<T, F>) {
  const t = useT();
  return (
    <>
      {filters && (
        <Space wrap style={{ marginBottom: 16 }}>
          {filters}
        </Space>
      )}
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
      <Table<T>
        {...table}
        loading={list.loading}
        dataSource={list.items}
        locale={{ ...locale, emptyText: emptyText ?? t('common.empty') }}
        pagination={
          list.paged
            ? {
                current: list.page,
                pageSize: list.pageSize,
                total: list.total,
                ...(showSizeChanger !== undefined ? { showSizeChanger } : {}),
                showTotal: (n) => t('common.total', { n }),
                onChange: list.setPage,
              }
            : undefined
        }
      />
    </>
  );
}
