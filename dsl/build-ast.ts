// CST → AST. The CST may be partial after error recovery: every child may be missing, so every
// reader here tolerates absence and builds the best AST it can (the parser already reported why).
import type { CstNode, IToken } from 'chevrotain';
import type * as A from './ast';
import { diagnostic, type Diagnostic } from './diagnostics';

type Ctx = Record<string, (CstNode | IToken)[] | undefined>;

function isToken(x: CstNode | IToken | undefined): x is IToken {
  return !!x && 'image' in x;
}

/** A token that really is in the text (recovery may insert virtual ones with no position). */
function real(t: IToken | undefined): IToken | undefined {
  return t && !t.isInsertedInRecovery && Number.isFinite(t.startOffset) ? t : undefined;
}

const ZERO: A.Range = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

export function tokenRange(t: IToken | undefined): A.Range {
  const r = real(t);
  if (!r) return ZERO;
  return {
    start: { line: r.startLine ?? 1, column: r.startColumn ?? 1, offset: r.startOffset },
    end: { line: r.endLine ?? 1, column: (r.endColumn ?? 0) + 1, offset: (r.endOffset ?? r.startOffset) + 1 },
  };
}

function nodeRange(n: CstNode | undefined): A.Range {
  const l = n?.location;
  if (!l || !Number.isFinite(l.startOffset) || !Number.isFinite(l.endOffset ?? NaN)) return ZERO;
  return {
    start: { line: l.startLine ?? 1, column: l.startColumn ?? 1, offset: l.startOffset },
    end: { line: l.endLine ?? 1, column: (l.endColumn ?? 0) + 1, offset: (l.endOffset ?? l.startOffset) + 1 },
  };
}

function span(a: A.Range, b: A.Range): A.Range {
  if (a === ZERO) return b;
  if (b === ZERO) return a;
  return { start: a.start, end: b.end };
}

/** The unescaped content of a "quoted" string token. */
export function unquote(image: string): string {
  return image.slice(1, -1).replace(/\\(.)/g, '$1');
}

export class AstBuilder {
  private nextId = 0;
  /** Mistakes the grammar lets through but the builder can name (a contextual word misspelt). */
  readonly diagnostics: Diagnostic[] = [];

  private id(): number {
    return this.nextId++;
  }

  private tok(ctx: Ctx, key: string, i = 0): IToken | undefined {
    const x = ctx[key]?.[i];
    return isToken(x) ? real(x) : undefined;
  }
  private toks(ctx: Ctx, key: string): IToken[] {
    return (ctx[key] ?? []).filter(isToken).map(real).filter((t): t is IToken => !!t);
  }
  private sub(ctx: Ctx, key: string, i = 0): CstNode | undefined {
    const x = ctx[key]?.[i];
    return x && !isToken(x) ? x : undefined;
  }
  private subs(ctx: Ctx, key: string): CstNode[] {
    return (ctx[key] ?? []).filter((x): x is CstNode => !isToken(x));
  }
  private children(n: CstNode): Ctx {
    return n.children as Ctx;
  }

  private name(t: IToken | undefined): A.Name {
    return { kind: 'Name', id: this.id(), range: tokenRange(t), text: t?.image ?? '' };
  }

  // ---------------------------------------------------------------- file and header

  rulesetFile(cst: CstNode): A.RulesetFile {
    const c = this.children(cst);
    const header = this.sub(c, 'programHeader');
    return {
      kind: 'RulesetFile',
      id: this.id(),
      range: nodeRange(cst),
      program: header ? this.programHeader(header) : undefined,
      declarations: this.subs(c, 'declaration')
        .map((d) => this.declaration(d))
        .filter((d): d is A.Declaration => !!d),
    };
  }

  /** Declarations parsed after a recovery point (see parse.ts). */
  declarations(cst: CstNode): A.Declaration[] {
    return this.subs(this.children(cst), 'declaration')
      .map((d) => this.declaration(d))
      .filter((d): d is A.Declaration => !!d);
  }

  private programRef(t: IToken | undefined): A.ProgramRef {
    const [programId, version] = (t?.image ?? '').split('@');
    return { kind: 'ProgramRef', id: this.id(), range: tokenRange(t), programId: programId ?? '', version };
  }

