import type { Generated, JSONColumnType } from 'kysely';

/** Tables of the briefings domain (migrations 0500–0519). */
export interface BriefingTables {
  briefings: {
    id: Generated<number>;
    plan_id: number;
    period: string;
    as_of: string;
    format: 'docx' | 'pdf';
    red_head: boolean;
    sha256: string;
    size_bytes: number;
    data: JSONColumnType<Record<string, unknown>, string, string>;
    generated_by: number | null;
    generated_by_name: string;
    generated_at: Generated<Date>;
  };
  briefing_drafts: {
    plan_id: number;
    period: string;
    issuance: JSONColumnType<Record<string, unknown>, string, string>;
    edits: JSONColumnType<Record<string, string | null>, string, string>;
    version: Generated<number>;
    updated_by: number | null;
    updated_at: Generated<Date>;
  };
}
