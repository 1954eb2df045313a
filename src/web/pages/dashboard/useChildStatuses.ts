import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { TargetStatus } from '../../charts/types.ts';
import type { DivisionIndicators } from './types.ts';

/**
 * The status of each child division's own target on one indicator (GET
 * /api/divisions/:child/indicators), for the map coloured by status. One request per child (a
 * province has at most a few dozen); a child without such a target is absent.
 */
export function useChildStatuses(children: string[], indicatorId: string | null, period: string | undefined, enabled: boolean): Map<string, TargetStatus> {
  const [statuses, setStatuses] = useState<Map<string, TargetStatus>>(new Map());
  const key = children.join(',');
  useEffect(() => {
    if (!enabled || !indicatorId || children.length === 0) {
      setStatuses(new Map());
      return;
    }
    const ctl = new AbortController();
    void Promise.all(
      children.map((code) =>
        api.get<DivisionIndicators>(`/api/divisions/${code}/indicators`, { period }, ctl.signal).then(
          (d) => [code, d.items.find((r) => String(r.indicator?.id) === indicatorId)?.status ?? null] as const,
          () => [code, null] as const,
        ),
      ),
    ).then((pairs) => {
      if (!ctl.signal.aborted) setStatuses(new Map(pairs.filter((p): p is readonly [string, TargetStatus] => p[1] !== null)));
    });
    return () => ctl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, indicatorId, period, enabled]);
  return statuses;
}
