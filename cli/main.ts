// `elig` — the command line. Each command lives in cli/commands/ and is loaded only when it runs, so
// `elig eval` never loads what `pull` (SQLite), `sql` (DuckDB) or `test` (fast-check) needs.
import { complain, say } from './terminal';

const USAGE = `elig — eligibility rules engine

  elig check [files or folders]                 diagnostics as file:line:col: severity: message
  elig eval <ruleset-id> <household.json | -> [--date YYYY-MM-DD] [--json] [--lang es|pt|en]
  elig explain <ruleset-id> <household.json> [--date D] [--lang es|pt|en] [--html out.html]
                                                the decision as a case worker reads it to a family
  elig fmt [--check] [files or folders]         canonical layout (in place, or --check)
  elig test [rulesets…] [--runs N] [--seed S] [--json]   examples and properties (fast-check)
  elig compare <baseline> [reform] <households.json|.jsonl> [--date D] [--json]
                                                who qualifies, who gains and loses, what it costs
  elig export --format json-rules-engine <ruleset-id> [--date D] [--eligibility-only]
  elig pull [--data DIR] [--drafts] [ids…]      write published versions saved through the API into rulesets/
  elig import <households.jsonl|.json|.csv> --out <households.parquet>
                                                check every row, write the registry layout as Parquet
  elig screen <ruleset> <input.jsonl|.json|.csv|.parquet> --date D --out <file.parquet|.csv|.jsonl>
                                                decide a whole registry, one row per subject, with a summary
  elig sql <ruleset> --date D [--dialect duckdb|postgres]
                                                the ruleset as one SQL query over households and members
  elig target <ruleset> <input> --date D [--poor registry | --poor-below AMOUNT] [--group FIELD] [--html FILE]
                                                inclusion and exclusion errors, coverage, leakage (BO Table 4.7)

Ruleset ids are paths under rulesets/ (rulesets/bo/mped.elig is bo/mped); set ELIG_RULESETS to use another folder.`;

type Command = (args: string[]) => Promise<number> | number;

export const COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./commands/check')).runCheck,
  eval: async () => (await import('./commands/eval')).runEval,
  explain: async () => (await import('./commands/eval')).runExplain,
  fmt: async () => (await import('./commands/fmt')).runFmt,
  test: async () => (await import('./commands/test')).runTest,
  compare: async () => (await import('./commands/compare')).runCompare,
  export: async () => (await import('./commands/export')).runExport,
  pull: async () => (await import('./commands/pull')).runPull,
  import: async () => (await import('./commands/import')).runImport,
  screen: async () => (await import('./commands/screen')).runScreen,
  target: async () => (await import('./commands/target')).runTarget,
  sql: async () => (await import('./commands/sql')).runSql,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    say(USAGE);
    return command ? 0 : 2;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) {
    complain(`elig: unknown command \`${command}\`.\n\n${USAGE}`);
    return 2;
  }
  try {
    const run = await load();
    return await run(rest);
  } catch (error) {
    // Usage mistakes and unreadable files end here: one line, no stack trace.
    complain(`elig ${command}: ${(error as Error).message}`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
