/** Numbers as the dashboards print them: at most 2 decimals, none for large magnitudes. */
export function fmtNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  const digits = a >= 1000 ? 0 : a >= 100 ? 1 : 2;
  return Number(v.toFixed(digits)).toLocaleString('zh-CN', { maximumFractionDigits: digits });
}

/** 海北藏族自治州 → 海北州, 海西蒙古族藏族自治州 → 海西州: long ethnic names crowd the map. */
export function shortName(name: string): string {
  const m = /^(.{2,}?)(?:[\u4e00-\u9fff]{1,8}?族)+自治(州|县|旗)$/.exec(name);
  return m ? `${m[1]}${m[2]}` : name;
}
