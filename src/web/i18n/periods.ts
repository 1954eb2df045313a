import { periodLabel, periodLabelEn } from '../../kernel/period.ts';
import type { Locale } from './index.tsx';

/** A period as people say it: 2015年第二季度 / 2015 Q2 (the kernel's labels; codes stay values). */
export function periodText(code: string, locale: Locale): string {
  return locale === 'zh-CN' ? periodLabel(code) : periodLabelEn(code);
}

/** Select search that matches the code (2015Q2) as well as the label (2015年第二季度). */
export function matchesPeriod(input: string, option?: { value?: unknown; label?: unknown }): boolean {
  const q = input.trim().toLowerCase();
  return String(option?.value ?? '').toLowerCase().includes(q) || String(option?.label ?? '').toLowerCase().includes(q);
}
