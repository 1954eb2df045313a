/**
 * Plans nobody tuned the extractor on: every test builds a small plan in a form the seeds do not
 * use (run-together text, other responsibility notations, other numbering and bracket styles).
 */
import { describe, expect, it } from 'vitest';
import { extractPlan } from './extract-plan.ts';
import { runInHeadings } from './breaks.ts';
import { findResponsibility, readResponsibility } from './units.ts';
import { splitHeading } from './tasks.ts';

const flat = (lines: string[]) => lines.join('');

const PLAN = [
  '某市推进数据要素市场化改革实施方案',
  '一、总体要求',
  '（一）指导思想。以新时代思想为指导，统一、规范推进改革。',
  '（二）工作目标。到2025年，培育数据商100家，打造典型应用场景30个。',
  '二、重点任务',
  '（一）完善数据制度',
  '1.探索数据产权制度。开展数据产权登记试点。（市数据局、市发展改革委，各区人民政府）',
  '2.健全数据交易制度。制定交易规则。（市数据局牵头，市市场监管局、市金融局配合）',
  '（二）培育数据市场',
  '3.培育数据市场主体。引进数据商。（责任单位：市数据局、市商务局）',
  '4.建设数据交易平台。升级平台功能。（市数据局、市国资委等按职责分工负责）',
  '三、保障措施',
  '（一）加强组织领导。建立工作专班。',
];

describe('structure of run-together text', () => {
  it('recovers every heading when the line breaks are removed, and rejects 统一、 as a marker', () => {
    const lined = extractPlan(PLAN.join('\n'));
    const run = extractPlan(flat(PLAN));
    const titles = (p: typeof lined) => p.tasks.map((t) => t.title);
    expect(titles(lined)).toEqual(['探索数据产权制度', '健全数据交易制度', '培育数据市场主体', '建设数据交易平台']);
    expect(titles(run)).toEqual(titles(lined));
    expect(run.tasks.map((t) => [t.leadUnits, t.responsibleUnits])).toEqual(lined.tasks.map((t) => [t.leadUnits, t.responsibleUnits]));
    const text = flat(PLAN);
    expect(runInHeadings(text).some((p) => text.slice(p, p + 3) === '一、规')).toBe(false);
  });
  it('accepts other numbering and bracket styles: 1、 and (1) with half-width brackets', () => {
    const other = flat(PLAN).replace(/(\d)\./g, '$1、').replace(/（([一二三四五])）/g, '($1)');
    expect(extractPlan(other).tasks.map((t) => t.title)).toEqual(['探索数据产权制度', '健全数据交易制度', '培育数据市场主体', '建设数据交易平台']);
  });
  it('continues the document’s 一、二、三、 after a nested list took its 三、', () => {
    const text = flat([
      '一、总体要求。到2025年建成平台。',
      '二、重点任务（一）发展数字产业。建设产业园区。（二）建设数字政府。推进数据共享。',
      '专栏：重点工程一、数据工程——建设平台。二、算力工程——建设中心。三、网络工程——建设基站。四、应用工程——开展示范。',
      '三、保障措施（一）加强组织领导。建立工作专班。（二）强化资金保障。统筹专项资金。',
    ]);
    expect(runInHeadings(text)).toContain(text.indexOf('三、保障措施'));
  });
  it('does not split numbers inside numbers (2.5%, 第3.)', () => {
    expect(runInHeadings('增长2.5%以上，完成第3.阶段。')).toEqual([]);
  });
});

