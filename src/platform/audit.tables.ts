import type { Generated, JSONColumnType } from 'kysely';

export interface AuditTables {
  audit_log: {
    id: Generated<number>;
    at: Generated<Date>;
    actor_id: number | null;
    actor_name: string | null;
    action: string;
    entity: string;
    entity_id: string;
    before: JSONColumnType<Record<string, unknown> | unknown[] | null, string | null, string | null>;
    after: JSONColumnType<Record<string, unknown> | unknown[] | null, string | null, string | null>;
    request_id: string | null;
    ip: string | null;
  };
}