  private programHeader(cst: CstNode): A.ProgramHeader {
    const c = this.children(cst);
    const inForce = this.sub(c, 'inForce');
    const countries = this.toks(c, 'countryCode');
    const currencies = this.toks(c, 'currencyCode');
    const title = this.tok(c, 'title');
    return {
      kind: 'ProgramHeader',
      id: this.id(),
      range: nodeRange(cst),
      programId: this.programRef(this.tok(c, 'ProgramId')),
      title: title ? unquote(title.image) : '',
      ...(title ? { titleRange: tokenRange(title) } : {}),
      country: countries[0] ? this.name(countries[0]) : undefined,
      currency: currencies[0] ? this.name(currencies[0]) : undefined,
      provenance: this.subs(c, 'provenance').map((p) => this.provenance(p)),
      inForce: inForce ? this.inForce(inForce) : undefined,
      extends: this.tok(c, 'base') ? this.programRef(this.tok(c, 'base')) : undefined,
      ...(this.sub(c, 'language') ? { language: this.languageName(this.sub(this.children(this.sub(c, 'language')!), 'languageName')) } : {}),
    };
  }

  /** A language code as a name; `"pt"` and `pt` are the same code. */
  private languageName(cst: CstNode | undefined): A.Name {
    const t = cst ? this.tok(this.children(cst), 'code') : undefined;
    const name = this.name(t);
    return t?.image.startsWith('"') ? { ...name, text: unquote(t.image) } : name;
  }

  private translationDecl(cst: CstNode): A.TranslationDecl {
    const c = this.children(cst);
    return {
      kind: 'TranslationDecl',
      id: this.id(),
      range: nodeRange(cst),
      language: this.languageName(this.sub(c, 'languageName')),
      entries: this.subs(c, 'translationEntry').map((e) => this.translationEntry(e)),
    };
  }

  private translationEntry(cst: CstNode): A.TranslationEntry {
    const c = this.children(cst);
    const textKey = this.tok(c, 'textKey');
    const text = this.tok(c, 'text');
    const outcome = this.sub(c, 'outcomeKey');
    const outcomeValue = outcome ? this.tok(this.children(outcome), 'value') : undefined;
    return {
      kind: 'TranslationEntry',
      id: this.id(),
      range: nodeRange(cst),
      key: textKey
        ? { kind: 'text', text: unquote(textKey.image), range: tokenRange(textKey) }
        : outcome
          ? { kind: 'outcome', value: outcomeValue ? (outcomeValue.image.startsWith('"') ? unquote(outcomeValue.image) : outcomeValue.image) : '', range: tokenRange(outcomeValue) }
          : { kind: 'name', name: this.name(this.tok(c, 'nameKey')) },
      text: text ? unquote(text.image) : '',
      textRange: tokenRange(text),
    };
  }

  private inForce(cst: CstNode): { from: A.DateLiteral; until: A.DateLiteral | undefined } {
    const c = this.children(cst);
    const until = this.tok(c, 'untilDate');
    return { from: this.dateLiteral(this.tok(c, 'fromDate')), until: until ? this.dateLiteral(until) : undefined };
  }

  private provenance(cst: CstNode): A.Provenance {
    const c = this.children(cst);
    const text = this.tok(c, 'StringLiteral');
    return {
      kind: 'Provenance',
      id: this.id(),
      range: nodeRange(cst),
      type: c.assumption ? 'assumption' : 'source',
      text: text ? unquote(text.image) : '',
    };
  }

  private dateLiteral(t: IToken | undefined): A.DateLiteral {
    return { kind: 'DateLiteral', id: this.id(), range: tokenRange(t), text: t?.image ?? '' };
  }

  // ---------------------------------------------------------------- declarations

  private declaration(cst: CstNode): A.Declaration | undefined {
    const c = this.children(cst);
    const [key] = Object.keys(c);
    const inner = key ? this.sub(c, key) : undefined;
    if (!inner) return undefined;
    switch (inner.name) {
      case 'parameterDecl': return this.parameterDecl(inner);
      case 'tableDecl': return this.tableDecl(inner);
      case 'subjectDecl': return this.subjectDecl(inner);
      case 'letDecl': return this.letDecl(inner);
      case 'eligibleDecl': return this.eligibleDecl(inner);
      case 'benefitDecl': return this.benefitDecl(inner);
      case 'scoreDecl': return this.scoreDecl(inner);
      case 'outcomeDecl': return this.outcomeDecl(inner);
      case 'exampleDecl': return this.exampleDecl(inner);
      case 'propertyDecl': return this.propertyDecl(inner);
      case 'translationDecl': return this.translationDecl(inner);
      case 'cannotChangeDecl': return this.cannotChangeDecl(inner);
      case 'paymentDecl': return this.paymentDecl(inner);
      case 'componentDecl': return this.componentDecl(inner);
      default: return undefined;
    }
  }

