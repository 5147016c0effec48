// Splitting a byte or text stream into JSON records, one at a time, in bounded memory: JSON Lines (one
// record a line) or one JSON array streamed element by element. Nothing here reads a whole input into one
// string; the most held at once is one record (at most `maxRecordChars`) and one chunk.
//
// Why a hand-written splitter and not a streaming JSON parser library: the records are small objects that
// `JSON.parse` (native) builds far faster than a token-by-token JS parser can; the splitter only has to
// find where each element ends (depth, strings, escapes), which is one `charCodeAt` loop. `npm run bench`
// times the whole path (its `stream` row).

/** Text or UTF-8 bytes, as files, sockets, `fetch` bodies and `ReadableStream`s deliver them. */
export type Chunk = string | Uint8Array;

export type RecordFormat = 'jsonl' | 'json-array';

/** One record of the input: its row number and the parsed value, or why it could not be read. */
export type RawRecord =
  | { row: number; value: unknown; error?: undefined }
  | { row: number; value?: undefined; error: string };

export interface ReadRecordsOptions {
  /** Default: detected from the first character that is not white space (`[` → json-array). */
  format?: RecordFormat;
  /** A record longer than this (in UTF-16 units) is reported as an error and skipped. Default 16 Mi. */
  maxRecordChars?: number;
}

export const DEFAULT_MAX_RECORD_CHARS = 16 * 1024 * 1024;

/** Chunks as strings, decoding UTF-8 across chunk boundaries. */
async function* texts(source: AsyncIterable<Chunk> | Iterable<Chunk>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * The records of a JSONL file or a JSON array, in order, each with its row number: the line number for
 * JSON Lines (blank lines are skipped but counted), the element's position (from 1) for an array.
 * A record that is not valid JSON is yielded with an `error` and the run goes on with the next one; only
 * a malformed array structure (e.g. the input ends inside an element) ends the stream, after an error.
 */
export async function* readRecords(source: AsyncIterable<Chunk> | Iterable<Chunk>, options: ReadRecordsOptions = {}): AsyncGenerator<RawRecord> {
  const max = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  const chunks = texts(source);
  let format = options.format;
  let first = '';
  if (!format) {
    // Detect from the first non-blank character, keeping what was read. (Not `for await … break`, which
    // would close the generator.)
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      first += next.value;
      const m = /\S/.exec(first);
      if (m) {
        format = m[0] === '[' ? 'json-array' : 'jsonl';
        break;
      }
      if (first.length > max) first = ''; // only white space so far: nothing to keep
    }
    if (!format) return; // empty (or blank) input: no records
  }
  const all = prepend(first, chunks);
  yield* format === 'jsonl' ? jsonLines(all, max) : jsonArray(all, max);
}

async function* prepend(first: string, rest: AsyncIterable<string>): AsyncGenerator<string> {
  if (first) yield first;
  yield* rest;
}

function parseRecord(row: number, text: string): RawRecord {
  try {
    return { row, value: JSON.parse(text) };
  } catch (e) {
    return { row, error: `not valid JSON: ${(e as Error).message}` };
  }
}

async function* jsonLines(chunks: AsyncIterable<string>, max: number): AsyncGenerator<RawRecord> {
  let pending = ''; // the start of a line that continues in the next chunk
  let row = 0;
  let skipping = false; // inside a line that was already reported as too long
  for await (const chunk of chunks) {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
      row++;
      const line = pending ? pending + chunk.slice(start, nl) : chunk.slice(start, nl);
      pending = '';
      start = nl + 1;
      if (skipping) {
        skipping = false;
        continue;
      }
      if (line.length > max) yield { row, error: tooLong(max) };
      else if (!isBlank(line)) yield parseRecord(row, line);
    }
    if (skipping) continue;
    pending += chunk.slice(start);
    if (pending.length > max) {
      yield { row: row + 1, error: tooLong(max) };
      pending = '';
      skipping = true;
    }
  }
  if (!skipping && !isBlank(pending)) yield parseRecord(row + 1, pending);
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return false;
  }
  return true;
}

/** The error of a record over the length limit (also said by readers that split records elsewhere). */
export function tooLong(max: number): string {
  return `record longer than ${max} characters`;
}

const OPEN_BRACE = 123, CLOSE_BRACE = 125, OPEN_BRACKET = 91, CLOSE_BRACKET = 93;
const QUOTE = 34, BACKSLASH = 92, COMMA = 44;

/**
 * The elements of one top-level JSON array. The scanner tracks nesting depth and strings only; each
 * element's text goes to `JSON.parse`, which finds any error inside it. States: before the `[`, between
 * elements (expecting a value, `,` or `]`), inside an element, after the `]`.
 */
async function* jsonArray(chunks: AsyncIterable<string>, max: number): AsyncGenerator<RawRecord> {
  let state: 'start' | 'between' | 'element' | 'end' = 'start';
  let depth = 0; // inside an element: open brackets not yet closed
  let inString = false;
  let escaped = false;
  let parts: string[] = []; // the element so far, from earlier chunks
  let partsLength = 0;
  let row = 0;
  let skipping = false; // the current element is too long: scan it to its end, keep nothing
  for await (const chunk of chunks) {
    let elementStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (state === 'element') {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) inString = false;
          continue;
        }
        if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && depth > 0) depth--;
        else if (depth === 0 && (c === COMMA || c === CLOSE_BRACKET)) {
          // The element ends before this comma or bracket.
          if (!skipping) {
            const text = partsLength ? parts.join('') + chunk.slice(elementStart, i) : chunk.slice(elementStart, i);
            if (text.length > max) yield { row, error: tooLong(max) };
            else yield parseRecord(row, text);
          }
          parts = [];
          partsLength = 0;
          skipping = false;
          state = c === COMMA ? 'between' : 'end';
        }
        continue;
      }
      if (c === 32 || c === 9 || c === 10 || c === 13) continue;
      if (state === 'start') {
        if (c !== OPEN_BRACKET) {
          yield { row: 1, error: 'expected a JSON array of households' };
          return;
        }
        state = 'between';
      } else if (state === 'between') {
        if (c === CLOSE_BRACKET && row === 0) state = 'end'; // []
        else if (c === COMMA) {
          yield { row: row + 1, error: 'not valid JSON: an empty element' };
          row++;
        } else {
          row++;
          state = 'element';
          elementStart = i;
          depth = 0;
          // This character opens the element: count it.
          if (c === QUOTE) inString = true;
          else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth = 1;
        }
      } else if (state === 'end') {
        yield { row: row + 1, error: 'unexpected text after the closing `]` of the array' };
        return;
      }
    }
    if (state === 'element' && !skipping) {
      const tail = chunk.slice(elementStart);
      partsLength += tail.length;
      parts.push(tail);
      if (partsLength > max) {
        yield { row, error: tooLong(max) };
        parts = [];
        partsLength = 0;
        skipping = true;
      }
    }
  }
  const last: string = state; // (assigned inside the loop, which TypeScript's narrowing does not follow)
  if (last === 'element' || last === 'between') yield { row: last === 'element' ? row : row + 1, error: 'the input ends before the closing `]` of the array' };
}
