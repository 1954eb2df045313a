/**
 * Map codes. A map is named by the division whose CHILDREN it draws: '0' for the country, then our
 * GB/T 2260 codes of 2, 4, 6 or 9 digits. Boundary files name areas by 6-digit adcodes padded with
 * zeros (630000 = 青海, 630100 = 西宁) and NBS data by 12 digits; both trim to our codes.
 */
export const COUNTRY = '0';

const MAP_CODE = /^(0|\d{2}|\d{4}|\d{6}|\d{9})$/;

/**
 * Trims zero padding level by level: 12 → 9 → 6 → 4 → 2 digits while the dropped part is zeros
 * (no real village ends in 000, no township in 000, no county in 00, no prefecture in 00).
 * '100000' and '0' are the country. Returns null for anything that is not a division code.
 */
export function normaliseCode(input: string | number): string | null {
  let c = String(input).trim();
  if (c === '0' || c === '100000') return COUNTRY;
  if (!/^\d+$/.test(c) || ![2, 4, 6, 9, 12].includes(c.length)) return null;
  if (c.length === 12 && c.endsWith('000')) c = c.slice(0, 9);
  if (c.length === 9 && c.endsWith('000')) c = c.slice(0, 6);
  if (c.length === 6 && c.endsWith('00')) c = c.slice(0, 4);
  if (c.length === 4 && c.endsWith('00')) c = c.slice(0, 2);
  if (c === '00') return null;
  return c;
}

/** A normalised code a map may be asked for (the country, province, prefecture, county, township). */
export function isMapCode(code: string): boolean {
  return MAP_CODE.test(code);
}

/** The 6-digit adcode naming a packaged boundary file, or null below the county level. */
export function adcodeOf(code: string): string | null {
  if (code === COUNTRY) return '100000';
  if (code.length > 6) return null;
  return code.padEnd(6, '0');
}

/** Whether `child` lies strictly inside `parent` (codes nest by prefix; the country holds all). */
export function isInside(child: string, parent: string): boolean {
  if (child === COUNTRY) return false;
  if (parent === COUNTRY) return true;
  return child.length > parent.length && child.startsWith(parent);
}