  private parameterDecl(cst: CstNode): A.ParameterDecl {
    const c = this.children(cst);
    const dateType = this.tok(c, 'dateType');
    const unit = this.sub(c, 'unitExpr');
    const until = this.tok(c, 'untilDate');
    return {
      kind: 'ParameterDecl',
      id: this.id(),
      range: nodeRange(cst),
      name: this.name(this.tok(c, 'name')),
      type: dateType
        ? { kind: 'DateTypeExpr', id: this.id(), range: tokenRange(dateType) }
        : this.unitExpr(unit),
      values: this.subs(c, 'datedValue').map((v) => this.datedValue(v)),
      until: until ? this.dateLiteral(until) : undefined,
    };
  }

  private datedValue(cst: CstNode): A.DatedValue {
    const c = this.children(cst);
    const from = this.tok(c, 'fromDate');
    const dateValue = this.tok(c, 'dateValue');
    const prov = this.sub(c, 'provenance');
    const fromReason = this.tok(c, 'fromReason');
    return {
      kind: 'DatedValue',
      id: this.id(),
      range: nodeRange(cst),
      from: from ? this.dateLiteral(from) : undefined,
      ...(fromReason ? { fromAssumption: unquote(fromReason.image) } : {}),
      value: dateValue ? this.dateLiteral(dateValue) : this.signedNumber(this.sub(c, 'signedNumber')),
      provenance: prov ? this.provenance(prov) : undefined,
    };
  }

  private signedNumber(cst: CstNode | undefined, unit?: A.UnitExpr): A.NumberLiteral {
    const c = cst ? this.children(cst) : {};
    const minus = this.tok(c, 'Minus');
    const digits = this.tok(c, 'NumberLiteral');
    return {
      kind: 'NumberLiteral',
      id: this.id(),
      range: span(tokenRange(minus ?? digits), tokenRange(digits)),
      text: (minus ? '-' : '') + (digits?.image ?? '0'),
      unit,
    };
  }

  private unitExpr(cst: CstNode | undefined): A.UnitExpr {
    const c = cst ? this.children(cst) : {};
    const numerator = this.toks(c, 'numerator');
    const isNumber = numerator.length === 1 && numerator[0]!.image === 'number';
    return {
      kind: 'UnitExpr',
      id: this.id(),
      range: nodeRange(cst),
      numerator: isNumber ? [] : numerator.map((t) => this.name(t)),
      denominators: this.toks(c, 'denominator').map((t) => this.name(t)),
    };
  }

  private tableDecl(cst: CstNode): A.TableDecl {
    const c = this.children(cst);
    const granularity = this.tok(c, 'granularityValue');
    return {
      kind: 'TableDecl',
      id: this.id(),
      range: nodeRange(cst),
      name: this.name(this.tok(c, 'name')),
      resultUnit: this.unitExpr(this.sub(c, 'unitExpr')),
      provenance: this.subs(c, 'provenance').map((p) => this.provenance(p)),
      granularity: granularity
        ? { kind: 'NumberLiteral', id: this.id(), range: tokenRange(granularity), text: granularity.image, unit: undefined }
        : undefined,
      rows: this.subs(c, 'tableRow').map((r) => this.tableRow(r)),
    };
  }

  private tableRow(cst: CstNode): A.TableRow {
    const c = this.children(cst);
    const otherwise = this.tok(c, 'otherwise');
    const enumKey = this.tok(c, 'enumKey');
    const range = this.sub(c, 'rangeOrNumber');
    let key: A.TableRow['key'];
    if (otherwise) key = { kind: 'Otherwise', id: this.id(), range: tokenRange(otherwise) };
    else if (enumKey) key = { kind: 'EnumKey', id: this.id(), range: tokenRange(enumKey), name: enumKey.image };
    else key = this.rangeOrNumber(range);
    return { kind: 'TableRow', id: this.id(), range: nodeRange(cst), key, value: this.signedNumber(this.sub(c, 'value')) };
  }

