import { z } from 'zod';

/** Response shapes of the notices (review notices, 催报): what went out through which channel. */
export const channelDeliveryOut = z.object({
  channel: z.enum(['inbox', 'email', 'webhook']),
  configured: z.boolean(),
  outcome: z.enum(['sent', 'skipped', 'failed']),
  detail: z.string(),
});

export const deliveryOut = z.object({ channels: z.array(channelDeliveryOut), externalConfigured: z.boolean() });

export const submissionOut = z.object({
  id: z.number(),
  formId: z.number(),
  unitId: z.number(),
  period: z.string(),
  status: z.enum(['draft', 'submitted', 'returned', 'approved']),
  revision: z.number(),
  version: z.number(),
  submittedAt: z.string().nullable(),
  firstSubmittedAt: z.string().nullable(),
  submittedBy: z.number().nullable(),
  reviewedAt: z.string().nullable(),
  reviewedBy: z.number().nullable(),
  returnReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.number().nullable(),
});

export const reviewedOut = submissionOut.extend({ notice: deliveryOut });
export const approvedOut = reviewedOut.extend({ approvedValues: z.number() });
