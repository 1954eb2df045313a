/**
 * Quantitative targets: a number with a unit of measure that the plan commits to reach.
 *
 * Grammar covered: "SUBJECT 达到/超过/不低于 N UNIT (以上)", "建成 N 家 OBJECT", "N% 的 OBJECT",
 * "SUBJECT…率 N%" and "A和B SUBJECT 分别达到 X和Y". A clause whose subject is only a place
 * ("市级城市达到90%", "其中部分城市达到100Mbps") borrows the indicator of the preceding target.
 */
import type { Comparator, Target } from './types.ts';
import type { DateIndex } from './deadlines.ts';
import { dateInSentence, governingDate } from './deadlines.ts';
import { chineseNumber, clauseEnd, clauseStart, dice, insideQuotes, sentenceEnd, sentenceStart } from './text.ts';

// Units of measure. Order matters: longer spellings first.
const UNIT =
  '(?:万亿元|千亿元|亿元|千万元|百万元|万元|元|个百分点|%|‰|Mbps|Gbps|Mb\\/s|MB|M(?![A-Za-z])|千兆|兆(?!瓦|比特)|兆比特\\/秒|亿千瓦时|万千瓦时|千瓦时|万千瓦|千瓦|兆瓦|万平方米|平方米|平方公里|公顷|万亩|亩|公里|千米|万人次|人次|万人|万户|户|万家|家|个|所|名|人|亿条|万条|条|座|项|台|套|张|吨|万吨|件|种|处|支|辆|部|间|栋|床|册|场|万架|架|款|期|次)';
const NUM = '(\\d+(?:\\.\\d+)?|[一二两三四五六七八九十百千]+)';
const QTY_RE = new RegExp(`${NUM}\\s*(?:多|余)?(?:千万|百万|万|亿)?${UNIT}`, 'g');
// "千兆接入能力" is a bandwidth; "千兆光网", "双千兆网络" name a kind of network.
const STANDALONE_BW = /(?<![\d一二三四五六七八九十百双])(千兆|万兆|百兆)(?=[到骨干带宽接入以上])/g;

const GOAL_VERB =
  /达到|达|超过|突破|不低于|不少于|不小于|不超过|不高于|控制在|至少|提高到|提升到|提高至|增加到|增至|降低到|降至|力争|建成|建设|搭建|培育|打造|新建|新增|设立|组织|完成|实施|部署|开展|实现|配备|覆盖|引进|创建|扶持|发展|形成|接入|培训|认定|保持|评选|遴选|争创|举办|布局|推广|上线|带动|招引|落地|上架/;
const MONEY = /元$/;
const INVEST = /投资|投入|出资|资金|补助|奖励|补贴|资助|经费|拨付|筹措/;
const NOT_COUNT_NOUN = /^(?:方面|部分|类|层次|级|大类|环节|阶段|步|批次|领域|年|月|日|倍|方式|原则|重点|任务|措施|功能|统一|联网|网上|主线|课堂|平台建设)/;
const PLACE = /^(?:其中)?(?:全省|全市|全州|全县|全区|全国|城市|农村|城镇|乡村|部分城市|[\u4e00-\u9fa5]{0,4}(?:城市|地区|县|市|州|区|镇|村|省))$/;
const LEAD_TRIM =
  /^(?:实现|其中|同时|并|并且|且|使|使得|推动|确保|力争|争取|基本|初步|逐步|进一步|全面|要|将|我市|我省|我州|我区|我县|到|至|在|于)+/;
const TAIL_TRIM = /(?:基本|均|普遍|要|将|力争|争取|可|能|整体|总体|已|达|的|都|全部|稳定|分别|逐步|进一步)+$/;

interface Hit {
  start: number;
  end: number;
  value: number;
  valueMax?: number;
  unit: string;
  raw: string;
}

function normUnit(u: string, before: string): string {
  if (u === 'M' || u === '兆' || u === 'MB' || u === 'Mb/s' || u === '兆比特/秒') return 'Mbps';
  if (u === '千兆') return 'Mbps';
  if (u === '名') return '人';
  if (u === '‰') return '‰';
  void before;
  return u;
}

