import type { Generated } from 'kysely';

export interface MapTables {
  map_boundaries: {
    code: string;
    approval_number: string;
    body: string;
    etag: string;
    feature_count: number;
    uploaded_by: number | null;
    uploaded_by_name: string;
    uploaded_at: Generated<Date>;
  };
}
