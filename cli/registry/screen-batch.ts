// One batch of JSON Lines decided, as a screening worker does it (screen-worker.ts): decoded, split and
// validated by the same reader as the one-thread path (engine/stream), decided by `decide`, and packed in
// columns — typed arrays where the values are numbers — so that handing it back to the main thread is a
// transfer, not a copy of one object per subject.
import { decide, type LoadedRuleset, type RulesetResolver } from '../../engine';
import { readHouseholds, type RowError } from '../../engine/stream';
import { householdProblems } from '../validate-household';
import { batchTexts, type LineBatch } from './line-batches';

/** A batch's decisions, subject by subject in file order, and its rejected rows. */
export interface BatchResult {
  seq: number;
  households: number;
  rejected: { row: number; errors: RowError[] }[];
  householdIds: string[]; // one per subject
  subjects: string[];
  /** 1 eligible, 0 not, -1 undetermined. */
  eligible: Int8Array;
  /** NaN: null. */
  benefit: Float64Array;
  outcome: (string | null)[];
  /** Subject-major, `scoreNames.length` per subject; NaN: null. */
  scores: Float64Array;
  /** Where each household's rows end, for ordering rejected rows among them: rejected[i] comes before the
   *  subjects of the household at index rejectedAt[i]. */
  rejectedAt: number[];
}

export async function screenBatch(ruleset: LoadedRuleset, resolve: RulesetResolver, date: string, scoreNames: readonly string[], batch: LineBatch, maxRecordChars: number): Promise<BatchResult> {
  const texts = batchTexts(batch);
  const offset = batch.firstRow - 1;
  const householdIds: string[] = [], subjects: string[] = [], outcome: (string | null)[] = [];
  const eligible: number[] = [], benefit: number[] = [], scores: number[] = [];
  const rejected: BatchResult['rejected'] = [], rejectedAt: number[] = [];
  let households = 0;
  for await (const row of readHouseholds(texts, { format: 'jsonl', maxRecordChars, validate: householdProblems })) {
    if (!row.household) {
      rejected.push({ row: row.row + offset, errors: row.errors });
      rejectedAt.push(subjects.length);
      continue;
    }
    households++;
    const id = String(row.household.id);
    for (const d of decide(ruleset, row.household, { date, resolve })) {
      householdIds.push(id);
      subjects.push(d.subject);
      eligible.push(d.eligible === true ? 1 : d.eligible === false ? 0 : -1);
      benefit.push(d.benefit ?? NaN);
      outcome.push(d.outcome);
      for (const n of scoreNames) scores.push(d.scores[n] ?? NaN);
    }
  }
  return {
    seq: batch.seq, households, rejected, rejectedAt, householdIds, subjects, outcome,
    eligible: Int8Array.from(eligible), benefit: Float64Array.from(benefit), scores: Float64Array.from(scores),
  };
}

