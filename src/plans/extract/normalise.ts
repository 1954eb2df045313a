/**
 * Text normalisation applied before any parsing. Every span the extractor reports points into the
 * string returned here, so the UI highlights exactly what the parser saw.
 *
 * Why each step exists:
 * - PDF and Word exports often emit CJK *radical* code points (⻓ U+2ED3) that look identical to the
 *   ideograph (长 U+957F) but never match a dictionary word or regex.
 * - Full-width digits and Latin letters (２０１６, ％, Ｍｂｐｓ) would defeat number parsing. CJK
 *   punctuation (，：（）) is left alone because names are compared "as written".
 * - Web scrapes insert spaces around numbers ("到 2015 年") and use runs of spaces as paragraph
 *   breaks; a single space between two ideographs is kept because lists of people rely on it.
 */

// CJK Radicals Supplement (U+2E80–U+2EFF) → unified ideograph. NFKC only covers two of these.
const SUPPLEMENT: Record<number, string> = {
  0x2e81: '厂', 0x2e85: '亻', 0x2e86: '冂', 0x2e87: '几', 0x2e8a: '卜', 0x2e8c: '小', 0x2e8d: '小',
  0x2e8e: '兀', 0x2e8f: '尢', 0x2e90: '尢', 0x2e91: '尢', 0x2e92: '巳', 0x2e93: '幺', 0x2e94: '彐',
  0x2e95: '彐', 0x2e96: '忄', 0x2e97: '心', 0x2e98: '扌', 0x2e99: '攵', 0x2e9b: '旡', 0x2e9c: '日',
  0x2e9d: '月', 0x2e9e: '歹', 0x2e9f: '母', 0x2ea0: '民', 0x2ea1: '氵', 0x2ea2: '氵', 0x2ea3: '灬',
  0x2ea4: '爫', 0x2ea5: '爫', 0x2ea6: '丬', 0x2ea7: '牛', 0x2ea8: '犭', 0x2ea9: '王', 0x2eaa: '疋',
  0x2eab: '罒', 0x2eac: '示', 0x2ead: '礻', 0x2eae: '竹', 0x2eaf: '糸', 0x2eb0: '纟', 0x2eb1: '罒',
  0x2eb2: '罒', 0x2eb3: '网', 0x2eb4: '网', 0x2eb5: '网', 0x2eb6: '羊', 0x2eb7: '羊', 0x2eb8: '羊',
  0x2eb9: '耂', 0x2eba: '肀', 0x2ebb: '聿', 0x2ebc: '月', 0x2ebd: '臼', 0x2ebe: '艹', 0x2ebf: '艹',
  0x2ec0: '艹', 0x2ec1: '虎', 0x2ec2: '衤', 0x2ec3: '西', 0x2ec4: '西', 0x2ec5: '见', 0x2ec6: '角',
  0x2ec7: '角', 0x2ec8: '讠', 0x2ec9: '贝', 0x2eca: '足', 0x2ecb: '车', 0x2ecc: '辶', 0x2ecd: '辶',
  0x2ece: '辶', 0x2ecf: '阝', 0x2ed0: '钅', 0x2ed1: '長', 0x2ed2: '镸', 0x2ed3: '长', 0x2ed4: '门',
  0x2ed5: '阜', 0x2ed6: '阝', 0x2ed7: '雨', 0x2ed8: '青', 0x2ed9: '韦', 0x2eda: '页', 0x2edb: '风',
  0x2edc: '飞', 0x2edd: '食', 0x2ede: '食', 0x2edf: '食', 0x2ee0: '饣', 0x2ee1: '首', 0x2ee2: '马',
  0x2ee3: '骨', 0x2ee4: '鬼', 0x2ee5: '鱼', 0x2ee6: '鸟', 0x2ee7: '卤', 0x2ee8: '麦', 0x2ee9: '黄',
  0x2eea: '黾', 0x2eeb: '斉', 0x2eec: '齐', 0x2eed: '歯', 0x2eee: '齿', 0x2eef: '竜', 0x2ef0: '龙',
  0x2ef1: '龜', 0x2ef2: '亀', 0x2ef3: '龟',
};

// Full-width forms that are converted: digits, Latin letters and the symbols that belong to numbers.
const FULLWIDTH_KEEP = new Set('，。：；（）！？、“”‘’《》【】〔〕'.split(''));
const isFullwidthConvertible = (c: number) =>
  (c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a) ||
  c === 0xff05 || c === 0xff0e || c === 0xff0f || c === 0xff0d || c === 0xff5e;

const SPECIAL = /[\u2e3a\u2e3b\u2e80-\u2fdf\uff01-\uff5e\u3000\u00a0\t\u2002\u2003\u2009\u200b-\u200d\ufeff\u00ad]/g;

// PDF writers that embed Noto CJK put the lowest code point of a shared glyph into the text layer:
// 户 comes out as the Kangxi radical ⼾ (whose NFKC is the traditional 戶), —— and ——— as the two-
// and three-em dashes.
const SHARED_GLYPH: Record<string, string> = { '⼾': '户', '⸺': '——', '⸻': '———' };

function mapChar(ch: string): string {
  if (ch in SHARED_GLYPH) return SHARED_GLYPH[ch];
  const c = ch.codePointAt(0)!;
  if (c >= 0x2f00 && c <= 0x2fdf) return ch.normalize('NFKC');
  if (c >= 0x2e80 && c <= 0x2eff) return SUPPLEMENT[c] ?? ch.normalize('NFKC');
  if (c >= 0xff01 && c <= 0xff5e) return !FULLWIDTH_KEEP.has(ch) && isFullwidthConvertible(c) ? String.fromCharCode(c - 0xfee0) : ch;
  if (c === 0x200b || c === 0x200c || c === 0x200d || c === 0xfeff || c === 0x00ad) return '';
  return ' ';
}

export function mapChars(raw: string): string {
  return raw.replace(SPECIAL, mapChar);
}

const isHan = (ch: string) => /[\u3400-\u9fff\uf900-\ufaff]/.test(ch);
const isDigit = (ch: string) => ch >= '0' && ch <= '9';
const isLatin = (ch: string) => /[A-Za-z]/.test(ch);

/** A single space survives only between two characters of the same class (name parts, garbled dates, words). */
function keepSpace(left: string, right: string): boolean {
  if (isHan(left) && isHan(right)) return true;
  if (isDigit(left) && isDigit(right)) return true;
  if (isLatin(left) && isLatin(right)) return true;
  return false;
}

function normaliseLine(line: string): string[] {
  // Runs of two or more spaces separate paragraphs in scraped pages.
  const parts = line.split(/ {2,}/);
  const out: string[] = [];
  for (const part of parts) {
    const t = part.trim();
    if (!t) continue;
    out.push(t.includes(' ') ? t.replace(/ /g, (_m, i: number) => (keepSpace(t[i - 1] ?? '', t[i + 1] ?? '') ? ' ' : '')) : t);
  }
  return out;
}

export function normaliseText(raw: string): string {
  const mapped = mapChars(raw.replace(/^\uFEFF/, '')).replace(/\r\n?/g, '\n').replace(/[\u2028\u2029\f\v]/g, '\n');
  const lines: string[] = [];
  for (const line of mapped.split('\n')) lines.push(...normaliseLine(line));
  return lines.join('\n');
}

/** 文号 spelling: brackets become 〔〕 and inner spaces go; the trailing 号 is supplied when lost. */
export function normaliseDocNumber(prefix: string, year: string, num: string): string {
  return `${prefix.replace(/\s+/g, '')}〔${year}〕${Number(num)}号`;
}
