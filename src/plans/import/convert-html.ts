/**
 * HTML pages from government sites: the document body without navigation, headers, footers,
 * breadcrumbs, sidebars and share bars. A small tolerant tag walker is enough because only text
 * is kept; malformed markup degrades to keeping more text, never to an exception.
 */
import { decodeText } from './convert-txt.ts';

const DROP_TAGS = new Set(['script', 'style', 'nav', 'header', 'footer', 'aside', 'noscript', 'iframe', 'svg', 'template', 'head', 'form', 'button', 'select']);
const VOID_TAGS = new Set(['br', 'img', 'hr', 'meta', 'link', 'input', 'area', 'base', 'col', 'embed', 'source', 'track', 'wbr', 'param']);
const BLOCK_TAGS = new Set(['p', 'div', 'br', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'table', 'ul', 'ol', 'blockquote', 'pre', 'hr', 'dd', 'dt', 'main', 'center']);
const NAV_ATTR = /(?:class|id)\s*=\s*["']?[^"'>]*\b(?:nav|navbar|menu|breadcrumb|crumb|footer|foot|sidebar|side-bar|share|bdshare|header|topbar|copyright|position|location)\b/i;

const NAMED: Record<string, string> = {
  nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’',
  mdash: '—', ndash: '–', hellip: '…', middot: '·', times: '×', ensp: ' ', emsp: ' ', thinsp: ' ', copy: '©', reg: '®',
  bull: '•', laquo: '«', raquo: '»', yen: '¥', deg: '°', plusmn: '±', divide: '÷', permil: '‰',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return NAMED[e.toLowerCase()] ?? m;
  });
}

/** Declared charset in <meta>, else UTF-8 with a GB18030 fallback. */
function decodeHtml(bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const cs = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (cs && /gb2312|gbk|gb18030/.test(cs)) return new TextDecoder('gb18030').decode(bytes);
  return decodeText(bytes);
}

export function htmlToText(html: string): string {
  // The main content when the page marks it, else the whole body.
  const main = /<(article|main)\b[^>]*>([\s\S]*?)<\/\1>/i.exec(html);
  let src = main ? main[2] : (/<body\b[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html);
  src = src.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  let out = '';
  let dropDepth = 0;
  const stack: { tag: string; drop: boolean }[] = [];
  const tagRe = /<(\/?)([a-zA-Z][\w:-]*)([^>]*)>|<[^>]*>/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = tagRe.exec(src))) {
    if (dropDepth === 0) out += src.slice(last, m.index);
    last = m.index + m[0].length;
    if (!m[2]) continue;
    const closing = m[1] === '/';
    const tag = m[2].toLowerCase();
    const attrs = m[3] ?? '';
    if (closing) {
      const i = stack.map((x) => x.tag).lastIndexOf(tag);
      if (i >= 0) {
        for (const f of stack.splice(i)) if (f.drop) dropDepth--;
      }
    } else if (!VOID_TAGS.has(tag) && !attrs.trimEnd().endsWith('/')) {
      const drop = DROP_TAGS.has(tag) || NAV_ATTR.test(attrs);
      stack.push({ tag, drop });
      if (drop) dropDepth++;
      if (tag === 'script' || tag === 'style') {
        // Raw text elements: skip straight to their end tag.
        const end = src.toLowerCase().indexOf(`</${tag}`, last);
        last = end < 0 ? src.length : end;
        tagRe.lastIndex = last;
      }
    }
    if (dropDepth === 0 && BLOCK_TAGS.has(tag)) out += '\n';
    else if (dropDepth === 0 && (tag === 'td' || tag === 'th') && closing) out += '  ';
  }
  if (dropDepth === 0) out += src.slice(last);
  return decodeEntities(out)
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, (s) => (s.length > 1 ? '  ' : ' ')).trim())
    .filter(Boolean)
    .join('\n')
    .trim();
}

export function convertHtml(bytes: Uint8Array): string {
  return htmlToText(decodeHtml(bytes));
}
