import { Option, type Command } from 'commander';
import type { Actor } from '../../platform/audit.ts';
import type { Role } from '../../auth/auth.tables.ts';
import { createUser, listUsers, resetPasswordByUsername } from '../../auth/users.service.ts';
import { UsageError, withDb } from '../context.ts';

const ROLES: Role[] = ['admin', 'reporter', 'viewer', 'leader'];
const CLI_ACTOR: Actor = Object.freeze({ id: null, name: 'cli' });

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('--password-stdin needs the password piped on standard input');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  // One trailing newline is how `echo` and most tools end the line; it is not part of the password.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

const positiveInt = (name: string) => (v: string) => {
  if (!/^[1-9][0-9]{0,15}$/.test(v)) throw new UsageError(`${name} must be a positive integer, got "${v}"`);
  return Number(v);
};

async function passwordFrom(opts: { password?: string; passwordStdin?: boolean }): Promise<string | undefined> {
  if (opts.password !== undefined && opts.passwordStdin) throw new UsageError('give either --password or --password-stdin, not both');
  if (opts.passwordStdin) return readStdin();
  return opts.password;
}

export default function register(program: Command): void {
  const users = program.command('users').description('manage user accounts (admin, reporter, viewer, leader)');

  users
    .command('create')
    .description('create a user; without a password, a strong one is generated and printed once')
    .requiredOption('--username <name>', 'sign-in name: lower-case letters, digits, "_", "." or "-"')
    .addOption(new Option('--role <role>', 'role').choices(ROLES).makeOptionMandatory())
    .option('--unit-id <id>', 'reporter: the unit it reports for', positiveInt('--unit-id'))
    .option('--division <code>', 'viewer: root of the division subtree it may read')
    .option('--display-name <name>', 'name shown in the interface (default: the username)')
    .option('--email <address>', 'e-mail address for reminders')
    .option('--password <password>', 'initial password (visible in the process list: prefer --password-stdin)')
    .option('--password-stdin', 'read the initial password from standard input')
    .action(
      async (opts: {
        username: string;
        role: Role;
        unitId?: number;
        division?: string;
        displayName?: string;
        email?: string;
        password?: string;
        passwordStdin?: boolean;
      }) => {
        if (!/^[a-z0-9][a-z0-9_.-]{1,63}$/.test(opts.username)) {
          throw new UsageError('--username must be 2–64 characters: lower-case letters, digits, "_", "." or "-"');
        }
        const password = await passwordFrom(opts);
        await withDb(async ({ db }) => {
          const r = await createUser(db, CLI_ACTOR, {
            username: opts.username,
            role: opts.role,
            unitId: opts.unitId,
            divisionCode: opts.division,
            displayName: opts.displayName,
            email: opts.email,
            password,
          });
          console.log(`created ${r.user.role} ${r.user.username} (id ${r.user.id})`);
          if (r.generatedPassword) console.log(`password (shown only once): ${r.generatedPassword}`);
        });
      },
    );

  users
    .command('list')
    .description('list users')
    .addOption(new Option('--role <role>', 'only this role').choices(ROLES))
    .option('--json', 'print JSON lines instead of a table')
    .action(async (opts: { role?: Role; json?: boolean }) => {
      await withDb(async ({ db }) => {
        const all = [];
        for (let page = 1; ; page++) {
          const r = await listUsers(db, { role: opts.role }, page, 200);
          all.push(...r.items);
          if (all.length >= r.total || r.items.length === 0) break;
        }
        if (opts.json) {
          for (const u of all) {
            console.log(JSON.stringify({ id: u.id, username: u.username, displayName: u.displayName, role: u.role, unitId: u.unitId, divisionCode: u.divisionCode, active: u.active, lockedUntil: u.lockedUntil }));
          }
          return;
        }
        const rows = all.map((u) => [
          String(u.id),
          u.username,
          u.role,
          u.unitId === null ? '' : String(u.unitId),
          u.divisionCode ?? '',
          u.active ? (u.lockedUntil && u.lockedUntil.getTime() > Date.now() ? 'locked' : 'active') : 'inactive',
          u.displayName,
        ]);
        const head = ['id', 'username', 'role', 'unit', 'division', 'state', 'display name'];
        const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
        for (const r of [head, ...rows]) console.log(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  '));
        console.log(`${all.length} user(s)`);
      });
    });

  users
    .command('reset-password')
    .description('set a new password (generated and printed once unless given), unlock the account and end its sessions')
    .requiredOption('--username <name>', 'the user')
    .option('--password <password>', 'the new password (visible in the process list: prefer --password-stdin)')
    .option('--password-stdin', 'read the new password from standard input')
    .action(async (opts: { username: string; password?: string; passwordStdin?: boolean }) => {
      const password = await passwordFrom(opts);
      await withDb(async ({ db }) => {
        const r = await resetPasswordByUsername(db, CLI_ACTOR, opts.username, password);
        console.log(`password of ${r.user.username} reset; the account is unlocked and must choose a new password at next sign-in`);
        if (r.generatedPassword) console.log(`password (shown only once): ${r.generatedPassword}`);
      });
    });
}
