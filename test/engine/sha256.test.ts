import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { sha256Hex } from '../../engine/sha256';

describe('sha256', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    ['The quick brown fox jumps over the lazy dog', 'd7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592'],
  ])('%j', (text, hex) => {
    expect(sha256Hex(text)).toBe(hex);
  });
  it('hashes UTF-8 and lengths around the block boundary', () => {
    const node = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
    for (const s of ['é', 'Juana Azurduy — §3.3', '😀 emoji', 'a'.repeat(119)]) expect(sha256Hex(s)).toBe(node(s));
    expect(sha256Hex('a'.repeat(1_000_000))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
    for (const n of [55, 56, 63, 64, 65, 127, 128]) expect(sha256Hex('a'.repeat(n))).toBe(node('a'.repeat(n)));
  });
});
