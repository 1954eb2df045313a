import type { Generated, JSONColumnType } from 'kysely';

export type ReminderKind = 'before_due' | 'overdue' | 'manual';

/** Tables of reporting I/O (migration 0325): evidence files, reminders, the in-app inbox. */
export interface ReportingIoTables {
  evidence_files: {
    id: Generated<number>;
    submission_id: number;
    item_id: number | null;
    sha256: string;
    size_bytes: number;
    content_type: string;
    filename: string;
    uploaded_by: number | null;
    created_at: Generated<Date>;
  };
  reminders: {
    id: Generated<number>;
    form_id: number;
    unit_id: number;
    period: string;
    kind: ReminderKind;
    due_on: string | null;
    sent_on: string;
    created_by: number | null;
    created_at: Generated<Date>;
    channels: JSONColumnType<Record<string, string>, string | undefined, string>;
  };
  inbox_messages: {
    id: Generated<number>;
    user_id: number;
    reminder_id: number | null;
    kind: string;
    title: string;
    body: string;
    link: string | null;
    created_at: Generated<Date>;
    read_at: Date | null;
  };
}
