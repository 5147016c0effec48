// The progress line of long runs (`elig eval --jsonl`, `elig compare`): rows, rate and time left on a
// terminal after a few seconds; nothing at all on a pipe or in CI. The clock is the test's own.
import { describe, expect, it } from 'vitest';
import { Progress } from '../../cli/progress';

function terminal(isTTY = true) {
  const written: string[] = [];
  return { out: { isTTY, write: (s: string) => (written.push(s), true) }, written };
}

describe('the progress line', () => {
  it('appears after two seconds with rows, rate, share read and time left, and is cleared at the end', () => {
    const { out, written } = terminal();
    let t = 0;
    const p = new Progress(1000, { out, now: () => t, env: {} });
    p.bytes(100);
    p.rows(1024);
    expect(written).toEqual([]); // too early: short runs stay silent
    t = 4000;
    p.bytes(150); // 250 of 1,000 bytes in 4 s: 12 s left
    p.rows(2048);
    expect(written).toHaveLength(1);
    expect(written[0]).toContain('2,048 households, 512/s');
    expect(written[0]).toContain('25%');
    expect(written[0]).toContain('about 12 s left');
    p.rows(2049); // the clock is read every 1,024 rows only
    expect(written).toHaveLength(1);
    p.done();
    expect(written.at(-1)).toBe('\r\x1b[K');
  });

  it('without a known size (standard input) shows rows and rate only', () => {
    const { out, written } = terminal();
    let t = 0;
    const p = new Progress(undefined, { out, now: () => t, env: {} });
    t = 3000;
    p.rows(3072);
    expect(written[0]).toContain('3,072 households, 1,024/s');
    expect(written[0]).not.toContain('left');
  });

  for (const [what, isTTY, env] of [['a pipe', false, {}], ['CI', true, { CI: 'true' }]] as const) {
    it(`is silent on ${what}`, () => {
      const { out, written } = terminal(isTTY);
      let t = 0;
      const p = new Progress(1000, { out, now: () => t, env });
      t = 10_000;
      p.rows(4096);
      p.done();
      expect(written).toEqual([]);
    });
  }
});