// Projects whose sub-items are marked only by starting a paragraph (seed 002's layout, other words).
const PROJECTS = [
  '某市数字经济发展实施方案',
  '一、重点工程',
  '（一）数字产业培育工程。培育软件企业，支持本地软件企业做大做强，推动自主软件产品进入制造、能源、交通等重点行业规模应用。',
  '建设产业园区。统筹规划全市数字产业园区布局，完善园区基础设施和公共服务平台。',
  '壮大数据服务业。引进数据标注、数据清洗等专业服务企业，培育本地数据服务市场主体。',
  '（二）智慧民生示范工程。开展“智慧医院”示范试点，推进医疗数据共享，完善医院管理和服务信息系统，优化医院诊疗服务流程。普及应用电子健康档案，推广远程医疗服务。',
  '开展“智慧校园”、“智慧社区”等示范试点。推进教育信息化平台建设，完善社区服务信息平台功能。',
  '建设全市统一的社会保障信息服务体系。建立就业信息服务平台，推进社保业务全市通办。',
  '（三）数字园区提升工程。依托龙头企业，推进园区数字化改造，完善园区公共服务平台。推动园区企业上云。',
];

describe('sub-items marked only by a paragraph start', () => {
  const subs = (lines: string) => extractPlan(lines).tasks.map((t) => t.title);
  it('finds the same sub-items with and without the line breaks', () => {
    const lined = subs(PROJECTS.join('\n'));
    expect(lined).toEqual([
      '数字产业培育工程',
      '培育软件企业',
      '建设产业园区',
      '壮大数据服务业',
      '智慧民生示范工程',
      '开展“智慧医院”示范试点',
      '开展“智慧校园”、“智慧社区”等示范试点',
      '建设全市统一的社会保障信息服务体系',
      '数字园区提升工程',
    ]);
    // Run together: the first clause after a project heading opens a paragraph, confirmed by its
    // siblings; an enumerated title is a sibling when it opens and closes like the first one.
    expect(subs(flat(PROJECTS))).toEqual(lined);
  });
  it('does not take a coverb clause ("依托龙头企业，…") or two-clause prose for a sub-item', () => {
    // The last project above opens with a coverb clause and keeps its one paragraph; two-clause
    // sentences written to one rhythm are how real plans write a body too.
    const prose = flat([
      ...PROJECTS.slice(0, 2),
      '（一）数据交易场所建设工程。探索制定数据交易规则，鼓励数据商进场交易。探索建立公共服务组织参与数据交易的管理规范，支持数据交易场所做强做优。',
      '（二）数据安全保障工程。推进数据分类分级保护，促进数据安全流通。建立数据安全风险评估机制，加强个人信息保护和企业数据保护。',
    ]);
    expect(subs(prose)).toEqual(['数据交易场所建设工程', '数据安全保障工程']);
  });
});

describe('responsibility notations', () => {
  it('reads an unlabelled list after the item as responsible units', () => {
    expect(findResponsibility('开展试点。（市数据局、市发展改革委，各区人民政府）')).toMatchObject({
      lead: [],
      responsible: ['市数据局', '市发展改革委', '各区人民政府'],
    });
  });
  it('reads A牵头，B配合 and A、B按职责分工负责 inside a bracket', () => {
    expect(readResponsibility('市数据局牵头，市市场监管局、市金融局配合')).toMatchObject({ lead: ['市数据局'], responsible: ['市市场监管局', '市金融局'] });
    expect(readResponsibility('自治区大数据发展局牵头；自治区国资委等按职责分工负责')).toMatchObject({ lead: ['自治区大数据发展局'], responsible: ['自治区国资委'] });
    expect(readResponsibility('市数据局，市国资委等按职责分工负责')).toMatchObject({ lead: ['市数据局', '市国资委'], responsible: [] });
  });
  it('reads labels with a deadline in the same bracket, and labels other than 牵头单位/责任单位', () => {
    expect(readResponsibility('牵头部门：市工信局；配合部门：市财政局；完成时限：2024年6月底')).toMatchObject({
      lead: ['市工信局'],
      responsible: ['市财政局'],
      dueText: '2024年6月底',
    });
  });
  it('ignores a bracket of prose and a distribution note', () => {
    expect(findResponsibility('面向各类主体（行政事业单位、本地企业、互联网企业）开放数据。')).toBeNull();
    expect(findResponsibility('青海省人民政府（发至县人民政府）')).toBeNull();
  });
  it('makes an item of 保障措施 a task when it names its units', () => {
    const p = extractPlan(PLAN.join('\n') + '\n（二）加大资金支持。统筹专项资金。（市财政局、市数据局）');
    expect(p.tasks.map((t) => t.title)).toContain('加大资金支持');
    expect(p.tasks.map((t) => t.title)).not.toContain('加强组织领导');
  });
});

