import ts from 'typescript';

export interface FormatterProblem {
  file: string;
  line: number;
  reason: string;
}

const HELPERS = new Set(['html', 'escapeHtml', 'joinHtml']);
const TAG = /<\/?[a-z][^>]*>/i;

const nameOf = (n: ts.PropertyName | undefined): string | null => (n && (ts.isIdentifier(n) || ts.isStringLiteral(n)) ? n.text : null);

/**
 * ECharts `formatter` functions whose result becomes HTML without the escape helper
 * (src/web/lib/escape-html.ts). A tooltip formatter's string goes to innerHTML, so it must call the
 * helper; any formatter that writes markup must do so through `html` rather than a plain template
 * literal or `+`. String formatters ('{b}: {c}') and valueFormatter are escaped by ECharts itself.
 */
export function scanFormatters(file: string, source: string): FormatterProblem[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const problems: FormatterProblem[] = [];
  const report = (node: ts.Node, reason: string) => problems.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, reason });

  const insideTooltip = (node: ts.Node): boolean => {
    for (let p = node.parent; p; p = p.parent) if (ts.isPropertyAssignment(p) && nameOf(p.name) === 'tooltip') return true;
    return false;
  };

  const checkFunction = (fn: ts.Node, tooltip: boolean) => {
    let usesHelper = false;
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && HELPERS.has(n.expression.text)) usesHelper = true;
      if (ts.isTaggedTemplateExpression(n) && ts.isIdentifier(n.tag) && n.tag.text === 'html') {
        usesHelper = true;
        return; // its literal parts are trusted markup, its substitutions escaped
      }
      if (ts.isTemplateExpression(n) && TAG.test(n.getText(sf))) report(n, 'builds HTML in a plain template literal: use html`…` from src/web/lib/escape-html.ts');
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken && [n.left, n.right].some((s) => ts.isStringLiteral(s) && TAG.test(s.text))) {
        report(n, 'builds HTML by concatenation: use html`…` from src/web/lib/escape-html.ts');
      }
      ts.forEachChild(n, visit);
    };
    visit(fn);
    if (tooltip && !usesHelper) report(fn, 'tooltip formatter returns HTML built without escapeHtml/html (src/web/lib/escape-html.ts)');
  };

  const walk = (n: ts.Node) => {
    if (ts.isPropertyAssignment(n) && nameOf(n.name) === 'formatter' && (ts.isArrowFunction(n.initializer) || ts.isFunctionExpression(n.initializer))) {
      checkFunction(n.initializer, insideTooltip(n));
    } else if (ts.isMethodDeclaration(n) && nameOf(n.name) === 'formatter') {
      checkFunction(n, insideTooltip(n));
    }
    ts.forEachChild(n, walk);
  };
  walk(sf);
  return problems;
}
