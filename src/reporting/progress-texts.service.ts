import type { Executor } from '../platform/db/database.ts';
import { listProgressTexts, type ProgressTextRow } from './progress-texts.repository.ts';

export type { ProgressTextRow };

/** What units wrote about their tasks (做法 and 问题), as the office knew it before `cutoff`. */
export const progressTexts = (ex: Executor, itemIds: number[], cutoff: Date): Promise<ProgressTextRow[]> => listProgressTexts(ex, itemIds, cutoff);
