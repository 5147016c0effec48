// References to other programs: `eligible(pe/juntos)` and `extends`. The checker only makes sure the
// program exists (when it has a resolver) and records the dependency; the engine loads it.
import type { ProgramRef } from '../ast';
import { error, type Ctx } from './context';

export function programRefExists(ctx: Ctx, ref: ProgramRef | undefined, verb: 'read' | 'extend'): boolean {
  if (!ref || typeof ref.programId !== 'string') return false;
  if (ctx.programId && ref.programId === ctx.programId) {
    error(ctx, 'E-SELF-REFERENCE', ref.range, `a program cannot ${verb} its own decision (\`${ref.programId}\`)`);
    return false;
  }
  if (ctx.resolve && ctx.resolve(ref.programId) === undefined) {
    error(ctx, 'E-UNKNOWN-PROGRAM', ref.range, `unknown program \`${ref.programId}\`: there is no ruleset with that id`);
    return false;
  }
  return true;
}

export function addDependency(ctx: Ctx, ref: ProgramRef) {
  if (!ctx.programDependencies.includes(ref.programId)) ctx.programDependencies.push(ref.programId);
}
