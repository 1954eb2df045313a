import { z } from 'zod';

/** Input fields shared by the monitoring routes (targets, status, rankings, index). */
export const id = z.coerce.number().int().positive().max(2 ** 31 - 1);
export const divisionCode = z.string().regex(/^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?)?$/, 'a division code has 2, 4, 6, 9 or 12 digits');
/** a division code, or '' / '0' for the whole country */
export const parentCode = z.union([z.literal(''), z.literal('0'), divisionCode]);
export const periodCode = z.string().regex(/^[0-9]{4}(M(0[1-9]|1[0-2])|Q[1-4]|H[12])?$/, 'a period code: 2014, 2014H1, 2014Q1 or 2014M03');
export const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a calendar date');
/** a period code or a date: baselines and deadlines */
export const periodOrDay = z.union([periodCode, isoDay], { message: 'a period code (2015, 2015Q4, 2015M12) or a date YYYY-MM-DD' });
/** an indicator by id (digits) or code */
export const indicatorParam = z.string().regex(/^([0-9]{1,10}|[A-Za-z][A-Za-z0-9_]{0,63})$/, 'an indicator id or code');

export const statusQuery = z.object({ period: periodCode.optional(), asOf: isoDay.optional() });

export const linkBody = z.object({
  version: z.number().int().positive().optional(),
  indicatorId: z.number().int().positive(),
  divisionCode: divisionCode.optional(),
  area: z.enum(['all', 'urban', 'rural']).optional(),
  unitId: z.number().int().positive().nullable().optional(),
  baseline: z.object({ value: z.number().finite().nullable(), at: periodOrDay }).nullable().optional(),
  deadline: periodOrDay.nullable().optional(),
  targetValue: z.number().finite().nullable().optional(),
  comparator: z.enum(['>=', '<=', '=']).nullable().optional(),
  frequency: z.enum(['M', 'Q', 'H', 'Y']).optional(),
});

const code = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'letters, digits, _ and -, starting with a letter');

export const indexBody = z.object({
  code,
  name: z.string().trim().min(1).max(200),
  description: z.string().max(4000).default(''),
  scale: z.number().positive().max(1000).default(10),
  sources: z.array(z.string().min(1).max(500)).max(20).default([]),
  groups: z.array(z.object({ code, name: z.string().min(1).max(100), weight: z.number().positive().max(1000) })).min(1).max(10),
  components: z
    .array(
      z.object({
        indicator: indicatorParam,
        name: z.string().min(1).max(200),
        group: code,
        reference: z.number().positive(),
        log: z.boolean().default(false),
        cap: z.number().positive().max(100).default(1),
        weight: z.number().positive().max(1000).default(1),
      }),
    )
    .min(1)
    .max(50),
});
