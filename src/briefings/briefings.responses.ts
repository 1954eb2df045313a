import { z } from 'zod';

/**
 * What the briefing routes answer. The briefing data (BriefingData in briefing-data.ts) is also
 * what the web's preview reads through the pure briefing-document.ts it shares with the renderers,
 * so its full shape lives in that TypeScript interface: this schema names the frame every briefing
 * has and lets the rest through as it is (loose), so the preview and the logged snapshots never lose
 * a field the renderers add.
 */
const part = z.any();

const frame = {
  plan: z.looseObject({ id: z.number(), title: z.string(), docNumber: z.string().nullable(), issuer: z.string().nullable(), divisionCode: z.string().nullable() }),
  region: z.looseObject({ code: z.string().nullable(), name: z.string().nullable(), scopeWord: z.string() }),
  period: z.looseObject({ code: z.string(), label: z.string(), start: z.string(), end: z.string() }),
  asOf: z.string(),
  targetsAsOf: z.string(),
  issuer: z.string(),
  addressee: z.string(),
  generatedAt: z.string(),
  counts: part,
  targets: z.array(part),
  tasks: z.array(part),
  completeness: part,
  behind: part,
  keyNumbers: z.array(part),
  notes: z.array(z.string()),
};

/**
 * Loose at run time (keys the frame does not name pass through), typed as the frame alone: the
 * BriefingData interface has no index signature, so it could not satisfy a loose object's type.
 */
export const briefingDataOut = z.looseObject(frame) as unknown as z.ZodObject<typeof frame>;

/** A logged briefing's data as stored when it was generated (an older briefing may lack newer fields). */
export const loggedBriefingDataOut = z.record(z.string(), z.unknown());

export const briefingLogEntryOut = z.object({
  id: z.number(),
  planId: z.number(),
  period: z.string(),
  asOf: z.string(),
  format: z.enum(['docx', 'pdf']),
  redHead: z.boolean(),
  sha256: z.string(),
  sizeBytes: z.number(),
  generatedBy: z.number().nullable(),
  generatedByName: z.string(),
  generatedAt: z.string(),
});