describe('task titles', () => {
  it('cuts a heading that runs into its body', () => {
    expect(splitHeading('通信基础设施提升工程持续增加光缆出省方向，提高网络承载能力。', 'num').title).toBe('通信基础设施提升工程');
    expect(splitHeading('指导思想以习近平新时代中国特色社会主义思想为指导，全面贯彻。', 'paren-cn').title).toBe('指导思想');
    expect(splitHeading('培育和打造立足本省、面向全国的数据中心。依托优势。', 'num').title).toBe('培育和打造立足本省、面向全国的数据中心');
  });
  it('takes the first clause, not the whole sentence', () => {
    expect(splitHeading('加强数据安全保障，建立健全数据安全管理制度，落实数据分类分级保护要求，提升安全防护能力水平。', 'num').title).toBe('加强数据安全保障');
  });
});

describe('number phrases and dates', () => {
  const GOALS = [
    '某省推进大数据产业发展三年行动计划（2023-2025年）',
    '一、发展目标',
    '产业规模不断扩大。到2025年，争创1-2个国家级示范基地，重点培育3至5个省级产业基地。',
    '产业生态基本成型。培育省级示范企业200家，每年举办对接活动2次以上。',
    '二、重点任务',
    '12.新增数据中心机架1万架。全力推动千兆光网全面部署，家庭用户普遍具备千兆接入能力。6月底前出台实施细则。（牵头单位：省工信厅）',
  ].join('\n');
  const plan = extractPlan(GOALS);
  const t = (value: number, unit: string) => plan.targets.find((x) => x.value === value && x.unit === unit);
  it('keeps both bounds of a range (value = lower bound, valueMax = upper)', () => {
    expect(t(1, '个')).toMatchObject({ valueMax: 2, comparator: '>=' });
    expect(t(3, '个')).toMatchObject({ valueMax: 5, comparator: '>=' });
  });
  it('gives the goals section date to goals written without one, and counts in 次', () => {
    expect(t(200, '家')).toMatchObject({ deadline: '2025' });
    expect(t(2, '次')).toBeDefined();
  });
  it('does not read an item number into the indicator, nor 千兆光网 as a bandwidth target', () => {
    expect(t(1, '万架')?.indicator).not.toMatch(/^12/);
    expect(plan.targets.filter((x) => x.unit === 'Mbps').map((x) => x.text)).toEqual(['家庭用户普遍具备千兆接入能力']);
  });
  it('dates 6月底前 in the plan’s year and makes one milestone per goals paragraph', () => {
    expect(plan.milestones.map((m) => m.due)).toEqual(expect.arrayContaining(['2025', '2025']));
    expect(plan.milestones.filter((m) => m.due === '2025').map((m) => m.text.slice(0, 8))).toEqual(['产业规模不断扩大', '产业生态基本成型']);
    expect(plan.milestones.some((m) => /^20\d\d-06$/.test(m.due) && m.text.includes('出台实施细则'))).toBe(true);
  });
});

describe('sections', () => {
  it('a 一、 section with its own paragraph of work is a task, titled where the heading meets the body', () => {
    const p = extractPlan(['某省若干政策措施', '一、加快推进数字产业发展发展培育电子信息制造、软件、互联网等数字产业，聚焦引进行业领军企业。', '1.培育壮大数字产业企业。鼓励出台招商政策。（责任单位：省商务厅）', '2.支持园区建设。给予优先支持。（责任单位：省财政厅）'].join('\n'));
    expect(p.tasks.map((x) => x.title)).toEqual(['加快推进数字产业发展', '培育壮大数字产业企业', '支持园区建设']);
  });
});

