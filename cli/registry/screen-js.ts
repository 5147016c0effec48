// `elig screen --engine js`: the compiled evaluator over a stream of households, one row per subject to
// the output, bad rows reported and counted. A JSON Lines file of some size is decided by worker threads:
// the main thread cuts it into batches of whole lines (line-batches.ts), each worker decodes, validates and
// decides a batch (screen-batch.ts), and the main thread writes the results in the file's order — the
// same rows, the same rejected-row list and the same summary as the one-thread path, which the other
// inputs (JSON arrays, CSV, Parquet, standard input) and small files take (batch-pool.ts).
import { appendFileSync, rmSync } from 'node:fs';
import { decide, type LoadedRuleset, type RulesetResolver } from '../../engine';
import { DEFAULT_MAX_RECORD_CHARS, type HouseholdRow } from '../../engine/stream';
import { rowErrorLines } from '../households';
import { runBatches, workersFor } from './batch-pool';
import { readHouseholds } from './input';
import { openWriter, type DecisionWriter } from './output';
import type { BatchResult } from './screen-batch';
import type { ScreenWorkerData } from './screen-worker';
import { SummaryCounter, type ScreeningSummary } from './summary';

/** Bad rows printed one by one before the rest are only counted (all of them go to <out>.rejected.jsonl). */
const SHOWN_PROBLEMS = 20;

export interface JsScreenOptions {
  /** The ruleset as the command line named it (an id or a draft file): each worker loads it so. */
  reference: string;
  resolve: RulesetResolver;
  /** Worker threads (0: the main thread alone); default: batch-pool.ts's workersFor. */
  workers?: number;
}

export async function screenWithJs(ruleset: LoadedRuleset, input: string, date: string, out: string, options: JsScreenOptions): Promise<{ summary: ScreeningSummary; rejectedFile: string | undefined }> {
  const scoreNames = ruleset.checked.scores.map((s) => s.name.text);
  const writer = await openWriter(out, scoreNames);
  const rejectedFile = `${out}.rejected.jsonl`;
  rmSync(rejectedFile, { force: true }); // a previous run's list must not pass for this one's
  const sink = new Sink(writer, rejectedFile);
  const workers = options.workers ?? workersFor(input);
  if (workers > 0) await parallel(ruleset, input, date, scoreNames, sink, options.reference, workers);
  else {
    for await (const row of readHouseholds(input)) {
      if (!row.household) sink.reject(row);
      else await sink.household(String(row.household.id), decide(ruleset, row.household, { date, resolve: options.resolve }), scoreNames);
    }
  }
  const counter = sink.counter;
  await writer.close(counter.rejected);
  if (counter.rejected > SHOWN_PROBLEMS) console.error(`… and ${counter.rejected - SHOWN_PROBLEMS} more bad rows`);
  return { summary: counter.result(ruleset.checked.currency, ruleset.checked.benefit?.period ?? 'once'), rejectedFile: counter.rejected ? rejectedFile : undefined };
}

/** Where decided and rejected rows go, in file order, whichever thread decided them. */
class Sink {
  readonly counter = new SummaryCounter();
  constructor(private readonly writer: DecisionWriter, private readonly rejectedFile: string) {}

  reject(row: HouseholdRow): void {
    this.counter.rejected++;
    appendFileSync(this.rejectedFile, JSON.stringify({ row: row.row, errors: row.errors }) + '\n');
    if (this.counter.rejected <= SHOWN_PROBLEMS) rowErrorLines(row).forEach((l) => console.error(l));
  }

  async household(id: string, decisions: ReturnType<typeof decide>, scoreNames: readonly string[]): Promise<void> {
    this.counter.households++;
    for (const d of decisions) {
      this.counter.add(d.eligible, d.benefit);
      await this.writer.write({ household_id: id, subject: d.subject, eligible: d.eligible, benefit: d.benefit, outcome: d.outcome, scores: scoreNames.map((n) => d.scores[n] ?? null) });
    }
  }

  /** A worker's batch: its subjects, with its rejected rows in their places among them. */
  async batch(r: BatchResult, scores: number): Promise<void> {
    this.counter.households += r.households;
    let k = 0;
    for (let i = 0; i < r.subjects.length; i++) {
      while (k < r.rejected.length && r.rejectedAt[k]! <= i) this.reject(r.rejected[k++]!);
      const e = r.eligible[i]!;
      const eligible = e === 1 ? true : e === 0 ? false : null;
      const b = r.benefit[i]!;
      const benefit = Number.isNaN(b) ? null : b;
      this.counter.add(eligible, benefit);
      const s: (number | null)[] = new Array(scores);
      for (let j = 0; j < scores; j++) {
        const v = r.scores[i * scores + j]!;
        s[j] = Number.isNaN(v) ? null : v;
      }
      await this.writer.write({ household_id: r.householdIds[i]!, subject: r.subjects[i]!, eligible, benefit, outcome: r.outcome[i]!, scores: s });
    }
    while (k < r.rejected.length) this.reject(r.rejected[k++]!);
  }
}

async function parallel(ruleset: LoadedRuleset, input: string, date: string, scoreNames: readonly string[], sink: Sink, reference: string, workers: number): Promise<void> {
  const data: ScreenWorkerData = { ruleset: reference, date, maxRecordChars: DEFAULT_MAX_RECORD_CHARS };
  await runBatches<BatchResult>(input, {
    worker: 'screen-worker', workerData: data, workers,
    // The same text loaded on both sides, or the rows would not be this ruleset's decisions.
    ready: ruleset.version,
    result: (r) => sink.batch(r, scoreNames.length),
    longLine: (row) => sink.reject(row),
    progressRows: () => sink.counter.households,
  });
}
