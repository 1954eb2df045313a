import { readFileSync } from 'node:fs';

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

export function readExamplePlan(file: string): string {
  return readFileSync(new URL(`../../examples/plans/${file}`, import.meta.url), 'utf8');
}
