/**
 * Renders a web page with React in happy-dom, its providers as in src/web/App.tsx, and `fetch`
 * answered by the real Fastify app (app.inject) signed in as a given user: component tests of the
 * pages against the real API, with no browser and no hand-written payloads.
 *
 * A test file that uses this imports ./dom.ts first and builds the app with buildTestApp (which puts
 * it in the db tier).
 */
import { cleanup, render, type RenderResult } from '@testing-library/react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCNLocale from 'antd/locale/zh_CN';
import type { FastifyInstance } from 'fastify';
import type { ComponentType } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { AuthProvider } from '../../src/web/auth/AuthContext.tsx';
import { I18nProvider } from '../../src/web/i18n/index.tsx';

/** What the pages asked for, in order (method and path with query), to check what went out. */
export type RequestLog = string[];

function abortError(): Error {
  return new DOMException('The operation was aborted.', 'AbortError');
}

/**
 * Replaces globalThis.fetch with one that sends each request to `app` with the session `cookie`.
 * Returns the log of requests; `restore()` puts the original fetch back.
 */
export function fetchThroughApp(app: FastifyInstance, cookie: string): { log: RequestLog; restore(): void } {
  const original = globalThis.fetch;
  const log: RequestLog = [];
  globalThis.fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    if (init.signal?.aborted) throw abortError();
    log.push(`${method} ${url.pathname}${url.search}`);
    const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined), cookie };
    const res = await app.inject({ method: method as 'GET', url: url.pathname + url.search, headers, payload: (init.body as string | undefined) ?? undefined });
    // The page may have moved on while the server answered: the browser would reject then too.
    if (init.signal?.aborted) throw abortError();
    const empty = res.statusCode === 204 || res.statusCode === 304;
    const out = new Headers();
    for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') out.set(k, v);
    return new Response(empty ? null : res.body, { status: res.statusCode, statusText: res.statusMessage, headers: out });
  };
  return {
    log,
    restore() {
      globalThis.fetch = original;
    },
  };
}

/** Renders `Page` at `route` inside the app's providers (i18n in zh-CN, auth, antd, router). */
export function renderPage(Page: ComponentType, route = '/'): RenderResult {
  localStorage.setItem('luoshi.locale', 'zh-CN');
  return render(
    <MemoryRouter initialEntries={[route]}>
      <I18nProvider>
        <ConfigProvider locale={zhCNLocale}>
          <AntApp>
            <AuthProvider>
              <Page />
            </AuthProvider>
          </AntApp>
        </ConfigProvider>
      </I18nProvider>
    </MemoryRouter>,
  );
}

export { cleanup };
