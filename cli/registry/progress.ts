// A progress line on stderr — rows, rate, ETA — redrawn at most a few times a second, and silent when
// stderr is not a terminal (logs and pipes get only the summary).
export class Progress {
  private readonly started = Date.now();
  private last = 0;
  constructor(private readonly fraction: () => number | undefined, private readonly enabled = process.stderr.isTTY === true) {}

  tick(rows: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 250) return;
    this.last = now;
    const seconds = (now - this.started) / 1000;
    const rate = rows / Math.max(seconds, 1e-3);
    const f = this.fraction();
    const eta = f && f > 0 ? `, ETA ${formatSeconds((seconds * (1 - f)) / f)}` : '';
    const bar = f === undefined ? '' : `[${'#'.repeat(Math.round(f * 20)).padEnd(20, '.')}] ${(f * 100).toFixed(0)}% `;
    process.stderr.write(`\r${bar}${rows.toLocaleString('en')} households, ${Math.round(rate).toLocaleString('en')}/s${eta}   `);
  }

  done(): void {
    if (this.enabled) process.stderr.write('\r\x1b[K');
  }
}

function formatSeconds(s: number): string {
  if (s < 60) return `${Math.ceil(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.ceil(s % 60)} s`;
}