  /** A single number stays a NumberLiteral; anything with `..` becomes a RangeExpr. */
  private rangeOrNumber(cst: CstNode | undefined): A.NumberLiteral | A.RangeExpr {
    const c = cst ? this.children(cst) : {};
    const low = this.sub(c, 'low');
    const high = this.sub(c, 'high');
    const dots = this.tok(c, 'DotDot') ?? this.tok(c, 'DotDotLess');
    if (!dots) return this.signedNumber(low);
    return {
      kind: 'RangeExpr',
      id: this.id(),
      range: nodeRange(cst),
      low: low ? this.signedNumber(low) : undefined,
      high: high ? this.signedNumber(high) : undefined,
      highExclusive: !!this.tok(c, 'DotDotLess'),
    };
  }

  private subjectDecl(cst: CstNode): A.SubjectDecl {
    const c = this.children(cst);
    const alias = this.tok(c, 'alias');
    if (c.each) {
      const filter = this.sub(c, 'filter');
      return {
        kind: 'MemberSubject',
        id: this.id(),
        range: nodeRange(cst),
        alias: this.name(alias),
        filter: filter ? this.expression(filter) : undefined,
      };
    }
    return { kind: 'HouseholdSubject', id: this.id(), range: nodeRange(cst) };
  }

  private letDecl(cst: CstNode): A.LetDecl {
    const c = this.children(cst);
    return {
      kind: 'LetDecl',
      id: this.id(),
      range: nodeRange(cst),
      name: this.name(this.tok(c, 'name')),
      value: this.expression(this.sub(c, 'expression')),
    };
  }

  private eligibleDecl(cst: CstNode): A.EligibleDecl {
    const c = this.children(cst);
    return { kind: 'EligibleDecl', id: this.id(), range: nodeRange(cst), condition: this.conditionItem(this.sub(c, 'conditionItem')) };
  }

  private conditionItem(cst: CstNode | undefined): A.ConditionItem {
    const c = cst ? this.children(cst) : {};
    const group = this.sub(c, 'conditionGroup');
    if (group) return this.conditionGroup(group);
    const label = this.tok(c, 'label');
    const prov = this.sub(c, 'provenance');
    return {
      kind: 'LabelledCondition',
      id: this.id(),
      range: nodeRange(cst),
      label: label ? unquote(label.image) : '',
      ...(label ? { labelRange: tokenRange(label) } : {}),
      test: this.expression(this.sub(c, 'expression')),
      provenance: prov ? this.provenance(prov) : undefined,
    };
  }

  private conditionGroup(cst: CstNode): A.ConditionGroup {
    const c = this.children(cst);
    const label = this.tok(c, 'label');
    const combinator = (this.tok(c, 'combinator')?.image ?? 'all') as A.ConditionGroup['combinator'];
    return {
      kind: 'ConditionGroup',
      id: this.id(),
      range: nodeRange(cst),
      combinator,
      label: label ? unquote(label.image) : undefined,
      ...(label ? { labelRange: tokenRange(label) } : {}),
      items: this.subs(c, 'conditionItem').map((i) => this.conditionItem(i)),
    };
  }

  private benefitDecl(cst: CstNode): A.BenefitDecl {
    const c = this.children(cst);
    const period = this.tok(c, 'period');
    return {
      kind: 'BenefitDecl',
      id: this.id(),
      range: nodeRange(cst),
      // An unknown period word is kept as written; the checker names the valid ones.
      period: (c.once ? 'once' : period?.image ?? 'once') as A.BenefitPeriod,
      amount: this.expression(this.sub(c, 'expression')),
    };
  }

  private cannotChangeDecl(cst: CstNode): A.CannotChangeDecl {
    const c = this.children(cst);
    const prov = this.sub(c, 'provenance');
    const fields = this.subs(c, 'fieldPath').map((f): A.FieldPath => ({
      kind: 'FieldPath', id: this.id(), range: nodeRange(f), parts: this.toks(this.children(f), 'part').map((t) => this.name(t)),
    }));
    return { kind: 'CannotChangeDecl', id: this.id(), range: nodeRange(cst), fields, provenance: prov ? this.provenance(prov) : undefined };
  }

