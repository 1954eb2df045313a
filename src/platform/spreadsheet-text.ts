/**
 * Text written into a CSV or XLSX cell that a spreadsheet would run as a formula: a cell starting
 * with = + - @, a tab or a carriage return (`-1+1+cmd|' /C calc'!A0`, `@SUM(…)`, `=HYPERLINK(…)`).
 * Every CSV and XLSX writer passes its text cells through `spreadsheetText`; figures stay numbers.
 *
 * A leading apostrophe makes Excel, WPS and LibreOffice treat the rest as text. A text cell that
 * is exactly a plain number ("-5", "+3.2", "-10%", "-1,234") is left alone: a spreadsheet reads it as that number,
 * which calls nothing, and codes and signed figures kept as text would otherwise gain a quote.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?((\d{1,3}(,\d{3})+|\d+)(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?$/;

export function spreadsheetText(s: string): string {
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

/** A cell value for a writer: numbers, null and dates as they are, text neutralised. */
export function spreadsheetCell<T>(v: T): T {
  return (typeof v === 'string' ? spreadsheetText(v) : v) as T;
}
