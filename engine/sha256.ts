// SHA-256 of a text's UTF-8 bytes, as lower-case hex: the ruleset version id. @noble/hashes is audited,
// synchronous and free of `node:crypto`, so Node, the CLI bundle and the browser editor compute the
// same versions with the same code.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
