import type { Role } from '../../auth/auth.tables.ts';
import type { Actor } from '../audit.ts';
import type { Config } from '../env.ts';
import type { Db } from '../db/database.ts';

/** The signed-in user as every handler and policy sees it. */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** reporter: the unit it reports for */
  unitId: number | null;
  /** viewer: root of the division subtree it may read */
  divisionCode: string | null;
  mustChangePassword: boolean;
}

/** What route modules receive: the open database and the frozen configuration. */
export interface AppDeps {
  db: Db;
  config: Config;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Null for anonymous (public) requests. Set by the auth plugin. */
    user: SessionUser | null;
    sessionId: string | null;
    /** The actor to record in the audit trail for this request. */
    actor(): Actor;
  }
}
