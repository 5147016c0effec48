// Lines to a stream, gathered into blocks of about 64 KiB (one write per line is slow) and waiting for
// 'drain' when the reader is slower than we are, so output never piles up in memory.
import { once } from 'node:events';
import type { Writable } from 'node:stream';

const BLOCK_CHARS = 64 * 1024;

export class LineWriter {
  private pending: string[] = [];
  private pendingChars = 0;

  constructor(private readonly stream: Writable) {}

  async line(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingChars += text.length + 1;
    if (this.pendingChars >= BLOCK_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const block = this.pending.join('\n') + '\n';
    this.pending = [];
    this.pendingChars = 0;
    if (!this.stream.write(block)) await once(this.stream, 'drain');
  }

  async end(): Promise<void> {
    await this.flush();
  }
}
