// A progress line on stderr for runs longer than a few seconds: rows, rate and, when the input size is
// known, the share read and the time left. Silent when stderr is not a terminal (pipes, CI, logs).
const SHOW_AFTER_MS = 2000;
const REDRAW_MS = 200;

/** Where the line goes and what time it is; tests pass their own. */
export interface ProgressOptions {
  out?: Pick<NodeJS.WriteStream, 'write' | 'isTTY'>;
  now?: () => number;
  env?: Record<string, string | undefined>;
}

export class Progress {
  private readonly started: number;
  private readBytes = 0;
  private lastDraw = 0;
  private drawn = false;
  private readonly enabled: boolean;
  private readonly out: Pick<NodeJS.WriteStream, 'write' | 'isTTY'>;
  private readonly now: () => number;

  constructor(private readonly totalBytes: number | undefined, options: ProgressOptions = {}) {
    this.out = options.out ?? process.stderr;
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
    this.enabled = Boolean(this.out.isTTY) && !(options.env ?? process.env).CI;
  }

  bytes(n: number): void {
    this.readBytes += n;
  }

  rows(count: number): void {
    if ((count & 1023) !== 0) return; // check the clock every 1,024 rows only
    this.at(count);
  }

  /** `count` rows so far, told now and then (a batch at a time): the clock is read at each call. */
  at(count: number): void {
    if (!this.enabled) return;
    const now = this.now();
    if (now - this.started < SHOW_AFTER_MS || now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    this.drawn = true;
    this.out.write(`\r${this.line(count, now)}\x1b[K`);
  }

  done(): void {
    if (this.drawn) this.out.write('\r\x1b[K');
  }

  private line(count: number, now: number): string {
    const seconds = (now - this.started) / 1000;
    const rate = count / seconds;
    let text = `${count.toLocaleString('en-US')} households, ${Math.round(rate).toLocaleString('en-US')}/s`;
    if (this.totalBytes) {
      const share = Math.min(1, this.readBytes / this.totalBytes);
      const left = share > 0 ? seconds * (1 - share) / share : 0;
      const width = 20;
      const filled = Math.round(share * width);
      text = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(share * 100)}%  ${text}, about ${formatDuration(left)} left`;
    }
    return text;
  }
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - m * 60)} s`;
}
