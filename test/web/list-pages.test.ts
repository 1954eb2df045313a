/**
 * The list pages (units, users, audit, plans) rendered with React against the real API: fetch is
 * answered by the Fastify app over a real database (PGlite), signed in as a real user. What the
 * page shows is compared with what the API says, asked separately.
 */
import './dom.ts'; // first: the DOM globals before React and Testing Library load
import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/platform/db/database.ts';
import AuditPage from '../../src/web/pages/AuditPage.tsx';
import PlansListPage from '../../src/web/pages/plans/PlansListPage.tsx';
import UnitsPage from '../../src/web/pages/UnitsPage.tsx';
import UsersPage from '../../src/web/pages/UsersPage.tsx';
import { errorMessage } from '../../src/web/i18n/errors.ts';
import { buildTestApp, createUser, login } from '../app.ts';
import { engineVariants } from '../db.ts';
import { haibei, uniq } from '../factories.ts';
import { cleanup, fetchThroughApp, renderPage } from './render.tsx';

// The server answers in-process, but the machine is shared with other test workers: wait up to 10 s.
configure({ asyncUtilTimeout: 10_000 });

let db: Db;
let app: FastifyInstance;
let admin: { cookie: string; headers: Record<string, string> };
let viewer: { cookie: string };
let restore: (() => void) | null = null;

beforeAll(async () => {
  const pglite = engineVariants().find((v) => v.engine === 'pglite')!;
  db = await pglite.open();
  app = await buildTestApp(db);
  await haibei(db);
  const a = await createUser(db, { role: 'admin' });
  admin = await login(app, a.username, a.password);
  const v = await createUser(db, { role: 'viewer', divisionCode: '6322' });
  viewer = await login(app, v.username, v.password);
});

afterEach(() => {
  cleanup();
  restore?.();
  restore = null;
});

afterAll(async () => {
  await app?.close();
  await db?.close();
});

/** Signs the page's fetch in as `who`; returns the log of what the page asked. */
function as(who: { cookie: string }): string[] {
  const f = fetchThroughApp(app, who.cookie);
  restore = f.restore;
  return f.log;
}

async function apiGet<T>(url: string): Promise<T> {
  const r = await app.inject({ method: 'GET', url, headers: admin.headers });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as T;
}

/** Types into an Input.Search and presses its search button (what a person does). */
function searchFor(placeholder: string, text: string): void {
  const input = screen.getByPlaceholderText(placeholder);
  fireEvent.change(input, { target: { value: text } });
  fireEvent.click(input.closest('.ant-input-search')!.querySelector('button.ant-input-search-btn')!);
}

const bodyRows = (table: HTMLElement) => [...table.querySelectorAll<HTMLElement>('tbody tr.ant-table-row')];