  private paymentDecl(cst: CstNode): A.PaymentDecl {
    const c = this.children(cst);
    return { kind: 'PaymentDecl', id: this.id(), range: nodeRange(cst), condition: this.conditionItem(this.sub(c, 'conditionItem')) };
  }

  private componentDecl(cst: CstNode): A.ComponentDecl {
    const c = this.children(cst);
    const period = this.tok(c, 'period');
    const prov = this.sub(c, 'provenance');
    return {
      kind: 'ComponentDecl',
      id: this.id(),
      range: nodeRange(cst),
      name: this.name(this.tok(c, 'name')),
      period: (c.once ? 'once' : period?.image ?? 'once') as A.BenefitPeriod,
      amount: this.expression(this.sub(c, 'expression')),
      provenance: prov ? this.provenance(prov) : undefined,
    };
  }

  private scoreDecl(cst: CstNode): A.ScoreDecl {
    const c = this.children(cst);
    return {
      kind: 'ScoreDecl',
      id: this.id(),
      range: nodeRange(cst),
      name: this.name(this.tok(c, 'name')),
      value: this.expression(this.sub(c, 'expression')),
    };
  }

  private outcomeDecl(cst: CstNode): A.OutcomeDecl {
    const c = this.children(cst);
    return { kind: 'OutcomeDecl', id: this.id(), range: nodeRange(cst), value: this.expression(this.sub(c, 'expression')), whenEligible: !!c.when };
  }

  private exampleDecl(cst: CstNode): A.ExampleDecl {
    const c = this.children(cst);
    const name = this.tok(c, 'name');
    const date = this.tok(c, 'DateLiteral');
    const household = this.sub(c, 'jsonValue');
    return {
      kind: 'ExampleDecl',
      id: this.id(),
      range: nodeRange(cst),
      name: name ? unquote(name.image) : '',
      date: date ? this.dateLiteral(date) : undefined,
      household: household ? this.jsonValue(household) : { kind: 'JsonNull', id: this.id(), range: nodeRange(cst) },
      expectations: this.subs(c, 'expectation').map((e) => this.expectation(e)),
    };
  }

  private expectation(cst: CstNode): A.Expectation {
    const c = this.children(cst);
    const subject = this.tok(c, 'subject');
    const field = this.tok(c, 'field');
    const value = this.sub(c, 'jsonValue');
    return {
      kind: 'Expectation',
      id: this.id(),
      range: nodeRange(cst),
      subject: subject ? unquote(subject.image) : 'household',
      field: (field?.image ?? 'eligible') as A.Expectation['field'],
      scoreName: this.tok(c, 'scoreName')?.image,
      expected: value ? this.jsonValue(value) : { kind: 'JsonNull', id: this.id(), range: nodeRange(cst) },
    };
  }

  private problem(range: A.Range, message: string): void {
    this.diagnostics.push(diagnostic('E-PROPERTY-SYNTAX', 'error', range, message));
  }

  /** A contextual word (`with`) read as a name: check it is the expected one. */
  private expectWord(c: Ctx, label: string, word: string): void {
    const t = this.tok(c, label);
    if (t && t.image !== word) this.problem(tokenRange(t), `Expected \`${word}\` here, but found \`${t.image}\`.`);
  }

  private compareOp(cst: CstNode | undefined): A.Compare['op'] | undefined {
    return cst ? (this.tok(this.children(cst), 'op')?.image as A.Compare['op'] | undefined) : undefined;
  }

  private propertyDecl(cst: CstNode): A.PropertyDecl {
    const c = this.children(cst);
    const name = this.tok(c, 'name');
    const law = this.sub(c, 'propertyLaw');
    return {
      kind: 'PropertyDecl',
      id: this.id(),
      range: nodeRange(cst),
      name: name ? unquote(name.image) : '',
      law: law ? this.propertyLaw(law) : { kind: 'deterministic' },
    };
  }

