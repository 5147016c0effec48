// The second half of the depth bound (see limits.ts): after the parser's nesting guard, an expression can
// still be deep without nesting — `a + b + c + …` is a flat loop in the grammar but a left-nested tree.
// Heights are computed without recursion; an expression deeper than MAX_EXPRESSION_DEPTH is reported
// once and replaced by the placeholder of an expression lost to a syntax error, so no later stage sees it.
import type { Expr, Range, RulesetFile } from './ast';
import { diagnostic, type Diagnostic } from './diagnostics';
import { depthMessage, MAX_EXPRESSION_DEPTH, TOO_DEEP } from './limits';

const EXPR_KINDS = new Set<string>([
  'NumberLiteral', 'DateLiteral', 'BoolLiteral', 'TextLiteral', 'NameRef', 'FieldAccess', 'Unary', 'Binary',
  'Compare', 'InRange', 'InSet', 'IsEnum', 'IsKnown', 'IfExpr', 'Call', 'Aggregate', 'PointsSum',
  'ProgramDecision', 'ProgramLiteral',
] satisfies Expr['kind'][]);

type Obj = Record<string, unknown>;

/** The objects an AST object holds (ranges are positions, not children). */
function children(o: Obj): Obj[] {
  const out: Obj[] = [];
  for (const key in o) {
    if (key === 'range' || key === 'keyRange') continue;
    const v = o[key];
    if (Array.isArray(v)) {
      for (const x of v) if (x && typeof x === 'object') out.push(x as Obj);
    } else if (v && typeof v === 'object') out.push(v as Obj);
  }
  return out;
}

/** Height of every object under `root` in expressions: only expression nodes count. */
function heights(root: Obj): Map<Obj, number> {
  const height = new Map<Obj, number>();
  const stack: { o: Obj; expanded: boolean }[] = [{ o: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (!top.expanded) {
      top.expanded = true;
      for (const c of children(top.o)) if (!height.has(c)) stack.push({ o: c, expanded: false });
      continue;
    }
    stack.pop();
    let h = 0;
    for (const c of children(top.o)) h = Math.max(h, height.get(c) ?? 0);
    height.set(top.o, h + (EXPR_KINDS.has(top.o.kind as string) ? 1 : 0));
  }
  return height;
}

/**
 * Report and cut out every outermost expression deeper than MAX_EXPRESSION_DEPTH. Mutates `ast`.
 * `reported`: offsets where the parser already refused a too-deep expression; a declaration holding one
 * is cut silently (one message per mistake).
 */
export function limitExpressionDepth(ast: RulesetFile, reported: readonly number[] = []): Diagnostic[] {
  const root = ast as unknown as Obj;
  const height = heights(root);
  if ((height.get(root) ?? 0) <= MAX_EXPRESSION_DEPTH) return [];
  const starts = ast.declarations.map((d) => d.range.start.offset);
  const alreadyReported = (offset: number) => {
    let i = -1;
    while (i + 1 < starts.length && starts[i + 1]! <= offset) i++;
    const from = i < 0 ? 0 : starts[i]!;
    const to = starts[i + 1] ?? Infinity;
    return reported.some((o) => o >= from && o < to);
  };
  const diagnostics: Diagnostic[] = [];
  const stack: Obj[] = [root];
  while (stack.length > 0) {
    const o = stack.pop()!;
    if ((height.get(o) ?? 0) <= MAX_EXPRESSION_DEPTH) continue;
    for (const key in o) {
      if (key === 'range' || key === 'keyRange') continue;
      const v = o[key];
      const slots: [Obj | unknown[], string | number][] = Array.isArray(v)
        ? v.map((_, i) => [v, i] as [unknown[], number])
        : [[o, key]];
      for (const [holder, slot] of slots) {
        const child = (holder as Record<string | number, unknown>)[slot];
        if (!child || typeof child !== 'object') continue;
        const c = child as Obj;
        if (EXPR_KINDS.has(c.kind as string) && (height.get(c) ?? 0) > MAX_EXPRESSION_DEPTH) {
          const range = c.range as Range;
          if (!alreadyReported(range.start.offset)) diagnostics.push(diagnostic(TOO_DEEP, 'error', range, depthMessage()));
          (holder as Record<string | number, unknown>)[slot] = { kind: 'NameRef', id: -1, range, name: '' } satisfies Expr;
        } else stack.push(c);
      }
    }
  }
  return diagnostics;
}
