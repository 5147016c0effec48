// A checking worker: parses and checks one ruleset text off the main thread (POST /check), so a
// heavy text cannot stall /healthz or other requests; the pool stops it when it overruns its time budget.
// It reads other programs (`extends`, `eligible(…)`) through its own read-only view of the database.
import { parentPort, workerData } from 'node:worker_threads';
import * as engine from '../engine';
import { Catalog } from './catalog';
import type { EnginePort, LoadedRulesetLike } from './engine-port';
import { Store } from './store';
import { runGate } from './gate-run';
import type { CheckReply, CheckTask } from './check-pool';

const store = new Store((workerData as { dataDir: string }).dataDir, { readonly: true });
const port = engine as unknown as EnginePort<LoadedRulesetLike>;
const catalog = new Catalog<LoadedRulesetLike>(store, port);

parentPort!.on('message', (task: CheckTask) => {
  let reply: CheckReply;
  try {
    if (task.seq !== undefined) {
      const record = store.versionBySeq(task.seq);
      if (!record || record.ruleset !== task.rulesetId) throw new Error(`no version row ${task.seq} of ${task.rulesetId}`);
      const { diagnostics, gate } = runGate(catalog, port, record);
      reply = { id: task.id, ok: true, diagnostics, gate };
    } else {
      reply = { id: task.id, ok: true, diagnostics: catalog.compileSource(task.rulesetId, task.source).diagnostics };
    }
  } catch (error) {
    reply = { id: task.id, ok: false, error: String((error as Error)?.name ?? 'Error') };
  }
  parentPort!.postMessage(reply);
});
// Loaded: the pool starts a check's clock only now, so start-up on a busy machine is not held against it.
parentPort!.postMessage({ ready: true });
