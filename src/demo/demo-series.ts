import { DEMO_ELEMENTS, PROVINCE_PROFILES, type ProvinceProfile } from './demo-catalogue.ts';

/**
 * Plausible monthly figures for each county of the demo provinces: deterministic (seeded), starting
 * from each province's 2013 position and moving at a county-specific pace, so the demo has targets
 * on track, others behind, a few counties going backwards and some values missing.
 */
export interface CountySeed {
  code: string;
  name: string;
}

export interface SeriesValue {
  elementCode: string;
  divisionCode: string;
  period: string;
  value: number;
}

/** mulberry32: a tiny, well-mixed PRNG, so the same demo is built every time. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export interface CountyProfile {
  pace: number;
  population: number;
  households: number;
  villages: number;
  schools: number;
  approvals: number;
}

/** A county's pace: most near 1, one in six slow (0.2–0.5), one in twenty going backwards. */
export function countyProfile(code: string, p: ProvinceProfile): CountyProfile {
  const r = rng(hash(code));
  const roll = r();
  const pace = roll < 0.05 ? -0.3 - r() * 0.3 : roll < 0.22 ? 0.2 + r() * 0.3 : 0.8 + r() * 0.6;
  const population = Math.round(p.countyPopulation * (0.4 + r() * 1.2));
  return { pace, population, households: Math.round(population / p.householdSize), villages: Math.round(60 + r() * 240), schools: Math.round(40 + population / 4000), approvals: Math.round(250 + r() * 250) };
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const monthCode = (y: number, m: number) => `${y}M${String(m).padStart(2, '0')}`;

/**
 * Monthly values of every demo element for one county, for `months` months from `startYear`-01.
 * Speeds climb from about 3 to 9 Mbit/s over 2014–2015 (national 4.25 at 2014Q4, 8.34 at 2015Q4).
 */
export function countySeries(county: CountySeed, startYear: number, months: number): SeriesValue[] {
  const p = PROVINCE_PROFILES[county.code.slice(0, 2)];
  if (!p) throw new RangeError(`no demo profile for province of ${county.code}`);
  const c = countyProfile(county.code, p);
  const r = rng(hash(county.code) ^ 0x9e3779b9);
  const out: SeriesValue[] = [];
  const offset = (r() - 0.5) * 10; // counties start around their province's level
  for (let i = 0; i < months; i++) {
    const y = startYear + Math.floor(i / 12);
    const m = (i % 12) + 1;
    const period = monthCode(y, m);
    const t = i + 1;
    const noise = () => 1 + (r() - 0.5) * 0.01;
    const households = Math.round(c.households * (1 + 0.001 * t));
    const population = Math.round(c.population * (1 + 0.0006 * t));
    const fbbPct = clamp(p.fbb + offset + p.fbbGain * c.pace * t, 3, 120);
    const mbbPct = clamp(p.mbb + offset * 0.8 + 1.6 * Math.max(c.pace, -0.2) * t, 3, 160);
    const villagePct = clamp(p.village + offset * 0.5 + 0.35 * c.pace * t, 20, 100);
    const fbbUsers = Math.round((households * fbbPct * noise()) / 100);
    const ftthPct = clamp(p.ftth + 1.8 * Math.max(c.pace, 0.1) * t, 1, 98);
    const internetPct = clamp(p.internet + offset * 0.6 + 0.25 * c.pace * t, 5, 100);
    const schoolPct = clamp(72 + offset + 1.1 * Math.max(c.pace, 0) * t, 10, 100);
    const approvalPct = clamp(25 + offset * 2 + 1.6 * c.pace * t, 0, 100);
    const speed = clamp(3 + 0.25 * Math.max(c.pace, 0.2) * t + (r() - 0.5) * 0.3, 0.5, 100);
    const values: Record<string, number> = {
      FBB_HH_USERS: fbbUsers,
      HOUSEHOLDS: households,
      MBB_USERS: Math.round((population * mbbPct * noise()) / 100),
      POPULATION: population,
      VILLAGES: c.villages,
      VILLAGES_BB: Math.min(c.villages, Math.round((c.villages * villagePct) / 100)),
      FTTH_USERS: Math.round((fbbUsers * ftthPct) / 100),
      AVG_DL_MBPS: Math.round(speed * 100) / 100,
      NEW_4G_BS: Math.max(0, Math.round((c.population / 20_000) * (0.5 + r()) * Math.max(c.pace, 0))),
      NETIZENS: Math.round((population * internetPct * noise()) / 100),
      SCHOOLS: c.schools,
      SCHOOLS_NET: Math.round((c.schools * schoolPct) / 100),
      APPROVAL_ITEMS: c.approvals,
      APPROVAL_ONLINE: Math.round((c.approvals * approvalPct) / 100),
      INVESTMENT: Math.round((c.population / 1000) * (0.6 + r() * 0.8) * Math.max(c.pace, 0.1) * 10) / 10,
    };
    for (const e of DEMO_ELEMENTS) out.push({ elementCode: e.code, divisionCode: county.code, period, value: values[e.code] });
  }
  return out;
}
