// Everything `elig` prints to a terminal goes through here. Labels, ids and values come from ruleset files
// and household records; a label holding `\u001b[2J` would otherwise clear the screen, and worse escapes
// can retitle the window or fake output. Control characters are shown as visible escapes (`\u001b`);
// newlines and tabs are kept. (--json output is JSON, which escapes them already.)

// C0 controls but \t and \n, DEL, C1 controls, and the Unicode line/paragraph separators and bidi overrides.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return String(text).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** console.log, made safe. */
export function say(text: string): void {
  console.log(terminalSafe(text));
}

/** console.error, made safe. */
export function complain(text: string): void {
  console.error(terminalSafe(text));
}
