// Unused declarations are warnings, not errors: a parameter or table nobody reads is usually a rule
// that was forgotten, and a `let` nobody reads is dead text.
import { warning, type Ctx } from './context';

export function reportUnused(ctx: Ctx) {
  for (const [name, p] of ctx.parameters) {
    if (!ctx.used.has(p)) warning(ctx, 'W-UNUSED-PARAMETER', p.name.range, `the parameter ${name} is never used`);
  }
  for (const [name, t] of ctx.tables) {
    if (!ctx.used.has(t)) warning(ctx, 'W-UNUSED-TABLE', t.name.range, `the table ${name} is never used`);
  }
  for (const [name, l] of ctx.lets) {
    if (!ctx.used.has(l)) warning(ctx, 'W-UNUSED-LET', l.name.range, `the definition ${name} is never used`);
  }
}
