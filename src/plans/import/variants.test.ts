/**
 * Robustness by construction: every seed and dev plan is also extracted (a) with all line breaks
 * removed, (b) from a PDF that Chromium prints from it (CJK fonts, running header, page numbers,
 * wrapped lines), (c) from a .docx written by the `docx` package; each variant must score within
 * 0.05 of the plain text on micro-F1 and unit-assignment F1. The PDF and DOCX of a file are built
 * once. Needs ../shared (the plans and gold): missing in CI is a failure, not a skip.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractPlan } from '../extract/extract-plan.ts';
import { readDocument } from './read-document.ts';
import { CHROMIUM, PdfPrinter, planDocx } from './test-variants.ts';

const shared = fileURLToPath(new URL('../../../../shared/', import.meta.url));
const scorer = join(shared, 'extraction/score.mjs');
const CORPORA = [
  { name: 'seeds', docs: join(shared, 'seeds'), gold: join(shared, 'extraction/gold') },
  { name: 'dev', docs: join(shared, 'extraction/dev/docs'), gold: join(shared, 'extraction/dev/gold') },
];
const VARIANTS = ['text', 'flat', 'pdf', 'docx'] as const;
type Variant = (typeof VARIANTS)[number];

function available(): boolean {
  const ok = existsSync(scorer) && CORPORA.every((c) => existsSync(c.docs) && existsSync(c.gold)) && existsSync(CHROMIUM);
  if (!ok && process.env.CI) throw new Error(`the extraction corpus (${shared}) or ${CHROMIUM} is missing: robustness tests cannot run`);
  if (!ok) console.warn(`\n[luoshi] ${shared} or ${CHROMIUM} not found: extraction robustness tests are SKIPPED\n`);
  return ok;
}
const run = available();

interface Score {
  microF1: number;
  unitAssignmentF1: number;
}
const scores = new Map<string, Record<Variant, Score>>();
const out = mkdtempSync(join(tmpdir(), 'luoshi-variants-'));

beforeAll(async () => {
  if (!run) return;
  const printer = new PdfPrinter();
  try {
    for (const c of CORPORA) {
      for (const f of readdirSync(c.docs).filter((x) => x.endsWith('.txt')).sort()) {
        const name = basename(f, '.txt');
        const text = readFileSync(join(c.docs, f), 'utf8');
        const texts: Record<Variant, string> = {
          text,
          flat: text.replace(/\s*\n\s*/g, ''),
          pdf: (await readDocument(await printer.print(text), `${name}.pdf`)).text,
          docx: (await readDocument(await planDocx(text), `${name}.docx`)).text,
        };
        const row = {} as Record<Variant, Score>;
        for (const v of VARIANTS) {
          const dir = join(out, v);
          mkdirSync(dir, { recursive: true });
          const { sourceText: _s, ...plan } = extractPlan(texts[v]);
          const pred = join(dir, `${name}.json`);
          writeFileSync(pred, JSON.stringify(plan));
          const r = spawnSync('node', [scorer, pred, join(c.gold, `${name}.json`), '--json'], { encoding: 'utf8' });
          if (r.status !== 0) throw new Error(`scorer failed on ${name} (${v}): ${r.stderr}`);
          row[v] = JSON.parse(r.stdout) as Score;
        }
        scores.set(`${c.name}/${name}`, row);
      }
    }
  } finally {
    await printer.close();
  }
  const fmt = (s: Score) => `${s.microF1.toFixed(3)}/${s.unitAssignmentF1.toFixed(3)}`;
  console.log(['document                                   text        flat        pdf         docx', ...[...scores].map(([k, r]) => `${k.padEnd(42)} ${VARIANTS.map((v) => fmt(r[v])).join('  ')}`)].join('\n'));
}, 600_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.skipIf(!run)('extraction is the same plan whatever the file', () => {
  for (const v of ['flat', 'pdf', 'docx'] as const) {
    it(`${v}: every seed and dev plan within 0.05 of its text (micro-F1 and unit-assignment F1)`, () => {
      expect(scores.size).toBeGreaterThanOrEqual(13);
      const off: string[] = [];
      for (const [k, r] of scores) {
        if (r[v].microF1 < r.text.microF1 - 0.05) off.push(`${k} micro-F1 ${r[v].microF1.toFixed(3)} vs ${r.text.microF1.toFixed(3)}`);
        if (r[v].unitAssignmentF1 < r.text.unitAssignmentF1 - 0.05) off.push(`${k} unit F1 ${r[v].unitAssignmentF1.toFixed(3)} vs ${r.text.unitAssignmentF1.toFixed(3)}`);
      }
      expect(off).toEqual([]);
    });
  }
});
