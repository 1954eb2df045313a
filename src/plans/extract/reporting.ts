/**
 * Reporting duties: 按月填报…报表, 按季上报, 每季度(4月8日、7月8日、10月8日前)报送…小结,
 * 年底12月18日报送总结, 定期报送. Two duties of the same frequency in one passage are one duty
 * spelled out twice ("按季上报总结。每季度(…前)报送工作推进情况小结").
 */
import type { Frequency, ReportingDuty } from './types.ts';
import { isUnitName } from './units.ts';

const REPORT_VERB = /(报送|上报|填报|呈报|报告|提交|汇报)/;
const pad = (n: string) => n.padStart(2, '0');

function frequencyOf(s: string): Frequency | null {
  if (/按月|每月|月度|每个月/.test(s)) return 'monthly';
  if (/按季|每季|季度|季末/.test(s)) return 'quarterly';
  if (/每半年|半年度|上半年和下半年/.test(s)) return 'semiannual';
  if (/每年|年度|年底|年终|全年|年末/.test(s)) return 'annual';
  if (/定期/.test(s)) return 'unspecified';
  if (/(?:19|20)\d{2}年\d{1,2}月\d{1,2}日前/.test(s)) return 'once';
  return null;
}

export function extractReporting(text: string, regions: [number, number][]): ReportingDuty[] {
  const out: ReportingDuty[] = [];
  for (const [rs, re] of regions) {
    const para = text.slice(rs, re);
    const found: ReportingDuty[] = [];
    let by: string | null = null;
    const clauseRe = /[^，,。；;\n]+(?:[（(][^)）]*[)）][^，,。；;\n]*)*/g;
    let m: RegExpExecArray | null;
    while ((m = clauseRe.exec(para))) {
      const clause = m[0];
      const v = REPORT_VERB.exec(clause);
      if (!v) continue;
      const freq = frequencyOf(clause);
      if (!freq) continue;
      if (/发布|公布|通报/.test(clause.slice(0, v.index))) continue;
      const freqM = /按月|每月|月度|按季度?|每季度?|季度|每半年|每年|年度|年底|年终|年末|定期/.exec(clause);
      const subj = clause.slice(0, freqM ? freqM.index : v.index).replace(/^(?:请|由|要求|各级)?/, '').replace(/(?:要|应|须|必须|需|于|在|均|按时|及时)+$/, '').trim();
      // The reporter is a unit ("各县区", "市数据局"), never the verb of a sentence ("建立…报送机制").
      if (subj && !/\d/.test(subj) && (isUnitName(subj) || /^各[\u4e00-\u9fa5]{1,10}$/.test(subj))) by = subj;
      // "将X报送Y": X is the report, Y the recipient.
      const jiang = /将(.{2,30}?)(?:报送|上报|报告|提交|汇报|呈报)/.exec(clause);
      let what = (jiang ? jiang[1] : clause.slice(v.index + v[0].length).replace(/^(?:一次|1次)?(?:的|相关|有关)?/, '')).trim();
      // "建立月度工作情况报送机制": the report is named before the verb.
      if (/^(?:机制|制度|工作机制)$/.test(what) && freqM) what = clause.slice(freqM.index + freqM[0].length, v.index).trim() || what;
      if (!what) continue;
      const due = [...clause.matchAll(/(?<!\d年)(\d{1,2})月(\d{1,2})日/g)]
        .filter((d) => !/(?:19|20)\d{2}年$/.test(clause.slice(0, d.index)))
        .map((d) => `${pad(d[1])}-${pad(d[2])}`);
      const abs = rs + m.index;
      found.push({ what, frequency: freq, due, by, text: clause.trim(), span: [abs, abs + clause.length] });
    }
    // Merge a duty that is only restated with its due days.
    for (const f of found) {
      const same = out.find((o) => o.frequency === f.frequency && o.span[0] >= rs);
      if (!same) out.push(f);
      else if (!same.due.length && f.due.length) {
        same.what = f.what;
        same.due = f.due;
        same.text = `${same.text}。${f.text}`;
        same.span = [same.span[0], f.span[1]];
      }
    }
  }
  return out;
}