  private propertyLaw(cst: CstNode): A.PropertyLaw {
    const c = this.children(cst);
    if (c.deterministic) return { kind: 'deterministic' };
    if (c.unchanged) {
      const phraseNode = this.sub(c, 'phrase');
      const words = phraseNode ? this.toks(this.children(phraseNode), 'word') : [];
      const phrase = words.map((t) => t.image).join(' ');
      const transformation = INVARIANT_PHRASES[phrase];
      if (!transformation) {
        const known = Object.keys(INVARIANT_PHRASES).map((p) => `"unchanged when ${p}"`).join(', ');
        this.problem(span(tokenRange(words[0]), tokenRange(words.at(-1))), `This property names no known change: write one of ${known}.`);
      }
      return { kind: 'invariant', transformation: transformation ?? 'member_order', phrase };
    }
    if (c.agrees) {
      this.expectWord(c, 'with', 'with');
      const when = this.sub(c, 'agreeWhen');
      return { kind: 'agrees', other: this.programRef(this.tok(c, 'ProgramId')), when: when ? this.expression(when) : undefined };
    }
    const premise = this.decisionTest(this.sub(c, 'premise'));
    if (c.implies) return { kind: 'implies', premise, conclusion: this.decisionTest(this.sub(c, 'conclusion')) };
    this.expectWord(c, 'with', 'with');
    if (c.never) {
      const word = this.tok(c, 'direction');
      if (word && word.image !== 'rises' && word.image !== 'falls') {
        this.problem(tokenRange(word), `Write \`never rises with\` or \`never falls with\`, not \`never ${word.image}\`.`);
      }
      const direction = this.tok(c, 'direction')?.image === 'falls' ? 'never_falls' : 'never_rises';
      return { kind: 'monotone', result: premise.ref, direction, input: this.expression(this.sub(c, 'input')) };
    }
    const limit = this.signedNumber(this.sub(c, 'limit'));
    return { kind: 'bound', result: premise.ref, op: this.compareOp(this.sub(c, 'compareOperator')) ?? '<=', limit };
  }

  private decisionTest(cst: CstNode | undefined): A.DecisionTest {
    const c = cst ? this.children(cst) : {};
    const field = this.tok(c, 'field');
    const number = this.sub(c, 'number');
    const text = this.tok(c, 'text');
    return {
      ref: {
        field: (field?.image ?? 'eligible') as A.DecisionRef['field'],
        scoreName: this.tok(c, 'scoreName')?.image,
        range: nodeRange(cst),
      },
      negated: !!this.tok(c, 'negated'),
      op: this.compareOp(this.sub(c, 'compareOperator')),
      value: number
        ? this.signedNumber(number)
        : text
          ? { kind: 'TextLiteral', id: this.id(), range: tokenRange(text), value: unquote(text.image) }
          : undefined,
    };
  }

  jsonValue(cst: CstNode): A.JsonValue {
    const c = this.children(cst);
    const range = nodeRange(cst);
    if (c.LBrace) {
      return {
        kind: 'JsonObject',
        id: this.id(),
        range,
        entries: this.subs(c, 'jsonMember').map((m) => {
          const mc = this.children(m);
          const key = this.tok(mc, 'key');
          const value = this.sub(mc, 'jsonValue');
          return {
            key: key ? unquote(key.image) : '',
            keyRange: tokenRange(key),
            value: value ? this.jsonValue(value) : { kind: 'JsonNull' as const, id: this.id(), range: nodeRange(m) },
          };
        }),
      };
    }
    if (c.LBracket) return { kind: 'JsonArray', id: this.id(), range, items: this.subs(c, 'item').map((i) => this.jsonValue(i)) };
    const str = this.tok(c, 'StringLiteral');
    if (str) return { kind: 'JsonString', id: this.id(), range, value: unquote(str.image) };
    const num = this.sub(c, 'signedNumber');
    if (num) return { kind: 'JsonNumber', id: this.id(), range, text: this.signedNumber(num).text };
    if (c.true || c.false) return { kind: 'JsonBool', id: this.id(), range, value: !!c.true };
    return { kind: 'JsonNull', id: this.id(), range };
  }

  // ---------------------------------------------------------------- expressions

  /** A placeholder for an expression lost to a syntax error (already reported). */
  private missing(range: A.Range): A.Expr {
    return { kind: 'NameRef', id: this.id(), range, name: '' };
  }

