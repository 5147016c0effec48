// The grammar: tokens → concrete syntax tree, with Chevrotain's error recovery so one pass reports
// several mistakes. The CST is turned into the AST by build-ast.ts; nothing outside dsl/ sees a CST.
import { CstParser, EOF, NoViableAltException, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import { depthMessage, MAX_EXPRESSION_DEPTH, MAX_NESTING, nestingMessage } from './limits';
import * as T from './lexer';
import { knownUnitSpellings } from './check/units';
import { errorMessages } from './parse-errors';
import { editDistance } from './suggest';

const UNIT_WORDS = new Set(knownUnitSpellings());
function looksLikeUnit(word: string): boolean {
  return UNIT_WORDS.has(word) || (word.length > 3 && [...UNIT_WORDS].some((u) => editDistance(word, u) <= 1));
}

const K = T.keywordTokens;

/** Set to true by the CLI build (scripts/build.ts) after it has built this parser once with Chevrotain's
 *  grammar validations on: the grammar cannot change inside a bundle, so the bundle skips re-validating
 *  it on every start. Everywhere else (tests, editor, server) it is undefined and validations run. */
declare const __ELIG_GRAMMAR_VALIDATED__: boolean | undefined;
const GRAMMAR_VALIDATED = typeof __ELIG_GRAMMAR_VALIDATED__ !== 'undefined' && __ELIG_GRAMMAR_VALIDATED__;

/** Tokens that may start a top-level declaration: recovery re-synchronises on them. */
export const DECLARATION_STARTS: TokenType[] = [
  K.parameter, K.table, K.for, K.let, K.eligible, K.benefit, K.score, K.outcome, K.example, K.property,
  K.translation,
  K.cannot,
  K.paid,
  K.component,
];

const saveError = (CstParser.prototype as unknown as { SAVE_ERROR(e: IRecognitionException): IRecognitionException }).SAVE_ERROR;

/** The recognition error the nesting guard raises; parse.ts reports it as E-TOO-DEEP. */
export const TOO_DEEP_MARK = Symbol('too deep');

class RulesetParser extends CstParser {
  /** Rule-stack depths of the nesting levels open now (stale entries are dropped lazily). */
  private levels: number[] = [];
  /** Set once the guard fired in the current declaration: what follows in it are consequences. */
  private quiet = false;

  /**
   * Enter one nesting level. Beyond MAX_NESTING this throws a recognition error, so Chevrotain's recovery
   * skips the rest of the too-deep expression and parsing goes on: bounded recursion, one diagnostic.
   */
  private enterLevel(): void {
    this.ACTION(() => {
      const depth = (this as unknown as { RULE_STACK_IDX: number }).RULE_STACK_IDX;
      while (this.levels.length > 0 && this.levels[this.levels.length - 1]! >= depth) this.levels.pop();
      this.levels.push(depth);
      if (this.levels.length > MAX_NESTING) this.refuse(nestingMessage());
    });
  }

  /** One more operand of a chain (`a + b + …`, `x.a.b…`): the chain is as deep as it is long. */
  private chainLink(count: { n: number }): void {
    this.ACTION(() => {
      if (++count.n > MAX_EXPRESSION_DEPTH) this.refuse(depthMessage());
    });
  }

  private refuse(message: string): never {
    const error = new NoViableAltException(message, this.LA(1), this.LA(0));
    this.skipNested();
    (error as unknown as Record<symbol, boolean>)[TOO_DEEP_MARK] = true;
    if (!this.quiet) this.SAVE_ERROR(error);
    this.quiet = true;
    throw error;
  }

  /**
   * Skip the rest of what is too deep: up to (not including) the bracket that closes the one around us,
   * else the next declaration keyword outside brackets. Recovery then finds its footing on the next token
   * instead of searching the follow sets of a deep rule stack at every frame (slow on 5,000 groups).
   */
  private skipNested(): void {
    const skip = (this as unknown as { SKIP_TOKEN(): IToken }).SKIP_TOKEN.bind(this);
    let balance = 0;
    for (;;) {
      const type = this.LA(1).tokenType;
      if (type === EOF) return;
      if (type === T.LParen || type === T.LBrace || type === T.LBracket) balance++;
      else if (type === T.RParen || type === T.RBrace || type === T.RBracket) {
        if (balance === 0) return;
        balance--;
      } else if (balance === 0 && DECLARATION_STARTS.includes(type)) return;
      skip();
    }
  }

  /** Chevrotain's error log (not in its typings). After a too-deep expression the rest of its
   *  declaration only produces echoes of it, so they are dropped. */
  protected SAVE_ERROR(error: IRecognitionException): IRecognitionException {
    return this.quiet ? error : saveError.call(this, error);
  }

  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      nodeLocationTracking: 'full',
      errorMessageProvider: errorMessages,
      skipValidations: GRAMMAR_VALIDATED,
    });
    this.performSelfAnalysis();
  }

  public rulesetFile = this.RULE('rulesetFile', () => {
    this.ACTION(() => { this.levels = []; this.quiet = false; });
    this.OPTION(() => this.SUBRULE(this.programHeader));
    this.MANY(() => this.SUBRULE(this.declaration));
  });

  /** Declarations only: parsing resumes here after a stretch of text that starts no declaration. */
  public declarations = this.RULE('declarations', () => {
    this.ACTION(() => { this.levels = []; this.quiet = false; });
    this.MANY(() => this.SUBRULE(this.declaration));
  });

  private programHeader = this.RULE('programHeader', () => {
    this.CONSUME(K.program);
    this.CONSUME(T.ProgramId);
    this.CONSUME(T.StringLiteral, { LABEL: 'title' });
    this.MANY(() =>
      this.OR([
        { ALT: () => { this.CONSUME(K.country); this.CONSUME(T.Identifier, { LABEL: 'countryCode' }); } },
        { ALT: () => { this.CONSUME(K.currency); this.CONSUME2(T.Identifier, { LABEL: 'currencyCode' }); } },
        { ALT: () => this.SUBRULE(this.provenance) },
        { ALT: () => this.SUBRULE(this.inForce) },
        { ALT: () => { this.CONSUME(K.extends); this.CONSUME2(T.ProgramId, { LABEL: 'base' }); } },
        { ALT: () => this.SUBRULE(this.languageCode, { LABEL: 'language' }) },
      ]),
    );
  });

  private inForce = this.RULE('inForce', () => {
    this.CONSUME(K.in);
    this.CONSUME(K.force);
    this.CONSUME(K.from);
    this.CONSUME(T.DateLiteral, { LABEL: 'fromDate' });
    this.OPTION(() => { this.CONSUME(K.until); this.CONSUME2(T.DateLiteral, { LABEL: 'untilDate' }); });
  });

  private provenance = this.RULE('provenance', () => {
    this.OR([{ ALT: () => this.CONSUME(K.source) }, { ALT: () => this.CONSUME(K.assumption) }]);
    this.CONSUME(T.StringLiteral);
  });

  private declaration = this.RULE('declaration', () => {
    this.ACTION(() => { this.quiet = false; });
    this.OR([
      { ALT: () => this.SUBRULE(this.parameterDecl) },
      { ALT: () => this.SUBRULE(this.tableDecl) },
      { ALT: () => this.SUBRULE(this.subjectDecl) },
      { ALT: () => this.SUBRULE(this.letDecl) },
      { ALT: () => this.SUBRULE(this.eligibleDecl) },
      { ALT: () => this.SUBRULE(this.benefitDecl) },
      { ALT: () => this.SUBRULE(this.scoreDecl) },
      { ALT: () => this.SUBRULE(this.outcomeDecl) },
      { ALT: () => this.SUBRULE(this.exampleDecl) },
      { ALT: () => this.SUBRULE(this.propertyDecl) },
      { ALT: () => this.SUBRULE(this.translationDecl) },
      { ALT: () => this.SUBRULE(this.cannotChangeDecl) },
      { ALT: () => this.SUBRULE(this.paymentDecl) },
      { ALT: () => this.SUBRULE(this.componentDecl) },
    ]);
  });

  // ------------------------------------------------------------ languages and translations

  /** `language pt` (or `language "pt"`) in the header. */
  private languageCode = this.RULE('languageCode', () => {
    this.CONSUME(K.language);
    this.SUBRULE(this.languageName);
  });

  private languageName = this.RULE('languageName', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'code' }) },
      { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: 'code' }) },
    ]);
  });

  /** `translation es { "text": "texto"  name: "nombre" }` */
  private translationDecl = this.RULE('translationDecl', () => {
    this.CONSUME(K.translation);
    this.SUBRULE(this.languageName);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.translationEntry));
    this.CONSUME(T.RBrace);
  });

  private translationEntry = this.RULE('translationEntry', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: 'textKey' }) },
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'nameKey' }) },
      { ALT: () => this.SUBRULE(this.outcomeKey) },
    ]);
    this.CONSUME(T.Colon);
    this.CONSUME2(T.StringLiteral, { LABEL: 'text' });
  });

  /** `outcome selected: "seleccionada"`: how an outcome value reads (`outcome "a b": …` for any text). */
  private outcomeKey = this.RULE('outcomeKey', () => {
    this.CONSUME(K.outcome);
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'value' }) },
      { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: 'value' }) },
    ]);
  });

  // ------------------------------------------------------------ parameters and tables

  private parameterDecl = this.RULE('parameterDecl', () => {
    this.CONSUME(K.parameter);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.Colon);
    this.OR([
      { ALT: () => this.CONSUME(K.date, { LABEL: 'dateType' }) },
      { ALT: () => this.SUBRULE(this.unitExpr) },
    ]);
    // `= 70 …` is one value in force at every date; `from … = …` lines are dated values.
    this.AT_LEAST_ONE(() => this.SUBRULE(this.datedValue));
    this.OPTION(() => { this.CONSUME(K.until); this.CONSUME(T.DateLiteral, { LABEL: 'untilDate' }); });
  });

  /** `= 70 source "…"` or `from 2012-01-01 = 700 assumption "…"`; the day itself may be a guess:
   *  `from 2008-01-01 assumption "BO gives the year only" = 8 source "…"`. */
  private datedValue = this.RULE('datedValue', () => {
    this.OPTION(() => {
      this.CONSUME(K.from);
      this.CONSUME(T.DateLiteral, { LABEL: 'fromDate' });
      this.OPTION3(() => { this.CONSUME(K.assumption, { LABEL: 'fromAssumption' }); this.CONSUME(T.StringLiteral, { LABEL: 'fromReason' }); });
    });
    this.CONSUME(T.Equals);
    this.OR([
      { ALT: () => this.SUBRULE(this.signedNumber) },
      { ALT: () => this.CONSUME2(T.DateLiteral, { LABEL: 'dateValue' }) },
    ]);
    this.OPTION2(() => this.SUBRULE(this.provenance));
  });

  private signedNumber = this.RULE('signedNumber', () => {
    this.OPTION(() => this.CONSUME(T.Minus));
    this.CONSUME(T.NumberLiteral);
  });

  /** `BOB per person per month`, `kWh`, `number`. */
  private unitExpr = this.RULE('unitExpr', () => {
    this.CONSUME(T.Identifier, { LABEL: 'numerator' });
    this.MANY(() => { this.CONSUME(K.per); this.CONSUME2(T.Identifier, { LABEL: 'denominator' }); });
  });

  private tableDecl = this.RULE('tableDecl', () => {
    this.CONSUME(K.table);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.unitExpr);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.provenance) },
        { ALT: () => { this.CONSUME(K.granularity); this.CONSUME(T.NumberLiteral, { LABEL: 'granularityValue' }); } },
      ]),
    );
    this.CONSUME(T.LBrace);
    this.MANY2(() => this.SUBRULE(this.tableRow));
    this.CONSUME(T.RBrace);
  });

  private tableRow = this.RULE('tableRow', () => {
    this.OR([
      { ALT: () => this.CONSUME(K.otherwise) },
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'enumKey' }) },
      { ALT: () => this.CONSUME(K.none, { LABEL: 'enumKey' }) },
      { ALT: () => this.SUBRULE(this.rangeOrNumber) },
    ]);
    this.CONSUME(T.Arrow);
    this.SUBRULE(this.signedNumber, { LABEL: 'value' });
  });

  /** `7`, `18..24`, `18..<25`, `..25`, `51..`. */
  private rangeOrNumber = this.RULE('rangeOrNumber', () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(T.DotDot) }, { ALT: () => this.CONSUME(T.DotDotLess) }]);
          this.SUBRULE(this.signedNumber, { LABEL: 'high' });
        },
      },
      {
        ALT: () => {
          this.SUBRULE2(this.signedNumber, { LABEL: 'low' });
          this.OPTION(() =>
            this.OR3([
              {
                ALT: () => {
                  this.CONSUME2(T.DotDot);
                  this.OPTION2(() => this.SUBRULE3(this.signedNumber, { LABEL: 'high' }));
                },
              },
              { ALT: () => { this.CONSUME2(T.DotDotLess); this.SUBRULE4(this.signedNumber, { LABEL: 'high' }); } },
            ]),
          );
        },
      },
    ]);
  });

  // ------------------------------------------------------------ subject, lets, results

  private subjectDecl = this.RULE('subjectDecl', () => {
    this.CONSUME(K.for);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.each);
          this.CONSUME(T.Identifier, { LABEL: 'memberWord' });
          this.CONSUME(K.as);
          this.CONSUME2(T.Identifier, { LABEL: 'alias' });
          this.OPTION(() => { this.CONSUME(K.where); this.SUBRULE(this.expression, { LABEL: 'filter' }); });
        },
      },
      { ALT: () => this.CONSUME3(T.Identifier, { LABEL: 'householdWord' }) },
    ]);
  });

  private letDecl = this.RULE('letDecl', () => {
    this.CONSUME(K.let);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  private eligibleDecl = this.RULE('eligibleDecl', () => {
    this.CONSUME(K.eligible);
    this.CONSUME(K.when);
    this.SUBRULE(this.conditionItem);
  });

  private conditionItem = this.RULE('conditionItem', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.StringLiteral, { LABEL: 'label' });
          this.CONSUME(T.Colon);
          this.SUBRULE(this.expression);
          this.OPTION(() => this.SUBRULE(this.provenance));
        },
      },
      { ALT: () => this.SUBRULE(this.conditionGroup) },
    ]);
  });

  private conditionGroup = this.RULE('conditionGroup', () => {
    this.enterLevel();
    this.OR([
      { ALT: () => this.CONSUME(K.all, { LABEL: 'combinator' }) },
      { ALT: () => this.CONSUME(K.any, { LABEL: 'combinator' }) },
      { ALT: () => this.CONSUME(K.none, { LABEL: 'combinator' }) },
    ]);
    this.CONSUME(K.of);
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: 'label' }));
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.conditionItem));
    this.CONSUME(T.RBrace);
  });

  private benefitDecl = this.RULE('benefitDecl', () => {
    this.CONSUME(K.benefit);
    this.OR([
      { ALT: () => { this.CONSUME(K.per); this.CONSUME(T.Identifier, { LABEL: 'period' }); } },
      { ALT: () => this.CONSUME(K.once) },
    ]);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  /** `paid when <condition item>`: a condition of payment. Eligible subjects whose condition fails are
   *  paid 0 for the period and stay eligible (BE ¶7.2: no transfer for a month of low attendance). */
  private paymentDecl = this.RULE('paymentDecl', () => {
    this.CONSUME(K.paid);
    this.CONSUME(K.when);
    this.SUBRULE(this.conditionItem);
  });

  /** `component savings per year = … source "…"`: a named part of the benefit with its own period. */
  private componentDecl = this.RULE('componentDecl', () => {
    this.CONSUME(K.component);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OR([
      { ALT: () => { this.CONSUME(K.per); this.CONSUME2(T.Identifier, { LABEL: 'period' }); } },
      { ALT: () => this.CONSUME(K.once) },
    ]);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
    this.OPTION(() => this.SUBRULE(this.provenance));
  });

  private scoreDecl = this.RULE('scoreDecl', () => {
    this.CONSUME(K.score);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  private outcomeDecl = this.RULE('outcomeDecl', () => {
    this.CONSUME(K.outcome);
    this.OPTION(() => { this.CONSUME(K.when); this.CONSUME(K.eligible); });
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  // ------------------------------------------------------------ facts that cannot change

  /** `cannot change members.sex, household.area source "…"`: facts counterfactual search leaves alone. */
  private cannotChangeDecl = this.RULE('cannotChangeDecl', () => {
    this.CONSUME(K.cannot);
    this.CONSUME(K.change);
    this.SUBRULE(this.fieldPath);
    this.MANY(() => { this.CONSUME(T.Comma); this.SUBRULE2(this.fieldPath); });
    this.OPTION(() => this.SUBRULE(this.provenance));
  });

  private fieldPath = this.RULE('fieldPath', () => {
    this.CONSUME(T.Identifier, { LABEL: 'part' });
    this.AT_LEAST_ONE(() => { this.CONSUME(T.Dot); this.CONSUME2(T.Identifier, { LABEL: 'part' }); });
  });

  // ------------------------------------------------------------ examples and properties

  private exampleDecl = this.RULE('exampleDecl', () => {
    this.CONSUME(K.example);
    this.CONSUME(T.StringLiteral, { LABEL: 'name' });
    this.CONSUME(T.LBrace);
    this.MANY(() =>
      this.OR([
        { ALT: () => { this.CONSUME(K.date); this.CONSUME(T.DateLiteral); } },
        { ALT: () => { this.CONSUME(T.Identifier, { LABEL: 'householdWord' }); this.SUBRULE(this.jsonValue); } },
        { ALT: () => this.SUBRULE(this.expectation) },
      ]),
    );
    this.CONSUME(T.RBrace);
  });

  private expectation = this.RULE('expectation', () => {
    this.CONSUME(K.expect);
    this.OR([
      { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: 'subject' }) },
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'householdWord' }) },
    ]);
    this.OR2([
      { ALT: () => this.CONSUME(K.eligible, { LABEL: 'field' }) },
      { ALT: () => this.CONSUME(K.benefit, { LABEL: 'field' }) },
      { ALT: () => this.CONSUME(K.outcome, { LABEL: 'field' }) },
      { ALT: () => { this.CONSUME(K.score, { LABEL: 'field' }); this.CONSUME2(T.Identifier, { LABEL: 'scoreName' }); } },
      // `expect household component savings = 260`: the name is kept in `scoreName` too.
      { ALT: () => { this.CONSUME(K.component, { LABEL: 'field' }); this.CONSUME3(T.Identifier, { LABEL: 'scoreName' }); } },
    ]);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.jsonValue);
  });

  private propertyDecl = this.RULE('propertyDecl', () => {
    this.CONSUME(K.property);
    this.CONSUME(T.StringLiteral, { LABEL: 'name' });
    this.CONSUME(T.LBrace);
    this.SUBRULE(this.propertyLaw);
    this.CONSUME(T.RBrace);
  });

  /** Laws read as English; their connecting words (`implies`, `never`, `unchanged`, …) are contextual,
   *  not reserved, so rulesets may still use them as names. */
  private propertyLaw = this.RULE('propertyLaw', () => {
    this.OR([
      { GATE: () => this.LA(1).image === 'deterministic', ALT: () => this.CONSUME(T.Identifier, { LABEL: 'deterministic' }) },
      {
        GATE: () => this.LA(1).image === 'unchanged',
        ALT: () => {
          this.CONSUME2(T.Identifier, { LABEL: 'unchanged' });
          this.CONSUME(K.when);
          this.SUBRULE(this.phrase);
        },
      },
      {
        GATE: () => this.LA(1).image === 'agrees',
        ALT: () => {
          this.CONSUME4(T.Identifier, { LABEL: 'agrees' });
          this.CONSUME5(T.Identifier, { LABEL: 'with' });
          this.CONSUME(T.ProgramId);
          this.OPTION(() => { this.CONSUME2(K.when); this.SUBRULE(this.expression, { LABEL: 'agreeWhen' }); });
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.decisionTest, { LABEL: 'premise' });
          this.OR3([
            {
              GATE: () => this.LA(1).image === 'implies',
              ALT: () => { this.CONSUME6(T.Identifier, { LABEL: 'implies' }); this.SUBRULE2(this.decisionTest, { LABEL: 'conclusion' }); },
            },
            {
              GATE: () => this.LA(1).image === 'never',
              ALT: () => {
                this.CONSUME7(T.Identifier, { LABEL: 'never' });
                this.CONSUME8(T.Identifier, { LABEL: 'direction' });
                this.CONSUME9(T.Identifier, { LABEL: 'with' });
                this.SUBRULE2(this.expression, { LABEL: 'input' });
              },
            },
            {
              GATE: () => this.LA(1).image === 'always',
              ALT: () => {
                this.CONSUME3(T.Identifier, { LABEL: 'always' });
                this.SUBRULE(this.compareOperator);
                this.SUBRULE(this.signedNumber, { LABEL: 'limit' });
              },
            },
          ]);
        },
      },
    ]);
  });

  /** Free words, as in `members are reordered`; the builder checks them against the known phrases. */
  private phrase = this.RULE('phrase', () => {
    this.AT_LEAST_ONE(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'word' }) },
        { ALT: () => this.CONSUME(K.is, { LABEL: 'word' }) },
        { ALT: () => this.CONSUME(K.date, { LABEL: 'word' }) },
      ]),
    );
  });

  /** `eligible`, `not eligible`, `benefit > 0`, `score priority >= 300`, `outcome = "selected"`. */
  private decisionTest = this.RULE('decisionTest', () => {
    this.OPTION(() => this.CONSUME(K.not, { LABEL: 'negated' }));
    this.OR([
      { ALT: () => this.CONSUME(K.eligible, { LABEL: 'field' }) },
      { ALT: () => this.CONSUME(K.benefit, { LABEL: 'field' }) },
      { ALT: () => this.CONSUME(K.outcome, { LABEL: 'field' }) },
      { ALT: () => { this.CONSUME(K.score, { LABEL: 'field' }); this.CONSUME(T.Identifier, { LABEL: 'scoreName' }); } },
    ]);
    this.OPTION2(() => {
      this.SUBRULE(this.compareOperator);
      this.OR2([
        { ALT: () => this.SUBRULE(this.signedNumber, { LABEL: 'number' }) },
        { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: 'text' }) },
      ]);
    });
  });

  private compareOperator = this.RULE('compareOperator', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.LessEq, { LABEL: 'op' }) },
      { ALT: () => this.CONSUME(T.GreaterEq, { LABEL: 'op' }) },
      { ALT: () => this.CONSUME(T.NotEq, { LABEL: 'op' }) },
      { ALT: () => this.CONSUME(T.Less, { LABEL: 'op' }) },
      { ALT: () => this.CONSUME(T.Greater, { LABEL: 'op' }) },
      { ALT: () => this.CONSUME(T.Equals, { LABEL: 'op' }) },
    ]);
  });

  private jsonValue = this.RULE('jsonValue', () => {
    this.enterLevel();
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LBrace);
          this.OPTION(() => {
            this.SUBRULE(this.jsonMember);
            this.MANY(() => { this.CONSUME(T.Comma); this.SUBRULE2(this.jsonMember); });
          });
          this.CONSUME(T.RBrace);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.OPTION2(() => {
            this.SUBRULE(this.jsonValue, { LABEL: 'item' });
            this.MANY2(() => { this.CONSUME2(T.Comma); this.SUBRULE2(this.jsonValue, { LABEL: 'item' }); });
          });
          this.CONSUME(T.RBracket);
        },
      },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.SUBRULE(this.signedNumber) },
      { ALT: () => this.CONSUME(K.true) },
      { ALT: () => this.CONSUME(K.false) },
      { ALT: () => this.CONSUME(K.null) },
    ]);
  });

  private jsonMember = this.RULE('jsonMember', () => {
    this.CONSUME(T.StringLiteral, { LABEL: 'key' });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.jsonValue);
  });

  // ------------------------------------------------------------ expressions (loosest first)

  public expression = this.RULE('expression', () => {
    this.enterLevel();
    this.OR([
      { ALT: () => this.SUBRULE(this.ifExpr) },
      { ALT: () => this.SUBRULE(this.orExpr) },
    ]);
  });

  private ifExpr = this.RULE('ifExpr', () => {
    this.CONSUME(K.if);
    this.SUBRULE(this.expression, { LABEL: 'condition' });
    this.CONSUME(K.then);
    this.SUBRULE2(this.expression, { LABEL: 'thenBranch' });
    this.CONSUME(K.else);
    this.SUBRULE3(this.expression, { LABEL: 'elseBranch' });
  });

  private orExpr = this.RULE('orExpr', () => {
    const chain = { n: 1 };
    this.SUBRULE(this.andExpr, { LABEL: 'operand' });
    this.MANY(() => { this.CONSUME(K.or); this.chainLink(chain); this.SUBRULE2(this.andExpr, { LABEL: 'operand' }); });
  });

  private andExpr = this.RULE('andExpr', () => {
    const chain = { n: 1 };
    this.SUBRULE(this.notExpr, { LABEL: 'operand' });
    this.MANY(() => { this.CONSUME(K.and); this.chainLink(chain); this.SUBRULE2(this.notExpr, { LABEL: 'operand' }); });
  });

  private notExpr = this.RULE('notExpr', () => {
    this.OR([
      { ALT: () => { this.CONSUME(K.not); this.enterLevel(); this.SUBRULE(this.notExpr); } },
      { ALT: () => this.SUBRULE(this.comparison) },
    ]);
  });

  private comparison = this.RULE('comparison', () => {
    this.SUBRULE(this.additive, { LABEL: 'left' });
    this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            this.SUBRULE(this.compareOperator);
            this.SUBRULE2(this.additive, { LABEL: 'right' });
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.is);
            this.OPTION2(() => this.CONSUME(K.not, { LABEL: 'negated' }));
            this.OR3([
              { ALT: () => this.CONSUME(K.known) },
              { ALT: () => this.CONSUME(K.unknown) },
              { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'enumValue' }) },
              { ALT: () => this.CONSUME(K.none, { LABEL: 'enumValue' }) },
            ]);
          },
        },
        {
          ALT: () => {
            this.OPTION3(() => this.CONSUME2(K.not, { LABEL: 'negated' }));
            this.CONSUME(K.in);
            this.OR4([
              { ALT: () => this.SUBRULE(this.enumSet) },
              { ALT: () => this.SUBRULE(this.rangeOrNumber) },
            ]);
          },
        },
      ]),
    );
  });

  private enumSet = this.RULE('enumSet', () => {
    this.CONSUME(T.LBrace);
    this.SUBRULE(this.enumWord);
    this.MANY(() => { this.CONSUME(T.Comma); this.SUBRULE2(this.enumWord); });
    this.CONSUME(T.RBrace);
  });

  /** An enum value; `none` is also a keyword (`none of`) but is a value of health_coverage and custody. */
  private enumWord = this.RULE('enumWord', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'member' }) },
      { ALT: () => this.CONSUME(K.none, { LABEL: 'member' }) },
    ]);
  });

  private additive = this.RULE('additive', () => {
    const chain = { n: 1 };
    this.SUBRULE(this.multiplicative, { LABEL: 'operand' });
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus, { LABEL: 'op' }) }, { ALT: () => this.CONSUME(T.Minus, { LABEL: 'op' }) }]);
      this.chainLink(chain);
      this.SUBRULE2(this.multiplicative, { LABEL: 'operand' });
    });
  });

  private multiplicative = this.RULE('multiplicative', () => {
    const chain = { n: 1 };
    this.SUBRULE(this.unary, { LABEL: 'operand' });
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Star, { LABEL: 'op' }) }, { ALT: () => this.CONSUME(T.Slash, { LABEL: 'op' }) }]);
      this.chainLink(chain);
      this.SUBRULE2(this.unary, { LABEL: 'operand' });
    });
  });

  private unary = this.RULE('unary', () => {
    this.OR([
      { ALT: () => { this.CONSUME(T.Minus); this.enterLevel(); this.SUBRULE(this.unary); } },
      { ALT: () => this.SUBRULE(this.postfix) },
    ]);
  });

  private postfix = this.RULE('postfix', () => {
    const chain = { n: 1 };
    this.SUBRULE(this.primary);
    this.MANY(() => { this.CONSUME(T.Dot); this.chainLink(chain); this.CONSUME(T.Identifier, { LABEL: 'field' }); });
  });

  private primary = this.RULE('primary', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.NumberLiteral);
          // `200 BOB`: a name after a number is its unit — when it is one (or a typo of one). Otherwise
          // `18 youth` (an operator lost, say) is reported as a syntax error, not as an unknown unit.
          this.OPTION({ GATE: () => looksLikeUnit(this.LA(1).image), DEF: () => this.SUBRULE(this.unitExpr) });
        },
      },
      { ALT: () => this.CONSUME(T.DateLiteral) },
      { ALT: () => this.CONSUME(K.true) },
      { ALT: () => this.CONSUME(K.false) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => { this.CONSUME(T.LParen); this.SUBRULE(this.expression); this.CONSUME(T.RParen); } },
      {
        ALT: () => {
          this.CONSUME(T.Identifier, { LABEL: 'name' });
          this.OPTION2(() => { this.CONSUME2(T.LParen); this.SUBRULE(this.callArguments); this.CONSUME2(T.RParen); });
        },
      },
      {
        // any(members as m: …) / all(…)
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(K.any, { LABEL: 'aggregateKeyword' }) },
            { ALT: () => this.CONSUME(K.all, { LABEL: 'aggregateKeyword' }) },
          ]);
          this.CONSUME3(T.LParen);
          this.SUBRULE(this.aggregateBody);
          this.CONSUME3(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.sum);
          this.OR3([
            {
              ALT: () => {
                this.CONSUME(K.of);
                this.CONSUME(T.LBrace);
                this.MANY(() => this.SUBRULE(this.pointsTerm));
                this.CONSUME(T.RBrace);
              },
            },
            { ALT: () => { this.CONSUME4(T.LParen); this.SUBRULE2(this.aggregateBody); this.CONSUME4(T.RParen); } },
          ]);
        },
      },
      // A program named as a value: the argument of `years_in_program(pe/juntos)`.
      { ALT: () => this.CONSUME2(T.ProgramId, { LABEL: 'programValue' }) },
      {
        ALT: () => {
          this.CONSUME(K.eligible);
          this.CONSUME5(T.LParen);
          this.CONSUME(T.ProgramId);
          this.CONSUME5(T.RParen);
        },
      },
    ]);
  });

  private pointsTerm = this.RULE('pointsTerm', () => {
    this.CONSUME(T.StringLiteral, { LABEL: 'label' });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
  });

  /** Either an aggregate over members (`members as m where …: …`) or ordinary arguments. */
  private callArguments = this.RULE('callArguments', () => {
    this.OR([
      {
        GATE: () => this.LA(1).image === 'members' && (this.LA(2).tokenType === K.as || this.LA(2).tokenType === K.where),
        ALT: () => this.SUBRULE(this.aggregateBody),
      },
      {
        ALT: () => {
          this.OPTION(() => {
            this.SUBRULE(this.expression, { LABEL: 'argument' });
            this.MANY(() => { this.CONSUME(T.Comma); this.SUBRULE2(this.expression, { LABEL: 'argument' }); });
          });
        },
      },
    ]);
  });

  private aggregateBody = this.RULE('aggregateBody', () => {
    this.CONSUME(T.Identifier, { LABEL: 'collection' });
    this.OPTION(() => { this.CONSUME(K.as); this.CONSUME2(T.Identifier, { LABEL: 'binder' }); });
    this.OPTION2(() => { this.CONSUME(K.where); this.SUBRULE(this.expression, { LABEL: 'filter' }); });
    this.OPTION3(() => { this.CONSUME(T.Colon); this.SUBRULE2(this.expression, { LABEL: 'value' }); });
  });
}

let built: RulesetParser | undefined;

/** One parser instance, built on first use: Chevrotain parsers are reusable and expensive to construct
 *  (recording the grammar and computing its lookahead), and a command that reads only precomputed parses
 *  (dsl/stored-parses.ts) never needs one. */
export function theParser(): RulesetParser {
  built ??= new RulesetParser();
  return built;
}

export type ParseTokens = IToken[];
