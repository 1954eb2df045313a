import type { Generated } from 'kysely';

export type Role = 'admin' | 'reporter' | 'viewer' | 'leader';

export interface AuthTables {
  users: {
    id: Generated<number>;
    username: string;
    display_name: string;
    email: string | null;
    password_hash: string;
    role: Role;
    unit_id: number | null;
    division_code: string | null;
    active: Generated<boolean>;
    failed_logins: Generated<number>;
    locked_until: Date | null;
    must_change_password: Generated<boolean>;
    password_changed_at: Generated<Date>;
    last_login_at: Date | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    version: Generated<number>;
  };
  sessions: {
    id: string;
    user_id: number;
    csrf_token: string;
    created_at: Generated<Date>;
    expires_at: Date;
    last_seen_at: Generated<Date>;
    ip: string | null;
    user_agent: string | null;
  };
}