describe('annexes', () => {
  const PLAN = [
    '某区数据基础制度工作方案',
    '一、工作任务',
    '（一）探索数据产权制度。开展登记试点。（区数据局、区发展改革委牵头；区各有关单位按职责分工负责）',
    '（二）创新数据治理机制。开展首席数据官试点。（区数据局牵头；区财政局等按职责分工负责）',
    '二、保障措施',
    '（一）加强组织领导。组建工作专班。',
    '附件：任务清单',
    '序号任务主要措施牵头单位配合单位1建立研究验证场景1．开展6个公共数据授权运营场景试点。区数据局区财政局、区交通局2．开展2个企业数据授权运营场景试点。区数据局、区发展改革委3．开展首席数据官试点。区数据局各街道办事处',
  ].join('\n');
  it('keeps the annex out of the last section and reads run-together table cells (lead cell, then 配合 cell)', () => {
    const plan = extractPlan(PLAN);
    const annex = plan.tasks.filter((t) => t.section?.startsWith('附件'));
    expect(annex.map((t) => [t.title, t.leadUnits, t.responsibleUnits])).toEqual([
      ['开展6个公共数据授权运营场景试点', ['区数据局'], ['区财政局', '区交通局']],
      ['开展2个企业数据授权运营场景试点', ['区数据局', '区发展改革委'], []],
      ['开展首席数据官试点', ['区数据局'], ['各街道办事处']],
    ]);
    expect(plan.tasks.some((t) => t.section?.startsWith('二、'))).toBe(false);
  });
});

describe('reporting duties', () => {
  const duties = (s: string) => extractPlan(`某市工作方案\n一、工作要求\n（一）加强调度。${s}`).reporting.map((r) => [r.frequency, r.what, r.by]);
  it('never takes the verb for the reporter ("建立…报送机制")', () => {
    expect(duties('建立月度工作情况报送机制，及时掌握进展。')).toEqual([['monthly', '工作情况', null]]);
  });
  it('reads 每季度末 and "将X报送Y" (X is the report, not Y)', () => {
    expect(duties('各成员单位于每季度末将工作推进情况报送市发展改革委。')).toEqual([['quarterly', '工作推进情况', '各成员单位']]);
  });
  it('reads 每半年…一次', () => {
    expect(duties('各县区每半年报送一次工作进展情况。')).toEqual([['semiannual', '工作进展情况', '各县区']]);
  });
});

describe('the plan period', () => {
  it('is read from the text when the title does not state it', () => {
    expect(extractPlan('某市数字经济实施方案\n为推动发展，制定本方案。到2027年，数字经济核心产业增加值占比达到12%。\n一、重点任务\n1.建设平台。\n2.培育企业。\n某市人民政府\n2024年3月1日').period).toEqual({ start: 2024, end: 2027 });
    expect(extractPlan('某省若干政策措施\n一、支持措施\n1.支持上云。\n本政策措施自印发之日起施行，有效期至2026年12月31日。\n某省人民政府\n2023年5月8日').period).toEqual({ start: 2023, end: 2026 });
    expect(extractPlan('某州2014年信息消费工作实施方案\n一、主要任务\n1.建设网络。5月底完成。').period).toEqual({ start: 2014, end: 2014 });
  });
});

describe('responsibility in prose', () => {
  it('reads "X履行…主体责任" as X leading, and never takes "鼓励企业" for a unit', () => {
    const p = extractPlan(['某省行动计划', '一、重点任务', '1.数据要素招商行动。各市县、园区履行数据要素招商主体责任，开展招商活动。', '2.标准制定行动。鼓励企业牵头或参与制定数字产业相关标准。'].join('\n'));
    expect(p.tasks.map((t) => [t.title, t.leadUnits])).toEqual([
      ['数据要素招商行动', ['各市县', '园区']],
      ['标准制定行动', []],
    ]);
  });
});