describe('list pages against the real API', () => {
  it('units: the empty list says how to start', async () => {
    as(admin);
    renderPage(UnitsPage, '/units');
    expect(await screen.findByText('还没有单位，点击“新建单位”或“导入”开始')).toBeTruthy();
  });

  it('units: pages through the server, searches from the first page', async () => {
    const prefix = uniq('列表单位');
    for (let i = 1; i <= 23; i++) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/units',
        headers: admin.headers,
        payload: { name: `${prefix}-${String(i).padStart(2, '0')}`, divisionCode: '6322', kind: i % 2 ? 'department' : 'company' },
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    const total = (await apiGet<{ total: number }>('/api/units?pageSize=1')).total;
    const log = as(admin);
    renderPage(UnitsPage, '/units');
    const table = await screen.findByTestId('units-table');
    await screen.findByText(`共 ${total} 条`);
    expect(bodyRows(table)).toHaveLength(20);

    fireEvent.click(screen.getByTitle('2'));
    await waitFor(() => expect(bodyRows(table)).toHaveLength(total - 20));
    expect(log).toContain('GET /api/units?page=2&pageSize=20');

    // A search goes back to page 1 and shows what the API finds for the same words.
    searchFor('搜索单位名称或别名', `${prefix}-1`);
    const found = await apiGet<{ items: { name: string }[] }>(`/api/units?q=${encodeURIComponent(`${prefix}-1`)}`);
    expect(found.items.length).toBe(10); // -10 … -19
    await waitFor(() => expect(bodyRows(table).map((r) => within(r).getAllByRole('cell')[0]!.textContent)).toEqual(found.items.map((u) => u.name)));
    expect(log.at(-1)).toBe(`GET /api/units?q=${encodeURIComponent(`${prefix}-1`)}&page=1&pageSize=20`);
  });

  it('users: lists the accounts the API lists and searches them', async () => {
    const names = [uniq('listuser'), uniq('listuser')];
    for (const username of names) await createUser(db, { role: 'viewer', divisionCode: '6322', username });
    const all = await apiGet<{ total: number }>('/api/users?pageSize=1');
    as(admin);
    renderPage(UsersPage, '/users');
    await screen.findByText(`共 ${all.total} 条`);
    searchFor('搜索用户名或姓名', names[1]!);
    await screen.findByText('共 1 条');
    const rows = bodyRows(document.querySelector<HTMLElement>('.ant-table')!);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]!.textContent)).toEqual([names[1]]);
    expect(screen.queryAllByText(names[0]!)).toEqual([]);
  });

  it('users: the drawer shows the API refusal of a save in Chinese', async () => {
    as(admin);
    renderPage(UsersPage, '/users');
    await screen.findByText(/^共 \d+ 条$/);
    const openDrawer = async () => {
      fireEvent.click(screen.getByRole('button', { name: '新建用户' }));
      return screen.findByRole('dialog');
    };
    const fill = (drawer: HTMLElement, username: string) => {
      fireEvent.change(within(drawer).getByLabelText('用户名'), { target: { value: username } });
      fireEvent.change(within(drawer).getByLabelText('姓名'), { target: { value: '测试姓名' } });
    };
    // A reporter needs a unit: the same body straight to the API says why, and the drawer says the same.
    const username = uniq('drawer');
    const refused = await app.inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload: { username, displayName: '测试姓名', role: 'reporter' } });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    const drawer = await openDrawer();
    fill(drawer, username);
    fireEvent.click(within(drawer).getByRole('button', { name: /保\s*存/ }));
    const alert = await within(drawer).findByRole('alert');
    expect(alert.textContent).toBe(errorMessage('zh-CN', (refused.json() as { error: Parameters<typeof errorMessage>[1] }).error));
  });

  it('audit: filters by entity on 搜索, and reset brings back every entry', async () => {
    const all = await apiGet<{ total: number }>('/api/audit?pageSize=1');
    const units = await apiGet<{ total: number }>('/api/audit?entity=unit&pageSize=1');
    expect(units.total).toBeGreaterThan(0);
    expect(units.total).toBeLessThan(all.total);
    const log = as(admin);
    renderPage(AuditPage, '/audit');
    await screen.findByText(`共 ${all.total} 条`);
    fireEvent.change(screen.getByPlaceholderText('对象类型'), { target: { value: 'unit' } });
    expect(log.filter((l) => l.includes('entity=unit'))).toEqual([]); // typing alone asks nothing
    fireEvent.click(screen.getByRole('button', { name: /搜\s*索/ }));
    await screen.findByText(`共 ${units.total} 条`);
    fireEvent.click(screen.getByRole('button', { name: /重\s*置/ }));
    await screen.findByText(`共 ${all.total} 条`);
  });

  it('audit: a refusal shows the mapped Chinese error, not the server sentence', async () => {
    const refused = await app.inject({ method: 'GET', url: '/api/audit?page=1&pageSize=20', headers: { cookie: viewer.cookie } });
    expect(refused.statusCode).toBe(403);
    const { error } = refused.json() as { error: { code: string; message: string } };
    as(viewer);
    renderPage(AuditPage, '/audit');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(errorMessage('zh-CN', error));
    expect(alert.textContent).not.toContain(error.message);
    expect(screen.getByText('暂无审计记录')).toBeTruthy();
  });

  it('plans: a search asks the API again; an empty answer shows the empty state', async () => {
    const log = as(admin);
    renderPage(PlansListPage, '/plans');
    await waitFor(() => expect(log).toContain('GET /api/plans'));
    expect(await screen.findByText('暂无数据')).toBeTruthy();
    const plans = await apiGet<{ items: unknown[] }>('/api/plans?q=nothing-like-this');
    expect(plans.items).toEqual([]);
    searchFor('搜索', 'nothing-like-this');
    await waitFor(() => expect(log.at(-1)).toBe('GET /api/plans?q=nothing-like-this'));
  });
});
