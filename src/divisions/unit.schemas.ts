import { z } from 'zod';

/** Field rules shared by the API bodies and the import rows, so both refuse the same values. */
export const UNIT_KINDS = ['department', 'government', 'company', 'group', 'other'] as const;
export const UNIT_STATUSES = ['active', 'proposed', 'merged', 'archived'] as const;

export const divisionCodeField = z
  .string()
  .trim()
  .regex(/^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?)?$/, 'a division code has 2, 4, 6, 9 or 12 digits');
export const unitName = z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters');
export const aliasList = z.array(z.string().trim().min(1, 'an alias must not be empty').max(100, 'an alias has at most 100 characters')).max(20);
// Chinese office numbers come as 0971-6300000, (0971)6300000, 138 0000 0000, +86…, with 转 extensions.
export const phone = z
  .string()
  .trim()
  .max(40)
  .refine(
    (v) => /^\+?[0-9()\- 转,，]+$/.test(v) && (v.match(/[0-9]/g)?.length ?? 0) >= 5,
    'a phone number: at least 5 digits; only digits, spaces, + ( ) - and 转',
  );
export const email = z.string().trim().max(200).pipe(z.email('not an e-mail address'));
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const unitFields = z.object({
  name: unitName,
  divisionCode: divisionCodeField,
  kind: z.enum(UNIT_KINDS).default('department'),
  aliases: aliasList.default([]),
  parentUnitId: z.number().int().positive().nullable().optional(),
  contactName: optionalText(100),
  contactPhone: phone.nullable().optional(),
  contactEmail: email.nullable().optional(),
  note: optionalText(2000),
  status: z.enum(['active', 'proposed']).optional(),
});
export type UnitInput = z.output<typeof unitFields>;

export const unitPatch = unitFields
  .extend({ kind: z.enum(UNIT_KINDS), aliases: aliasList })
  .partial()
  .extend({ version: z.number().int().positive() });
export type UnitPatch = z.output<typeof unitPatch>;

export const unitOut = z.object({
  id: z.number(),
  name: z.string(),
  divisionCode: z.string(),
  divisionName: z.string().nullable(),
  kind: z.enum(UNIT_KINDS),
  aliases: z.array(z.string()),
  parentUnitId: z.number().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  contactEmail: z.string().nullable(),
  note: z.string().nullable(),
  status: z.enum(UNIT_STATUSES),
  mergedIntoId: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
