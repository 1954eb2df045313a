import { pinyin } from 'pinyin-pro';

/**
 * How people name a division in plans and in a search box: without its administrative suffix
 * (包头 for 包头市, 海北 for 海北藏族自治州, 内蒙古 for 内蒙古自治区) or by pinyin initials (bt).
 * Both keys are computed when divisions load, stored in columns with indexes, and the same
 * functions normalise the query, so the database and the box agree.
 */

// The 55 minority nationalities that name autonomous divisions (longest first so 土家 wins over 土).
const NATIONALITIES = [
  '柯尔克孜', '乌孜别克', '维吾尔', '哈萨克', '达斡尔', '塔吉克', '俄罗斯', '鄂温克', '塔塔尔', '鄂伦春',
  '蒙古', '布依', '朝鲜', '土家', '哈尼', '傈僳', '拉祜', '东乡', '纳西', '景颇', '仫佬', '布朗', '撒拉',
  '毛南', '仡佬', '锡伯', '阿昌', '普米', '德昂', '保安', '裕固', '独龙', '门巴', '珞巴', '基诺', '高山',
  '回', '藏', '苗', '彝', '壮', '满', '侗', '瑶', '白', '傣', '黎', '佤', '畲', '水', '土', '羌', '怒', '京', '赫哲',
].sort((a, b) => b.length - a.length);

const AUTONOMOUS = new RegExp(`(?:(?:${NATIONALITIES.join('|')})族?)*自治(?:区|州|县|旗)$`);
// One generic suffix, longest first; stripped only when at least two characters remain (和县 stays).
// 州 last: 海北州 is how people shorten 海北藏族自治州, while 杭州市 loses its 市 first.
const SUFFIXES = ['特别行政区', '林区', '地区', '街道办事处', '街道', '村委会', '居委会', '社区', '苏木', '省', '市', '盟', '县', '区', '旗', '镇', '乡', '村', '州'];

/** 包头市 → 包头, 海北藏族自治州 → 海北, 新疆维吾尔自治区 → 新疆, 和县 → 和县. */
export function nameCore(name: string): string {
  const n = name.replace(/\s+/g, '');
  const autonomous = n.replace(AUTONOMOUS, '');
  if (autonomous !== n && autonomous.length >= 2) return autonomous;
  // The nationality list can swallow the place itself (内蒙古自治区, 鄂温克族自治旗): strip less.
  const plain = n.replace(/族?自治(?:区|州|县|旗)$/, '');
  if (plain !== n && plain.length >= 2) return plain;
  for (const s of SUFFIXES) {
    if (n.endsWith(s) && n.length - s.length >= 2) return n.slice(0, -s.length);
  }
  return n;
}

const initialsCache = new Map<string, string>();

/**
 * Pinyin initials of a name, lower case (包头市 → bts, 重庆市 → cqs). Village names repeat a
 * lot (新村, 红旗村), so a loaded country computes each distinct name once.
 */
export function pinyinInitials(name: string): string {
  let v = initialsCache.get(name);
  if (v === undefined) {
    v = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' })
      .join('')
      .toLowerCase()
      .replace(/[^a-z]/g, '');
    if (initialsCache.size > 200_000) initialsCache.clear();
    initialsCache.set(name, v);
  }
  return v;
}

/** A query of Latin letters only is read as pinyin initials. */
export function isInitialsQuery(q: string): boolean {
  return /^[a-zA-Z]{1,20}$/.test(q);
}
