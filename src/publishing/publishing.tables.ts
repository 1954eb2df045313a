import type { Generated } from 'kysely';

export type PublicationKind = 'plan' | 'indicator' | 'index';

export interface PublishingTables {
  publications: {
    id: Generated<number>;
    kind: PublicationKind;
    subject: string;
    lowest_level: number | null;
    from_period: string | null;
    note: string | null;
    published_by: number | null;
    published_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
}
