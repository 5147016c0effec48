// The worker side of batch-pool.ts: says what it loaded, then answers each batch it is sent, one at a
// time, in the order received; a failure is reported, not thrown into the void. Told to close, it
// finishes what it was sent and lets its thread end.
import { parentPort } from 'node:worker_threads';
import type { LineBatch } from './line-batches';

export function serveBatches<R>(ready: string, handle: (b: LineBatch) => Promise<R>, transfer: (r: R) => ArrayBuffer[] = () => []): void {
  const port = parentPort!;
  port.postMessage({ ready });
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (batch: LineBatch | 'close') => {
    if (batch === 'close') {
      void queue.then(() => port.close());
      return;
    }
    queue = queue
      .then(async () => {
        const r = await handle(batch);
        port.postMessage(r, transfer(r));
      })
      .catch((e: unknown) => port.postMessage({ failed: String((e as Error)?.stack ?? e) }));
  });
}
