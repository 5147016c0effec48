// Collects the top-level declarations by name and reports the ones that clash: two declarations of one
// name, a second `eligible`/`benefit`/`outcome`/subject, or a name the language keeps for itself.
import type { Declaration, Name, RulesetFile } from '../ast';
import { error, type Ctx } from './context';
import { BUILTIN_FUNCTIONS } from './builtins';

export const BUILTIN_NAMES = ['household', 'head', 'spouse', 'members', 'evaluation_date'] as const;

const KIND_WORD: Record<string, string> = {
  ParameterDecl: 'parameter', TableDecl: 'table', LetDecl: 'definition (let)', ScoreDecl: 'score', ComponentDecl: 'benefit component', MemberSubject: 'subject alias',
};

export function collectDeclarations(ctx: Ctx, ast: RulesetFile) {
  const seen = new Map<string, { name: Name; kind: string }>();
  const single: Record<string, Declaration | undefined> = {};

  const claim = (decl: Declaration, name: Name | undefined): boolean => {
    if (!name || typeof name.text !== 'string') return false;
    const kind = KIND_WORD[decl.kind];
    if ((BUILTIN_NAMES as readonly string[]).includes(name.text)) {
      error(ctx, 'E-RESERVED-NAME', name.range, `\`${name.text}\` is a built-in name and cannot be declared as a ${kind}`);
      return false;
    }
    if (decl.kind === 'TableDecl' && (BUILTIN_FUNCTIONS as readonly string[]).includes(name.text)) {
      error(ctx, 'E-RESERVED-NAME', name.range, `\`${name.text}\` is a built-in function and cannot be the name of a table`);
      return false;
    }
    const first = seen.get(name.text);
    if (first) {
      error(ctx, 'E-DUPLICATE-NAME', name.range,
        `\`${name.text}\` is already declared as a ${first.kind}; each name can be declared only once`,
        { related: [{ range: first.name.range, message: `first declaration of \`${name.text}\`` }] });
      return false;
    }
    seen.set(name.text, { name, kind });
    return true;
  };

  const once = (decl: Declaration, key: string, what: string): boolean => {
    const first = single[key];
    if (first) {
      error(ctx, 'E-DUPLICATE-DECLARATION', decl.range, `a program has at most one ${what}; this is the second`,
        { related: [{ range: first.range, message: `the first ${what}` }] });
      return false;
    }
    single[key] = decl;
    return true;
  };

  for (const decl of ast.declarations ?? []) {
    if (!decl) continue;
    switch (decl.kind) {
      case 'ParameterDecl':
        if (claim(decl, decl.name)) ctx.parameters.set(decl.name.text, decl);
        break;
      case 'TableDecl':
        if (claim(decl, decl.name)) ctx.tables.set(decl.name.text, decl);
        break;
      case 'LetDecl':
        ctx.allLets.push(decl);
        if (claim(decl, decl.name)) ctx.lets.set(decl.name.text, decl);
        break;
      case 'ScoreDecl':
        if (claim(decl, decl.name)) ctx.scores.push(decl);
        break;
      case 'HouseholdSubject':
      case 'MemberSubject':
        if (once(decl, 'subject', 'subject (`for household` or `for each member`)')) {
          ctx.subject = decl;
          if (decl.kind === 'MemberSubject') claim(decl, decl.alias);
        }
        break;
      case 'EligibleDecl':
        if (once(decl, 'eligible', '`eligible when`')) ctx.eligible = decl;
        break;
      case 'BenefitDecl':
        if (once(decl, 'benefit', '`benefit`')) ctx.benefit = decl;
        break;
      case 'OutcomeDecl':
        if (once(decl, 'outcome', '`outcome`')) ctx.outcome = decl;
        break;
      case 'PaymentDecl':
        if (once(decl, 'payment', 'condition of payment (`paid when`)')) ctx.payment = decl;
        break;
      case 'ComponentDecl':
        if (claim(decl, decl.name)) ctx.components.push(decl);
        break;
      case 'ExampleDecl':
        ctx.examples.push(decl);
        break;
      case 'PropertyDecl':
        ctx.properties.push(decl);
        break;
    }
  }
}