  expression(cst: CstNode | undefined): A.Expr {
    if (!cst) return this.missing(ZERO);
    const c = this.children(cst);
    const ifExpr = this.sub(c, 'ifExpr');
    if (ifExpr) {
      const ic = this.children(ifExpr);
      return {
        kind: 'IfExpr',
        id: this.id(),
        range: nodeRange(ifExpr),
        condition: this.expression(this.sub(ic, 'condition')),
        then: this.expression(this.sub(ic, 'thenBranch')),
        otherwise: this.expression(this.sub(ic, 'elseBranch')),
      };
    }
    return this.logical(this.sub(c, 'orExpr'), 'or');
  }

  private logical(cst: CstNode | undefined, op: 'or' | 'and'): A.Expr {
    if (!cst) return this.missing(ZERO);
    const operands = this.subs(this.children(cst), 'operand').map((o) =>
      op === 'or' ? this.logical(o, 'and') : this.notExpr(o),
    );
    return this.foldLeft(operands, operands.map(() => op), nodeRange(cst));
  }

  private foldLeft(operands: A.Expr[], ops: string[], range: A.Range): A.Expr {
    if (operands.length === 0) return this.missing(range);
    let acc = operands[0]!;
    for (let i = 1; i < operands.length; i++) {
      const right = operands[i]!;
      acc = {
        kind: 'Binary',
        id: this.id(),
        range: span(acc.range, right.range),
        op: ops[i] as A.Binary['op'],
        left: acc,
        right,
      };
    }
    return acc;
  }

  private notExpr(cst: CstNode): A.Expr {
    const c = this.children(cst);
    const inner = this.sub(c, 'notExpr');
    if (c.not && inner) return { kind: 'Unary', id: this.id(), range: nodeRange(cst), op: 'not', operand: this.notExpr(inner) };
    const cmp = this.sub(c, 'comparison');
    return cmp ? this.comparison(cmp) : this.missing(nodeRange(cst));
  }

  private comparison(cst: CstNode): A.Expr {
    const c = this.children(cst);
    const left = this.additive(this.sub(c, 'left'));
    const range = nodeRange(cst);
    const op = this.compareOp(this.sub(c, 'compareOperator'));
    const negated = !!this.tok(c, 'negated');
    if (op) {
      return { kind: 'Compare', id: this.id(), range, op, left, right: this.additive(this.sub(c, 'right')) };
    }
    if (c.is) {
      if (c.known || c.unknown) return { kind: 'IsKnown', id: this.id(), range, value: left, negated: negated !== !!c.unknown };
      return { kind: 'IsEnum', id: this.id(), range, value: left, enumValue: this.name(this.tok(c, 'enumValue')), negated };
    }
    if (c.in) {
      const set = this.sub(c, 'enumSet');
      if (set) {
        return { kind: 'InSet', id: this.id(), range, value: left, members: this.subs(this.children(set), 'enumWord').map((w) => this.name(this.tok(this.children(w), 'member'))), negated };
      }
      const r = this.rangeOrNumber(this.sub(c, 'rangeOrNumber'));
      const asRange: A.RangeExpr =
        r.kind === 'RangeExpr' ? r : { kind: 'RangeExpr', id: this.id(), range: r.range, low: r, high: r, highExclusive: false };
      return { kind: 'InRange', id: this.id(), range, value: left, bounds: asRange, negated };
    }
    return left;
  }

  private binaryChain(cst: CstNode | undefined, next: (n: CstNode) => A.Expr): A.Expr {
    if (!cst) return this.missing(ZERO);
    const c = this.children(cst);
    const operands = this.subs(c, 'operand').map(next);
    const ops = ['', ...this.toks(c, 'op').map((t) => t.image)];
    return this.foldLeft(operands, ops, nodeRange(cst));
  }

  private additive(cst: CstNode | undefined): A.Expr {
    return this.binaryChain(cst, (n) => this.binaryChain(n, (u) => this.unary(u)));
  }

  private unary(cst: CstNode): A.Expr {
    const c = this.children(cst);
    const inner = this.sub(c, 'unary');
    if (c.Minus && inner) return { kind: 'Unary', id: this.id(), range: nodeRange(cst), op: '-', operand: this.unary(inner) };
    const postfix = this.sub(c, 'postfix');
    return postfix ? this.postfix(postfix) : this.missing(nodeRange(cst));
  }

