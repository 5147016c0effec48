// The one id@version parser, pin matching (with "did you mean"), and program references from the tree.
import { describe, expect, it } from 'vitest';
import { parse } from '../../dsl/parse';
import { programReferences } from '../../loader/dependencies';
import { readHeader } from '../../loader/header';
import { matchPin } from '../../loader/pins';
import { parsePin, parseRef } from '../../loader/ref';

const h = (hex: string) => `sha256:${hex.padEnd(64, '0')}`;

describe('id@version', () => {
  it('reads a full hash, a short hash with or without sha256:, and a number', () => {
    expect(parseRef('bo/mped')).toEqual({ ok: true, ref: { id: 'bo/mped', pin: undefined } });
    expect(parseRef(`bo/mped@${h('ab')}`)).toEqual({ ok: true, ref: { id: 'bo/mped', pin: { kind: 'hash', hash: h('ab') } } });
    expect(parseRef('bo/mped@3f2a9c01')).toEqual({ ok: true, ref: { id: 'bo/mped', pin: { kind: 'short', prefix: '3f2a9c01' } } });
    expect(parseRef('bo/mped@sha256:3f2a9c01')).toEqual({ ok: true, ref: { id: 'bo/mped', pin: { kind: 'short', prefix: '3f2a9c01' } } });
    expect(parseRef('bo/mped@3')).toEqual({ ok: true, ref: { id: 'bo/mped', pin: { kind: 'number', number: 3 } } });
  });

  it('says why a pin or an id is not one', () => {
    expect(parsePin('abc')).toEqual({ error: expect.stringMatching(/too short.*at least 8 hex digits/) });
    expect(parsePin('latest')).toEqual({ error: expect.stringMatching(/not a version/) });
    expect(parsePin('0')).toEqual({ error: expect.stringMatching(/too short/) });
    expect(parseRef('BO/mped@3')).toMatchObject({ ok: false });
  });
});

describe('which version a pin names', () => {
  const versions = [
    { version: h('aaaa1111'), number: 4 },
    { version: h('aaaa2222'), number: 3 },
    { version: h('bbbb0000'), number: 2 },
    { version: h('bbbb0000'), number: 1 }, // the same text saved twice
  ];
  it('finds by number, by full or short hash; a hash saved twice names its first save', () => {
    expect(matchPin('bo/x', versions, { kind: 'number', number: 3 })).toMatchObject({ ok: true, version: { number: 3 } });
    expect(matchPin('bo/x', versions, { kind: 'hash', hash: h('aaaa1111') })).toMatchObject({ ok: true, version: { number: 4 } });
    expect(matchPin('bo/x', versions, { kind: 'short', prefix: 'bbbb0000' })).toMatchObject({ ok: true, version: { number: 1 } });
  });
  it('an ambiguous short hash lists the candidates; an unknown one suggests near ones', () => {
    const ambiguous = matchPin('bo/x', versions, { kind: 'short', prefix: 'aaaa0000'.slice(0, 4) + '0000' });
    expect(ambiguous).toMatchObject({ ok: false, reason: 'unknown' });
    const both = matchPin('bo/x', [{ version: h('aaaaaaaa1'), number: 2 }, { version: h('aaaaaaaa2'), number: 1 }], { kind: 'short', prefix: 'aaaaaaaa' });
    expect(both).toMatchObject({ ok: false, reason: 'ambiguous', candidates: [{ number: 2 }, { number: 1 }] });
    if (!both.ok) expect(both.message).toMatch(/start of 2 versions of bo\/x/);
    const unknown = matchPin('bo/x', versions, { kind: 'short', prefix: 'aaaa9999' });
    expect(unknown).toMatchObject({ ok: false, reason: 'unknown' });
    if (!unknown.ok) expect(unknown.message).toMatch(/did you mean 4 \(aaaa1111.*\) or 3 \(aaaa2222/);
    const number = matchPin('bo/x', versions, { kind: 'number', number: 9 });
    if (!number.ok) expect(number.message).toBe('bo/x has no version 9: its versions are 1 to 4 (the latest is 4 (aaaa11110000))');
  });
});

describe('program references from the syntax tree', () => {
  it('finds extends, eligible(…) and agrees with — not words in comments or strings', () => {
    const text = [
      '# extends pe/comment-only and eligible(pe/not-this)',
      'program pe/reader "Reads eligible(pe/in-title)" extends pe/base',
      '  country PE',
      '  currency PEN',
      'for household',
      'eligible when all of {',
      '  "in juntos": eligible(pe/juntos@sha256:' + '0'.repeat(64) + ')',
      '}',
    ].join('\n');
    expect(programReferences(parse(text).ast)).toEqual(['pe/base', `pe/juntos@sha256:${'0'.repeat(64)}`]);
    expect(readHeader(text)).toEqual({ id: 'pe/reader', title: 'Reads eligible(pe/in-title)' });
    expect(readHeader('nothing here')).toEqual({ id: undefined, title: null });
  });
});

describe('the gate cache key (server/gate-cache.ts)', () => {
  it('is the same for a text that only gained comments, and differs when a value or a read version changes', async () => {
    const { GateCache } = await import('../../server/gate-cache');
    const { readFileSync } = await import('node:fs');
    const cache = new GateCache();
    const text = readFileSync(new URL('../server/fixtures/collab/pe/base.elig', import.meta.url), 'utf8');
    const reads = new Map([['pe/juntos', `sha256:${'1'.repeat(64)}`]]);
    const key = cache.key('pe/base', text, reads);
    expect(cache.key('pe/base', `# a review note\n${text}\n# another\n`, reads)).toBe(key);
    expect(cache.key('pe/base', text.replace('= 50', '= 51'), reads)).not.toBe(key);
    expect(cache.key('pe/base', text, new Map([['pe/juntos', `sha256:${'2'.repeat(64)}`]]))).not.toBe(key);
    expect(cache.key('pe/other', text, reads)).not.toBe(key);
  });
});