function cleanSubject(s: string): string {
  let t = s.replace(/(?:力争|争取)?(?:到|至|在|于)?(?:19|20)\d{2}\s*年(?:年底|底|末)?(?:\d{1,2}月(?:底)?)?(?:前|之前|以前)?/g, '');
  t = t.replace(/^[\s，,：:;；、]+/, '');
  // An item number is not part of what is measured ("12.新增…").
  t = t.replace(/^(?:\d{1,2}[.、．](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)/, '');
  for (let i = 0; i < 3; i++) t = t.replace(LEAD_TRIM, '').replace(TAIL_TRIM, '');
  return t.replace(/[（(]\s*$/, '').trim();
}

function comparatorFor(pre: string, post: string, value: number, unit: string): Comparator {
  if (/(?:不低于|不少于|不小于|(?<!不)超过|突破|至少)\s*(?:达到|达)?\s*(?:约)?\s*$/.test(pre)) return '>=';
  if (/^\s*(?:多|余)?[^，。；;]{0,3}?(?:以下|以内|之内)/.test(post) || /(?:不超过|不高于|控制在|低于|少于|降低到|降至|以内)\s*$/.test(pre)) return '<=';
  if (/^\s*(?:[^，。；;]{0,3}?)(?:以上|及以上|多)/.test(post) || /(?:不低于|不少于|不小于|(?<!不)超过|突破|至少|力争|争取)\s*(?:达到|达)?\s*$/.test(pre)) return '>=';
  if (/左右/.test(post.slice(0, 6)) || /约\s*$/.test(pre)) return '=';
  if (/(?:达到|达|提高到|提升到|增加到|增至)\s*$/.test(pre)) return unit === '%' && value === 100 ? '=' : '>=';
  return '=';
}

export interface TargetContext {
  text: string;
  regions: [number, number][];
  dates: DateIndex;
  /** The date a goals section (工作目标, 发展目标) sets once for all its goals ("到2025年，…"). */
  goalDate?: (pos: number) => string | null;
}

export function extractTargets(ctx: TargetContext): Target[] {
  const { text } = ctx;
  const out: Target[] = [];
  for (const [rs, re] of ctx.regions) {
    const hits: Hit[] = [];
    const para = text.slice(rs, re);
    QTY_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = QTY_RE.exec(para))) {
      const raw = m[1];
      const unitRaw = m[0].slice(m[0].indexOf(raw) + raw.length).replace(/^\s*(?:多|余)?/, '');
      const baseUnit = unitRaw.replace(/^(?:千万|百万|万|亿)(?=.)/, '');
      let abs = rs + m.index;
      // A range "3至5个", "1-2个", "2—3户": the lower bound is the value, the upper one valueMax.
      const range = /\d/.test(raw) ? /(\d+(?:\.\d+)?)\s*[-—–~～至到]\s*$/.exec(text.slice(Math.max(rs, abs - 10), abs)) : null;
      let lower: number | null = null;
      if (range && Number(range[1]) < Number(raw) && !/[\d.]/.test(text[abs - range[0].length - 1] ?? '')) {
        lower = Number(range[1]);
        abs -= range[0].length;
      }
      const prevCh = lower != null ? '' : (text[abs - 1] ?? '');
      if ((/[\d.\-\/_~]/.test(prevCh) || prevCh === '第') || (/[A-Za-z]/.test(prevCh) && !/(?:Mbps|Gbps|M|G)$/.test(text.slice(Math.max(0, abs - 4), abs)))) continue;
      if (/(?:多|余)/.test(m[0].slice(raw.length, raw.length + 2))) continue;
      const isCn = !/\d/.test(raw);
      if (isCn && !/^[个家所条项座]$/.test(unitRaw)) continue;
      if (baseUnit !== unitRaw && /^(?:Mbps|Gbps|M|MB|%|‰|个百分点|兆)$/.test(baseUnit)) continue;
      const value = chineseNumber(raw);
      if (!Number.isFinite(value)) continue;
      if (insideQuotes(text, abs, Math.max(rs, abs - 400))) continue;
      const matchEnd = rs + m.index + m[0].length;
      const after = text.slice(matchEnd, matchEnd + 8);
      if (unitRaw === 'M' && !/^(?:带宽|以上|及以上|[)）和、，,；;。]|$|bps)/.test(after) && !/带宽|宽带|接入|出口/.test(text.slice(clauseStart(text, abs, rs), abs))) continue;
      if (/^(?:个|家|所|条|项|座|处|种|部|间|件)$/.test(unitRaw) && NOT_COUNT_NOUN.test(after)) continue;
      if (/^[个项]$/.test(unitRaw) && /^(?:“|")/.test(after)) continue;
      // "四个千亿元产业": a count of things that are themselves quantities.
      if (/^(?:个|家|所|条|项|座|处|种)$/.test(unitRaw) && /^[\d一二三四五六七八九十百千万亿]/.test(after)) continue;
      const end = rs + m.index + m[0].length;
      hits.push(lower != null ? { start: abs, end, value: lower, valueMax: value, unit: normUnit(unitRaw, ''), raw: text.slice(abs, end) } : { start: abs, end, value, unit: normUnit(unitRaw, ''), raw: m[0] });
    }
    STANDALONE_BW.lastIndex = 0;
    while ((m = STANDALONE_BW.exec(para))) {
      const v = m[1] === '千兆' ? 1000 : m[1] === '万兆' ? 10000 : 100;
      hits.push({ start: rs + m.index, end: rs + m.index + m[0].length, value: v, unit: 'Mbps', raw: m[0] });
    }
    hits.sort((a, b) => a.start - b.start);

    let prevSentenceDated: { sentence: number; deadline: string | null } | null = null;
    let lastInSentence: { sentence: number; indicator: string; scope: string | null } | null = null;
    const seenInClause = new Map<number, number>();
    for (const h of hits) {
      const cs = clauseStart(text, h.start, rs);
      const ce = clauseEnd(text, h.end, re);
      const ss = sentenceStart(text, h.start, rs);
      const clause = text.slice(cs, ce);
      const pre = text.slice(cs, h.start);
      const post = text.slice(h.end, ce);
      const sentenceBefore = text.slice(ss, h.start);
      const isMoney = MONEY.test(h.unit);
      // "全省70家省级单位业务系统上云率达到95%": a count inside the subject of the goal that follows.
      const later = hits.find((x) => x.start > h.end && x.start < ce);
      if (later && /达到|超过|突破|不低于|不少于|提高到|提升到|控制在/.test(text.slice(h.end, later.start)) && !/[，,、和及（(]|其中/.test(text.slice(h.end, later.start))) continue;
      if (isMoney && (INVEST.test(clause) || !/达到|超过|突破|实现|力争|规模|交易额|产值|收入|总额|增加值|营业/.test(clause))) continue;
      // A standard of support ("给予…补助，最高不超过200万元", "按投资额的10%给予补助") is a rule, not a goal.
      const sentence = text.slice(ss, sentenceEnd(text, h.end, re));
      if ((isMoney || h.unit === '%') && /给予|补助|奖励|补贴|贴息|资助/.test(sentence) && /最高|不超过|给予|按/.test(sentence)) continue;
      if (isMoney && /投资|投入/.test(sentenceBefore.slice(-12))) continue;
      const verbNear = GOAL_VERB.test(clause) || GOAL_VERB.test(sentenceBefore);
      const rateBefore = /(?:率|比例|比重|占比|覆盖率|普及率)\s*(?:达到|达|为)?\s*(?:约)?$/.test(pre);
      if (h.unit === '%' || h.unit === '个百分点') {
        if (!verbNear && !rateBefore && !/以上|以下/.test(post.slice(0, 4)) && !/(?:增长|提高|下降|降低|减少)\s*$/.test(pre)) continue;
      } else if (!verbNear) continue;

      // Indicator and scope.
      const verbM = /(?:分别)?(?:基本|均|可|将|要|能|年均|平均)?(?:增长|提高|下降|降低|减少|达到|达|为|超过|突破|不低于|不少于|不小于|不超过|不高于|控制在|至少|提高到|提升到|提高至|增加到|增至|降低到|降至)\s*(?:约)?\s*$/.exec(pre);
      let indicator = '';
      let scope: string | null = null;
      const postNoun = post.replace(/^\s*(?:以上|及以上|以下|左右|多)?\s*(?:的)?/, '');
      // When several quantities share a clause ("2个以上大数据中心，2个左右…和1个…") each takes the noun after it.
      const nextHitInClause = hits.find((x) => x.start > h.start && x.start < ce);
      const nounEnd = nextHitInClause ? Math.min(postNoun.length, Math.max(0, nextHitInClause.start - (ce - postNoun.length))) : postNoun.length;
      let noun = postNoun.slice(0, nounEnd).replace(/(?:和|及|以及|与|、)\s*$/, '').trim();
      noun = noun.replace(/(?:达到|达|超过|不低于).*$/, (x) => (h.unit === '%' ? x : '')).trim();
      const fenbie = /分别/.test(pre) ? pre.slice(0, pre.lastIndexOf('分别')) : null;
      const verbOnly = (x: string) => !x || new RegExp(`^(?:${GOAL_VERB.source})+$`).test(x);
      if (verbM && !(verbOnly(cleanSubject(pre.slice(0, verbM.index))) && noun && /[\u4e00-\u9fa5“]/.test(noun[0] ?? ''))) {
        const subj = cleanSubject(pre.slice(0, verbM.index));
        indicator = subj;
      } else if (rateBefore) {
        indicator = cleanSubject(pre.replace(/(?:达到|达|为)?\s*(?:约)?$/, ''));
      } else if (noun && /[\u4e00-\u9fa5“]/.test(noun[0] ?? '')) {
        indicator = noun;
        const prevHit = [...hits].reverse().find((x) => x.start < h.start && x.start >= cs);
        if (prevHit && lastInSentence) scope = lastInSentence.scope;
        else {
          const sc = cleanSubject(pre.replace(/(?:不少于|不低于|不小于|至少|约)\s*$/, '').replace(GOAL_VERB_TAIL, ''));
          scope = sc || null;
        }
        const en = enumerationNoun(text, hits, h, ce);
        if (en) {
          scope = en.scope;
          indicator = en.indicator;
        }
      } else {
        indicator = cleanSubject(pre.replace(GOAL_VERB_TAIL, ''));
      }
      // "的" joins a place to its measure: "自然村的光纤宽带…到达率".
      const de = /^([\u4e00-\u9fa5]{2,6})的(.+)$/.exec(indicator);
      if (de && !scope && PLACE.test(de[1])) {
        scope = de[1];
        indicator = de[2];
      }
      if (fenbie != null) {
        // "城市和农村X分别达到A和B": the i-th value goes to the i-th place.
        const subj = cleanSubject(fenbie);
        const k = seenInClause.get(cs) ?? 0;
        seenInClause.set(cs, k + 1);
        const am = /^(.{1,6}?)(?:和|与|、|及)(.+)$/.exec(subj);
        if (am) {
          const a = am[1];
          const rest = am[2];
          const b = rest.slice(0, a.length);
          const ind = rest.slice(a.length);
          scope = k === 0 ? a : b;
          indicator = ind;
        } else indicator = subj;
      }
      const ss2 = ss;
      if ((!indicator || PLACE.test(indicator) || /^比/.test(indicator)) && lastInSentence && lastInSentence.sentence === ss2) {
        if (/^比/.test(indicator)) indicator = '';
        scope = indicator || scope;
        indicator = lastInSentence.indicator;
      }
      if (!indicator) {
        // "建设村级信息服务站，到2016年建成200个以上": the object of the previous clause is counted.
        const pcs = clauseStart(text, Math.max(rs, cs - 1), rs);
        const prevClause = text.slice(pcs, Math.max(pcs, cs - 1)).replace(new RegExp(`^(?:${GOAL_VERB.source})+`), '');
        if (pcs < cs - 1 && prevClause.length >= 2 && prevClause.length <= 30 && !/\d/.test(prevClause)) indicator = prevClause;
      }
      if (!indicator) continue;
      // A bare subject ("站点不小于30M带宽…") is completed by what follows the quantity.
      if (indicator.length <= 3 && noun && !indicator.includes(noun) && /[\u4e00-\u9fa5A-Za-z]/.test(noun[0] ?? '')) indicator += noun;
      if (scope === '') scope = null;

      // Deadline: same sentence, else the previous dated sentence's, else a governing lead-in.
      let deadline: string | null = dateInSentence(ctx.dates, text, h.start)?.due ?? null;
      if (!deadline && prevSentenceDated && prevSentenceDated.sentence !== ss && prevSentenceDated.deadline && isNextSentence(text, prevSentenceDated.sentence, ss, rs)) {
        deadline = prevSentenceDated.deadline;
      }
      if (!deadline) deadline = governingDate(ctx.dates, h.start)?.due ?? null;
      if (!deadline && ctx.goalDate) deadline = ctx.goalDate(h.start);
      const comparator = fenbie != null ? comparatorFor(pre, text.slice(h.end, ce).replace(/^[^以]*(?=以上|以下)/, ''), h.value, h.unit) : comparatorFor(pre, post, h.value, h.unit);
      const tStart = cs;
      const tEnd = ce;
      out.push({
        indicator: indicator.slice(0, 60),
        scope,
        value: h.value,
        ...(h.valueMax != null ? { valueMax: h.valueMax } : {}),
        unit: h.unit,
        comparator: h.valueMax != null ? '>=' : comparator,
        deadline,
        text: text.slice(tStart, tEnd).trim(),
        span: [tStart, tEnd],
      });
      lastInSentence = { sentence: ss, indicator, scope };
      if (dateInSentence(ctx.dates, text, h.start)) prevSentenceDated = { sentence: ss, deadline };
    }
  }
  return dedupeTargets(out);
}

const GOAL_VERB_TAIL = /(?:建成|建设|搭建|培育|打造|新建|新增|设立|组织|完成|实施|部署|开展|实现|配备|覆盖|引进|创建|扶持|发展|形成|接入|培训)(?:约|不少于|不低于)?\s*$/;

const PLACE_ITEM = /^(省本级|省级|市级|县级|[省市州县区乡镇村](?:[（(][^)）]*[)）])?)/;

/**
 * "1个省本级、8个市(州)、46个县(市、区)业务经办服务点": items of an enumeration that are places
 * share the head noun written after the last item.
 */
function enumerationNoun(text: string, hits: Hit[], h: Hit, clauseEndPos: number): { scope: string; indicator: string } | null {
  const inClause = hits.filter((x) => x.start >= h.start - 200 && x.start < clauseEndPos && /^[个家所]/.test(x.unit));
  const i = inClause.indexOf(h);
  if (i < 0 || inClause.length < 2) return null;
  // The enumeration is the run of hits joined only by 、/和/及.
  let last = i;
  while (last + 1 < inClause.length && /^[^，,。；;\d]{0,16}[、和及]$/.test(text.slice(inClause[last].end, inClause[last + 1].start))) last++;
  if (last === i && i === 0) return null;
  const tailStart = inClause[last].end;
  const tail = text.slice(tailStart, clauseEndPos);
  const own = text.slice(h.end, i < last ? inClause[i + 1].start : clauseEndPos).replace(/[、和及]$/, '');
  const pm = PLACE_ITEM.exec(own);
  if (!pm || pm[0].length !== own.trim().length) return null;
  const lastPlace = PLACE_ITEM.exec(tail);
  const head = lastPlace ? tail.slice(lastPlace[0].length) : tail;
  if (!head || head.length < 2) return null;
  return { scope: pm[1], indicator: head.trim() };
}

/** True when sentence b directly follows sentence a (nothing but one boundary between them). */
function isNextSentence(text: string, a: number, b: number, floor: number): boolean {
  if (b <= a) return false;
  // Only a full stop continues the topic; a semicolon starts a parallel, separately dated clause.
  if (text[b - 1] !== '。') return false;
  const prevStart = sentenceStart(text, b - 1, floor);
  return prevStart === a;
}

/** The same commitment repeated (a summary table restating the goals) is kept once. */
function dedupeTargets(ts: Target[]): Target[] {
  const out: Target[] = [];
  const buckets = new Map<string, Target[]>();
  const exact = new Set<string>();
  for (const t of ts) {
    const ek = `${t.value}|${t.unit}|${t.deadline}|${t.scope}|${t.indicator}`;
    if (exact.has(ek)) continue;
    exact.add(ek);
    const key = `${t.value}|${t.unit}|${(t.deadline ?? '').slice(0, 4)}`;
    const bucket = buckets.get(key) ?? [];
    buckets.set(key, bucket);
    const dup = bucket.find(
      (o) => o.value === t.value && o.unit === t.unit && (o.deadline ?? '').slice(0, 4) === (t.deadline ?? '').slice(0, 4) &&
        dice(`${o.scope ?? ''}${o.indicator}`, `${t.scope ?? ''}${t.indicator}`) >= 0.6 && o.span[0] !== t.span[0],
    );
    if (!dup) {
      out.push(t);
      bucket.push(t);
    }
  }
  return out;
}
