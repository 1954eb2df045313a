/**
 * The one way to build HTML from data in the web app. React escapes what it renders, but ECharts
 * tooltips (and anything else handed a string of markup) put it into innerHTML: a unit or plan
 * name imported from a document is attacker-controlled text there.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text made inert inside HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`]/g, (c) => ENTITIES[c]);
}

/** Markup that is already safe (built by `html`), passed through unescaped when nested. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/**
 * Tagged template: the literal parts are trusted markup, every interpolation is escaped (arrays are
 * joined, nested `html` fragments kept). `html\`<b>${name}</b><br/>${line}\`.toString()`.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0];
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1];
  });
  return new SafeHtml(out);
}

function render(v: unknown): string {
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(v);
}

/** Joins fragments with trusted markup between them (e.g. `<br/>`); plain strings are escaped. */
export function joinHtml(parts: readonly unknown[], separator: string): SafeHtml {
  return new SafeHtml(parts.map(render).join(separator));
}
