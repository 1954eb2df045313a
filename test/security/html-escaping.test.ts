import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, joinHtml } from '../../src/web/lib/escape-html.ts';
import { scanFormatters } from './html-formatters.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const WEB = join(ROOT, 'src', 'web');
const PAYLOAD = '<img src onerror=alert()>公司投入5000万元';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('escape helper', () => {
  it('makes markup characters inert and keeps text', () => {
    expect(escapeHtml(PAYLOAD)).toBe('&lt;img src onerror=alert()&gt;公司投入5000万元');
    expect(escapeHtml(`a"b'c&d\`e`)).toBe('a&quot;b&#39;c&amp;d&#96;e');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(12.5)).toBe('12.5');
  });

  it('html`` escapes every interpolation, keeps its own markup and nested fragments', () => {
    const name = html`<b>${PAYLOAD}</b>`;
    expect(name.value).toBe('<b>&lt;img src onerror=alert()&gt;公司投入5000万元</b>');
    expect(html`${name}<br/>${'<i>x</i>'}`.value).toBe('<b>&lt;img src onerror=alert()&gt;公司投入5000万元</b><br/>&lt;i&gt;x&lt;/i&gt;');
    expect(joinHtml([name, '1 < 2'], '<br/>').value).toBe(`${name.value}<br/>1 &lt; 2`);
  });
});

describe('ECharts formatters in src/web', () => {
  it('build no HTML from data without the escape helper', () => {
    const problems = sources(WEB).flatMap((f) => scanFormatters(relative(ROOT, f), readFileSync(f, 'utf8')));
    expect(problems.map((p) => `${p.file}:${p.line} ${p.reason}`)).toEqual([]);
  });

  it('the scan catches the patterns that let the payload run (so the check above can fail)', () => {
    const unsafe = `
      const a = { tooltip: { formatter: (ps: unknown) => \`\${r.unitName}<br/>\${t('x')}\` } };
      const b = { tooltip: { formatter: (p: unknown) => r ? \`#\${r.rank} \${r.name}\` : '' } };
      const c = { tooltip: { formatter(p: unknown) { return '<b>' + name + '</b>'; } } };
      const d = { series: [{ label: { formatter: (p: { name: string }) => \`<b>\${p.name}</b>\` } }] };`;
    const found = scanFormatters('unsafe.tsx', unsafe).map((p) => p.line);
    expect(found).toEqual(expect.arrayContaining([2, 3, 4, 5]));
    const safe = `
      const a = { tooltip: { formatter: (ps: unknown) => html\`\${r.unitName}<br/>\${t('x')}\`.value } };
      const b = { tooltip: { formatter: '{b}: {c}', valueFormatter: (v: number) => \`\${v} \${unit}\` } };
      const c = { yAxis: { axisLabel: { formatter: (v: number) => fmt(v) } } };`;
    expect(scanFormatters('safe.tsx', safe)).toEqual([]);
  });
});
