// An evaluation worker: evaluates a slice of a batch on its own thread, with its own read-only view of the
// database and its own compiled-ruleset cache, and sends back the results already serialised (so the main
// thread only concatenates text). See pool.ts.
import { parentPort, workerData } from 'node:worker_threads';
import * as engine from '../engine';
import type { Household } from '../engine/decision';
import { Catalog } from './catalog';
import type { EnginePort, LoadedRulesetLike } from './engine-port';
import { canonicalJson, sha256Hex } from './hash';
import { Store } from './store';
import type { AuditSlice, SliceRequest, SliceResult } from './pool';

// Saves happen on the main thread, through another connection: a worker looks for them on every read
// (per batch slice, and per `eligible(…)` lookup), so its answers never lag the main thread's.
const store = new Store((workerData as { dataDir: string }).dataDir, { readonly: true, externalChangeCheckMs: 0 });
const port = engine as unknown as EnginePort<LoadedRulesetLike>;
const catalog = new Catalog<LoadedRulesetLike>(store, port);

parentPort!.on('message', (task: SliceRequest) => {
  let reply: SliceResult;
  try {
    const { ruleset, resolve } = task.pinned ? catalog.forEvaluation(task.ref) : catalog.live(task.ref);
    const options = { date: task.date, explain: task.explain, resolve, lang: task.lang };
    const parts: string[] = new Array(task.households.length);
    const counts = { true: 0, false: 0, null: 0 };
    const audit: AuditSlice[] = [];
    for (let i = 0; i < task.households.length; i++) {
      const household = task.households[i] as Household;
      const r = port.evaluate(ruleset, household, options);
      parts[i] = JSON.stringify({ household: r.household, in_force: r.in_force, decisions: r.decisions });
      for (const d of r.decisions) counts[d.eligible === true ? 'true' : d.eligible === false ? 'false' : 'null']++;
      if (task.audit) {
        audit.push({
          inputSha256: sha256Hex(canonicalJson(household)),
          summary: {
            in_force: r.in_force,
            decisions: r.decisions.map((d) => ({ subject: d.subject, eligible: d.eligible, benefit: d.benefit.amount, outcome: d.outcome })),
          },
        });
      }
    }
    reply = { id: task.id, ok: true, json: parts.join(','), counts, audit };
  } catch (error) {
    const e = error as Error;
    // Only the stack frames: the message could quote a household value.
    reply = { id: task.id, ok: false, error: { name: e?.name ?? 'Error', stack: String(e?.stack ?? '').split('\n').slice(1, 8).join('\n') } };
  }
  parentPort!.postMessage(reply);
});
