/** Numbers as the dashboards print them: at most 2 decimals, none for large magnitudes. */
export function fmtNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  const digits = a >= 1000 ? 0 : a >= 100 ? 1 : 2;
  return Number(v.toFixed(digits)).toLocaleString('zh-CN', { maximumFractionDigits: digits });
}
