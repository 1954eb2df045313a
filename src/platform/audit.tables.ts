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
    before: JSONColumnType<unknown, string | null, string | null> | null;
    after: JSONColumnType<unknown, string | null, string | null> | null;
    request_id: string | null;
    ip: string | null;
  };
}