  private postfix(cst: CstNode): A.Expr {
    const c = this.children(cst);
    let expr = this.primary(this.sub(c, 'primary'));
    for (const field of this.toks(c, 'field')) {
      expr = { kind: 'FieldAccess', id: this.id(), range: span(expr.range, tokenRange(field)), object: expr, field: this.name(field) };
    }
    return expr;
  }

  private primary(cst: CstNode | undefined): A.Expr {
    if (!cst) return this.missing(ZERO);
    const c = this.children(cst);
    const range = nodeRange(cst);
    const num = this.tok(c, 'NumberLiteral');
    if (num) {
      const unit = this.sub(c, 'unitExpr');
      return { kind: 'NumberLiteral', id: this.id(), range, text: num.image, unit: unit ? this.unitExpr(unit) : undefined };
    }
    const date = this.tok(c, 'DateLiteral');
    if (date) return this.dateLiteral(date);
    if (c.true || c.false) return { kind: 'BoolLiteral', id: this.id(), range, value: !!c.true };
    const str = this.tok(c, 'StringLiteral');
    if (str) return { kind: 'TextLiteral', id: this.id(), range, value: unquote(str.image) };
    const inner = this.sub(c, 'expression');
    if (inner) return this.expression(inner);
    const name = this.tok(c, 'name');
    if (name) {
      const args = this.sub(c, 'callArguments');
      if (!c.LParen) return { kind: 'NameRef', id: this.id(), range, name: name.image };
      return this.call(name, args, range);
    }
    const aggregateKeyword = this.tok(c, 'aggregateKeyword');
    if (aggregateKeyword) return this.aggregate(aggregateKeyword.image as A.AggregateOp, this.sub(c, 'aggregateBody'), range);
    if (c.sum) {
      if (c.of) {
        return {
          kind: 'PointsSum',
          id: this.id(),
          range,
          terms: this.subs(c, 'pointsTerm').map((t) => {
            const tc = this.children(t);
            const label = this.tok(tc, 'label');
            return {
              label: label ? unquote(label.image) : '', value: this.expression(this.sub(tc, 'expression')), range: nodeRange(t),
              ...(label ? { labelRange: tokenRange(label) } : {}),
            };
          }),
        };
      }
      return this.aggregate('sum', this.sub(c, 'aggregateBody'), range);
    }
    const programValue = this.tok(c, 'programValue');
    if (programValue) return { kind: 'ProgramLiteral', id: this.id(), range, program: this.programRef(programValue) };
    const program = this.tok(c, 'ProgramId');
    if (program) return { kind: 'ProgramDecision', id: this.id(), range, program: this.programRef(program) };
    return this.missing(range);
  }

  private call(name: IToken, args: CstNode | undefined, range: A.Range): A.Expr {
    const ac = args ? this.children(args) : {};
    const body = this.sub(ac, 'aggregateBody');
    const callee = name.image;
    if (body && isAggregateName(callee)) return this.aggregate(callee, body, range);
    const argExprs = this.subs(ac, 'argument').map((a) => this.expression(a));
    // `count(members)` is the aggregate with no binder and no filter.
    if (callee === 'count' && argExprs.length === 1 && argExprs[0]!.kind === 'NameRef' && argExprs[0]!.name === 'members') {
      return { kind: 'Aggregate', id: this.id(), range, op: 'count', binder: undefined, filter: undefined, value: undefined };
    }
    return { kind: 'Call', id: this.id(), range, callee: this.name(name), args: argExprs };
  }

  private aggregate(op: A.AggregateOp, body: CstNode | undefined, range: A.Range): A.Aggregate {
    const c = body ? this.children(body) : {};
    const binder = this.tok(c, 'binder');
    const filter = this.sub(c, 'filter');
    const value = this.sub(c, 'value');
    return {
      kind: 'Aggregate',
      id: this.id(),
      range,
      op,
      binder: binder ? this.name(binder) : undefined,
      filter: filter ? this.expression(filter) : undefined,
      value: value ? this.expression(value) : undefined,
    };
  }
}

/** The transformations `unchanged when …` knows, by their English phrase. */
export const INVARIANT_PHRASES: Record<string, A.InvariantTransformation> = {
  'members are reordered': 'member_order',
  'an unrelated member is added': 'unrelated_member',
  'the date moves within a period': 'date_within_period',
};

function isAggregateName(name: string): name is A.AggregateOp {
  return name === 'count' || name === 'sum' || name === 'min' || name === 'max';
}
