import { readFileSync } from 'node:fs';
import { extractPlan } from './extract-plan.ts';

export const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
export const planOf = (name: string) => extractPlan(fixture(name));
