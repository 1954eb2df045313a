import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import type { PublicationKind } from './publishing.tables.ts';

export type { PublicationKind };

/** A decision of the office to make one subject public, with its limits. */
export interface Publication {
  kind: PublicationKind;
  subject: string;
  /** indicator/index: the deepest division level shown (1 province … 5 village); null = all */
  lowestLevel: number | null;
  /** indicator: the first period shown; null = all */
  fromPeriod: string | null;
  note: string | null;
  publishedBy: number | null;
  publishedAt: string;
  updatedAt: string;
}

type Row = {
  kind: PublicationKind; subject: string; lowest_level: number | null; from_period: string | null; note: string | null;
  published_by: number | null; published_at: Date; updated_at: Date;
};

const COLUMNS = ['kind', 'subject', 'lowest_level', 'from_period', 'note', 'published_by', 'published_at', 'updated_at'] as const;

function toPublication(r: Row): Publication {
  return {
    kind: r.kind,
    subject: r.subject,
    lowestLevel: r.lowest_level === null ? null : Number(r.lowest_level),
    fromPeriod: r.from_period,
    note: r.note,
    publishedBy: r.published_by === null ? null : Number(r.published_by),
    publishedAt: r.published_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function listPublicationRows(ex: Executor, kind?: PublicationKind): Promise<Publication[]> {
  let q = ex.selectFrom('publications').select(COLUMNS).orderBy('kind').orderBy('published_at').orderBy('id');
  if (kind) q = q.where('kind', '=', kind);
  return (await q.execute()).map(toPublication);
}

export async function findPublication(ex: Executor, kind: PublicationKind, subject: string): Promise<Publication | null> {
  const r = await ex.selectFrom('publications').select(COLUMNS).where('kind', '=', kind).where('subject', '=', subject).executeTakeFirst();
  return r ? toPublication(r) : null;
}

export interface PublicationSettings {
  lowestLevel: number | null;
  fromPeriod: string | null;
  note: string | null;
}

/** Inserts or updates the publication of a subject; returns the stored row. */
export async function upsertPublication(ex: Executor, kind: PublicationKind, subject: string, s: PublicationSettings, by: number | null): Promise<Publication> {
  const r = await ex
    .insertInto('publications')
    .values({ kind, subject, lowest_level: s.lowestLevel, from_period: s.fromPeriod, note: s.note, published_by: by })
    .onConflict((oc) =>
      oc.columns(['kind', 'subject']).doUpdateSet({ lowest_level: s.lowestLevel, from_period: s.fromPeriod, note: s.note, published_by: by, updated_at: sql`now()` }),
    )
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toPublication(r);
}

export async function deletePublication(ex: Executor, kind: PublicationKind, subject: string): Promise<boolean> {
  const r = await ex.deleteFrom('publications').where('kind', '=', kind).where('subject', '=', subject).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
