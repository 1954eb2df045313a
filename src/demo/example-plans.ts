import { readFileSync } from 'node:fs';

/**
 * The national strategy the provincial plans implement (国发〔2013〕31号, its published targets):
 * imported first, so 湖南's plan links to it as its basis; it has no division. The office imports
 * it under a province (the import reads unit names within a division) and clears the division in
 * review.
 */
export const NATIONAL_PLAN = { file: '005_guofa_2013_31.txt', importUnder: '43' } as const;

/**
 * The five example plans shipped in examples/plans (public documents) and the division each one
 * belongs to, for the first-run demo.
 */
export const EXAMPLE_PLANS = [
  { file: '004_ed61089e9c78246f.txt', divisionCode: '63' },
  { file: '000_a21303be5ef81ba7.txt', divisionCode: '6322' },
  { file: '002_40dd9cc1b2a28e96.txt', divisionCode: '43' },
  { file: '001_927e1361b83340dc.txt', divisionCode: '4418' },
  { file: '003_51f7eb0b76ed4dcb.txt', divisionCode: '4418' },
] as const;

/** Provinces whose divisions the demo loads: 青海, 湖南, 广东. */
export const DEMO_PROVINCES = ['63', '43', '44'];

/**
 * The demo's today. Its story ends with 州统计局's February 2016 report sent back on 15 March
 * (due 10 March, entry locks 25 March): on 20 March the reporter has that report open to correct,
 * 2015's targets are judged on a complete year, and a new plan starts in 2016. Judged against the
 * real date the same story would read as years overdue and locked.
 */
export const DEMO_TODAY = '2016-03-20';

export function readExamplePlan(file: string): string {
  return readFileSync(new URL(`../../examples/plans/${file}`, import.meta.url), 'utf8');
}

/**
 * Targets the office adds by hand while reviewing an example plan (the review page's "add item").
 * 海北州's 2014 plan sets investments and tasks but no indicator targets; it implements
 * 青政〔2013〕71号, whose 2015 targets (../shared/domain/indicators.md §4.2) the office tracks for
 * the prefecture too.
 */
export const DEMO_ADDED_TARGETS: Record<string, { indicator: string; value: number; unit: string; deadline: string; text: string }[]> = {
  '000_a21303be5ef81ba7.txt': [
    { indicator: '固定宽带家庭普及率', value: 40, unit: '%', deadline: '2015', text: '到2015年，固定宽带家庭普及率达到40%（青政〔2013〕71号）' },
    { indicator: '3G/LTE用户普及率', value: 40, unit: '%', deadline: '2015', text: '到2015年，3G/4G用户普及率达到40%（青政〔2013〕71号）' },
    { indicator: '行政村通宽带比例', value: 92, unit: '%', deadline: '2015', text: '到2015年，行政村通宽带比例达到92%（青政〔2013〕71号）' },
    { indicator: '光纤到户用户占比', value: 50, unit: '%', deadline: '2015', text: '到2015年，光纤到户用户占固定宽带用户的50%' },
    { indicator: '互联网普及率', value: 55, unit: '%', deadline: '2015', text: '到2015年，互联网普及率达到55%' },
    { indicator: '中小学互联网接入率', value: 100, unit: '%', deadline: '2015', text: '到2015年，中小学互联网接入率达到100%' },
  ],
};
