import { Alert } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';

/**
 * The server's today on the browser side. The server judges everything by its own day, which an
 * installation (the demo) may declare; the browser's clock would disagree by years, so dates the
 * pages compute (days overdue, default periods, a new plan's year) go by this one.
 */
export interface ClockInfo {
  today: string;
  declared: boolean;
  demo: boolean;
}

const beijingToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
let known: ClockInfo | null = null;
let pending: Promise<ClockInfo> | null = null;

/** Today (YYYY-MM-DD, Beijing): the server's once known, the browser's Beijing day until then. */
export function appToday(): string {
  return known?.today ?? beijingToday();
}

/** Noon of appToday() as a Date, for code that takes a Date ("now" in the server's calendar). */
export function appNow(): Date {
  return new Date(`${appToday()}T12:00:00+08:00`);
}

/** Loads the server's clock once per page load (shared by every caller). */
export function loadClock(): Promise<ClockInfo> {
  pending ??= api
    .get<ClockInfo>('/api/clock')
    .then((c) => (known = c))
    .catch(() => (known = { today: beijingToday(), declared: false, demo: false }));
  return pending;
}

export function useClock(): ClockInfo | null {
  const [clock, setClock] = useState<ClockInfo | null>(known);
  useEffect(() => {
    let live = true;
    loadClock().then((c) => live && setClock(c));
    return () => {
      live = false;
    };
  }, []);
  return clock;
}

/** 2016-03-20 → 2016年3月20日 / 20 March 2016 */
export function formatDay(day: string, locale: string): string {
  const [y, m, d] = day.split('-').map(Number);
  if (locale === 'zh-CN') return `${y}年${m}月${d}日`;
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** Says, on every page, that the system judges by a declared day (and that the data are a demo). */
export function ClockBanner({ style }: { style?: React.CSSProperties }) {
  const { t, locale } = useI18n();
  const clock = useClock();
  if (!clock?.declared) return null;
  const day = formatDay(clock.today, locale);
  return (
    <Alert
      type="info"
      showIcon
      banner
      title={clock.demo ? t('clock.demoBanner', { day }) : t('clock.declaredBanner', { day })}
      style={style}
      data-testid="clock-banner"
    />
  );
}
