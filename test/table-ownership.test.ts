import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Each table belongs to the domain whose migrations create it, and only that domain's code queries
 * it (docs/decisions/0403-table-ownership.md). The lint rule stops imports of another domain's
 * repository; this test stops the SQL itself: query-builder calls and raw SQL naming another
 * domain's table. Reference data (the division tree and the unit registry) may be read by every
 * domain, and written only by its owner. What breaks the rule today is listed below with its
 * reason; an entry that is no longer needed fails the test, so the list only shrinks.
 */
const SRC = 'src';

/** Read anywhere (joins for names and codes); written only by the divisions domain. */
const REFERENCE = new Set(['divisions', 'units']);

/** file → tables of other domains it may query, and why. */
const EXCEPTIONS: Record<string, { tables: string[]; why: string }> = {
  'src/demo/demo-reports.ts': {
    tables: ['period_unlocks', 'submissions', 'submission_versions', 'plans', 'reporting_duties', 'plan_item_units', 'plan_items'],
    why: 'the demo backdates two years of reports and reviews in bulk, which no service allows by design',
  },
  'src/demo/first-run.ts': { tables: ['plans', 'users'], why: 'the first run checks whether the installation is empty' },
  'src/auth/audit.repository.ts': { tables: ['audit_log'], why: 'the audit page reads the log that platform/audit.ts writes in every transaction' },
  'src/indicators/bulk-load.ts': { tables: ['data_elements'], why: 'value store split: reporting declares data elements, indicators stores values (one owner is open in issue 13)' },
  'src/indicators/rollup.repository.ts': { tables: ['data_elements'], why: 'value store split (roll-up rules are declared on the element)' },
  'src/indicators/target-links.repository.ts': { tables: ['plan_items', 'data_elements'], why: 'a link validates its target item and elements in the same statement' },
  'src/indicators/status.repository.ts': { tables: ['progress_entries', 'submissions', 'submission_versions'], why: 'status reads reported progress and on-time dates as of a day in one query' },
  'src/reporting/form.repository.ts': { tables: ['plans', 'plan_items', 'plan_item_units'], why: 'a form’s progress rows are the tasks its unit leads, read with the form' },
};

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && ext.test(e.name))
    .map((e) => join(e.parentPath, e.name).split('\\').join('/'));
}

const domainOf = (file: string) => file.split('/')[1];

function owners(): Map<string, string> {
  const owner = new Map<string, string>();
  for (const f of files(SRC, /\.sql$/)) {
    for (const m of readFileSync(f, 'utf8').matchAll(/create table (?:if not exists )?([a-z_]+)/gi)) owner.set(m[1], domainOf(f));
  }
  return owner;
}

/** Code without comments: prose may name a table. */
function code(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/\s\/\/ .*$/gm, '');
}

/** Tables a file queries, each with whether it writes it. */
export function tablesQueried(text: string, known: Set<string>): Map<string, boolean> {
  const used = new Map<string, boolean>();
  const note = (t: string, write: boolean) => used.set(t, (used.get(t) ?? false) || write);
  for (const m of text.matchAll(/\b(selectFrom|insertInto|updateTable|deleteFrom|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin)\(\s*'([a-z_]+)(?: as \w+)?'/g)) {
    if (known.has(m[2])) note(m[2], /insertInto|updateTable|deleteFrom|mergeInto/.test(m[1]));
  }
  for (const m of text.matchAll(/\b(from|join|into|update|truncate)\s+([a-z_]+)\b/gi)) {
    if (known.has(m[2])) note(m[2], /into|update|truncate/i.test(m[1]));
  }
  return used;
}

describe('table ownership', () => {
  const owner = owners();
  const known = new Set(owner.keys());
  const sources = files(SRC, /\.tsx?$/).filter((f) => !f.startsWith('src/web/') && !/\.test\.ts$|test-fixtures/.test(f));

  it('finds the tables and who owns them', () => {
    expect(owner.get('plans')).toBe('plans');
    expect(owner.get('data_values')).toBe('indicators');
    expect(owner.get('units')).toBe('divisions');
    expect(known.size).toBeGreaterThan(30);
  });

  it('each table is queried only by its own domain (reference data read anywhere), apart from the listed debts', () => {
    const breaches: string[] = [];
    const used: Record<string, Set<string>> = {};
    for (const f of sources) {
      const from = domainOf(f);
      for (const [table, write] of tablesQueried(code(f), known)) {
        const own = owner.get(table);
        if (!own || own === from || own === 'platform' && from === 'platform') continue;
        if (REFERENCE.has(table) && !write) continue;
        if (EXCEPTIONS[f]?.tables.includes(table)) {
          (used[f] ??= new Set()).add(table);
          continue;
        }
        breaches.push(`${f} ${write ? 'writes' : 'reads'} ${table} (owned by ${own}): call a service or read API of ${own}`);
      }
    }
    expect(breaches).toEqual([]);
    // Paid debts leave the list.
    const stale = Object.entries(EXCEPTIONS).flatMap(([f, e]) => e.tables.filter((t) => !used[f]?.has(t)).map((t) => `${f}: ${t}`));
    expect(stale).toEqual([]);
  });

  it('catches a planted breach, in the query builder and in raw SQL', () => {
    const planted = tablesQueried("await ex.selectFrom('plan_items').selectAll(); await sql`update data_values set value = 1`.execute(ex);", known);
    expect([...planted]).toEqual([
      ['plan_items', false],
      ['data_values', true],
    ]);
  });
});
