import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, api, request, setCsrfToken, setUnauthenticatedHandler } from '../api/client.ts';
import type { Abilities, Me, User } from '../api/types.ts';

interface AuthValue {
  /** undefined while the session is being probed, null when signed out. */
  user: User | null | undefined;
  abilities: Abilities;
  login(username: string, password: string): Promise<User>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
  can(ability: string): boolean;
}

const AuthContext = createContext<AuthValue | null>(null);

/** What the role may do when the server did not (yet) say: the UI only hides; the server decides. */
function defaultAbilities(user: User | null): Abilities {
  const admin = user?.role === 'admin';
  return { manageUsers: admin, manageUnits: admin, managePlans: admin, viewAudit: admin };
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [abilities, setAbilities] = useState<Abilities>({});

  const applyMe = useCallback((me: Me | null) => {
    setCsrfToken(me?.csrfToken ?? null);
    setUser(me?.user ?? null);
    setAbilities({ ...defaultAbilities(me?.user ?? null), ...(me?.abilities ?? {}) });
  }, []);

  const refresh = useCallback(async () => {
    try {
      applyMe(await request<Me>('GET', '/api/auth/me', { quiet401: true }));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) applyMe(null);
      else {
        applyMe(null);
        throw e;
      }
    }
  }, [applyMe]);

  useEffect(() => {
    refresh().catch(() => {});
    setUnauthenticatedHandler(() => applyMe(null));
    return () => setUnauthenticatedHandler(null);
  }, [refresh, applyMe]);

  const login = useCallback(
    async (username: string, password: string) => {
      const res = await request<{ user: User; csrfToken: string }>('POST', '/api/auth/login', {
        body: { username, password },
        quiet401: true,
      });
      setCsrfToken(res.csrfToken);
      try {
        applyMe(await request<Me>('GET', '/api/auth/me', { quiet401: true }));
      } catch {
        applyMe({ user: res.user, csrfToken: res.csrfToken, abilities: {} });
      }
      return res.user;
    },
    [applyMe],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/api/auth/logout');
    } finally {
      applyMe(null);
    }
  }, [applyMe]);

  const value = useMemo<AuthValue>(
    () => ({ user, abilities, login, logout, refresh, can: (a) => abilities[a] === true }),
    [user, abilities, login, logout, refresh],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