describe('loosely structured texts and money', () => {
  it('makes "在X方面，…" paragraphs the tasks of a text with no numbered items', () => {
    const p = extractPlan('《2024年某市数字经济工作要点》正式印发\n记者了解到，工作要点提出了6个方面重点任务。\n在数字基础设施建设方面，《工作要点》提出要提升网络能级。\n在推进数据资源开发利用方面，《工作要点》部署了多项工作。');
    expect(p.tasks.map((t) => t.title)).toEqual(['数字基础设施建设', '推进数据资源开发利用']);
  });
  it('gives a city paragraph’s planned total to the city, and reads a threshold of support as no investment', () => {
    const p = extractPlan(['某省工作方案', '一、重点任务', '1.培育算力服务市场。推进项目建设。（省工信厅，各市州政府）', '西宁市：主要建设京东数字产业园等34个项目，计划总投资176.92亿元。', '海东市：主要建设城市数据湖等9个项目，计划总投资71.01亿元。', '2.支持产业发展。对项目投资额2000万元以上的，给予补助。（省财政厅）'].join('\n'));
    expect(p.investments.map((i) => [i.unit, i.amount, i.currency])).toEqual([
      ['西宁市', 176.92, '亿元'],
      ['海东市', 71.01, '亿元'],
    ]);
  });
});

describe('metadata of run-together documents', () => {
  it('reads the 文号 after a title run into it and the date of a one-line signature', () => {
    const p = extractPlan('某省人民政府办公厅关于印发某省数据工作方案的通知\n某省人民政府办公厅关于印发某省数据工作方案的通知某政办〔2022〕76号各市人民政府：现印发给你们。某省人民政府办公厅2022年9月9日（此件公开发布）某省数据工作方案一、重点任务1.建设平台。开展建设。2.培育企业。引进企业。');
    expect(p.docNumber).toBe('某政办〔2022〕76号');
    expect(p.issuedOn).toBe('2022-09-09');
  });
  it('does not read a project’s own "2年内" as a deadline of the plan', () => {
    const p = extractPlan('某省工作方案\n到2025年，建成数据中心集群。\n一、重点任务\n1.规范项目建设。新建数据中心项目2年内一期投运。\n2.培育企业。引进企业。\n某省人民政府\n2022年9月9日');
    expect(p.milestones.map((m) => m.due)).not.toContain('2023');
  });
});

describe('rules of support are not goals', () => {
  it('does not read "给予…补助，最高不超过200万元" or "按投资额的10%给予补助" as targets', () => {
    const p = extractPlan(['某省若干政策措施', '一、支持措施', '1.支持企业上云。对上云企业给予补助，单个企业最高不超过200万元。（责任单位：省工信厅）', '2.支持项目建设。按项目实际完成投资额的10%给予补助。到2025年，上云企业达到1万家。（责任单位：省财政厅）'].join('\n'));
    expect(p.targets.map((t) => [t.value, t.unit])).toEqual([[1, '万家']]);
  });
});

describe('counts inside a subject', () => {
  it('reads "全省70家省级单位业务系统上云率达到95%" as one goal (95%), not a count of 70', () => {
    const p = extractPlan(['某省工作方案', '一、工作目标', '到2025年，全省70家省级单位业务系统上云率达到95%。'].join('\n'));
    expect(p.targets.map((t) => [t.value, t.unit])).toEqual([[95, '%']]);
  });
});

describe('the day a plan takes effect', () => {
  it('is a milestone, even right after the last item’s unit bracket', () => {
    const p = extractPlan(['某省工作方案', '一、重点任务', '1.建设平台。推进平台建设。(省工信厅，各市州政府)本方案自2022年10月8日起施行。'].join('\n'));
    expect(p.milestones.map((m) => [m.due, m.text])).toEqual([['2022-10-08', '本方案自施行']]);
    expect(p.tasks[0].responsibleUnits).toEqual(['省工信厅', '各市州政府']);
  });
});
