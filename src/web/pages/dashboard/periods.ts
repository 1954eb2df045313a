/** Period codes (2014M03, 2014Q1, 2014H1, 2014) and partial dates → the last day they cover. */
const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function periodEnd(code: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(code)) return code;
  let m = /^(\d{4})-(\d{2})$/.exec(code) ?? /^(\d{4})M(\d{2})$/.exec(code);
  if (m) return `${m[1]}-${m[2]}-${pad(lastDay(Number(m[1]), Number(m[2])))}`;
  m = /^(\d{4})Q([1-4])$/.exec(code);
  if (m) {
    const month = Number(m[2]) * 3;
    return `${m[1]}-${pad(month)}-${pad(lastDay(Number(m[1]), month))}`;
  }
  m = /^(\d{4})H([12])$/.exec(code);
  if (m) return m[2] === '1' ? `${m[1]}-06-30` : `${m[1]}-12-31`;
  m = /^(\d{4})$/.exec(code);
  if (m) return `${m[1]}-12-31`;
  return null;
}

/** Quarters from one year to another, newest first, for a period picker. */
export function quartersBetween(from: number, to: number): string[] {
  const out: string[] = [];
  for (let y = to; y >= from; y--) for (let q = 4; q >= 1; q--) out.push(`${y}Q${q}`);
  return out;
}
