// `elig` — the command line: check, eval, fmt, test, export. Each command lives in cli/commands/.
import { runCheck } from './commands/check';
import { runCompare } from './commands/compare';
import { runEval } from './commands/eval';
import { runExport } from './commands/export';
import { runFmt } from './commands/fmt';
import { runImport } from './commands/import';
import { runPull } from './commands/pull';
import { runScreen } from './commands/screen';
import { runSql } from './commands/sql';
import { runTarget } from './commands/target';
import { runTest } from './commands/test';
import { complain, say } from './terminal';

const USAGE = `elig — eligibility rules engine

  elig check [files or folders]                 diagnostics as file:line:col: severity: message
  elig eval <ruleset-id> <household.json | -> [--date YYYY-MM-DD] [--json]
  elig fmt [--check] [files or folders]         canonical layout (in place, or --check)
  elig test [rulesets…] [--runs N] [--seed S] [--json]   examples and properties (fast-check)
  elig compare <baseline> [reform] <households.json|.jsonl> [--date D] [--json]
                                                who qualifies, who gains and loses, what it costs
  elig export --format json-rules-engine <ruleset-id> [--date D] [--eligibility-only]
  elig pull [--data DIR] [ids…]                 write versions saved through the API into rulesets/
  elig import <households.jsonl|.json|.csv> --out <households.parquet>
                                                check every row, write the registry layout as Parquet
  elig screen <ruleset> <input.jsonl|.json|.csv|.parquet> --date D --out <file.parquet|.csv|.jsonl>
                                                decide a whole registry, one row per subject, with a summary
  elig sql <ruleset> --date D [--dialect duckdb|postgres]
                                                the ruleset as one SQL query over households and members
  elig target <ruleset> <input> --date D [--poor registry | --poor-below AMOUNT] [--group FIELD] [--html FILE]
                                                inclusion and exclusion errors, coverage, leakage (BO Table 4.7)

Ruleset ids are paths under rulesets/ (rulesets/bo/mped.elig is bo/mped); set ELIG_RULESETS to use another folder.`;

export const COMMANDS: Record<string, (args: string[]) => Promise<number> | number> = {
  check: runCheck,
  eval: runEval,
  fmt: runFmt,
  test: runTest,
  compare: runCompare,
  export: runExport,
  pull: runPull,
  import: runImport,
  screen: runScreen,
  target: runTarget,
  sql: runSql,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    say(USAGE);
    return command ? 0 : 2;
  }
  const run = COMMANDS[command];
  if (!run) {
    complain(`elig: unknown command \`${command}\`.\n\n${USAGE}`);
    return 2;
  }
  try {
    return await run(rest);
  } catch (error) {
    // Usage mistakes and unreadable files end here: one line, no stack trace.
    complain(`elig ${command}: ${(error as Error).message}`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
