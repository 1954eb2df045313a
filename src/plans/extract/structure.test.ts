import { describe, expect, it } from 'vitest';
import { normaliseText } from './normalise.ts';
import { parseStructure, sectionPath } from './structure.ts';
import { fixture, planOf } from './test-helpers.ts';

describe('parseStructure', () => {
  it('splits paragraphs that run together on one line and nests 专栏 lists', () => {
    const text = normaliseText(fixture('run-together-plan.txt'));
    const st = parseStructure(text);
    const paths = st.nodes.map((n) => `${n.kind}:${sectionPath(n)}`);
    expect(paths).toContain('num:一、（一）2.');
    expect(paths).toContain('box:一、（一）专栏一');
    expect(paths.filter((p) => p.startsWith('bullet:'))).toHaveLength(4);
    // 专栏二's 一、二、 restart numbering, so they nest inside the box instead of ending 一、.
    expect(paths).toContain('cn:一、（二）专栏二二、');
    expect(paths).toContain('cn:二、');
  });
  it('makes ——— bullets in a 专栏 into tasks titled by their name', () => {
    const titles = planOf('run-together-plan.txt').tasks.map((t) => t.title);
    expect(titles).toEqual(['数字产业化', '发展软件产业', '发展电子信息制造', '软件名城工程', '智能终端工程', '产业数字化', '工业互联网平台', '智慧农场建设']);
  });
  it('keeps a project row that is repeated once', () => {
    const p = planOf('duplicated-table.txt');
    expect(p.tasks.map((t) => t.title)).toEqual(['智慧医疗平台', '电子政务云', '公共WiFi']);
    expect(p.milestones.filter((m) => m.text === '完成平台建设')).toHaveLength(1);
  });
});
