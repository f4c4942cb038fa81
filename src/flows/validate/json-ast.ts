/**
 * A small JSON parser that keeps the position of every key and value.
 * `JSON.parse` gives no positions, and Meta's validation_errors name lines and columns
 * (docs/protocol.md §5), so the validator reads the original text through this tree instead.
 * Lines and columns are 1-based; columns count UTF-16 code units, as editors do.
 */

export interface Position {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** `end` is the position just after the last character. */
export interface Span {
  readonly start: Position;
  readonly end: Position;
}

interface NodeBase {
  readonly span: Span;
  /** RFC 6901 JSON pointer from the document root. */
  readonly pointer: string;
}

export interface JsonMember {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: JsonNode;
}

export interface JsonObject extends NodeBase {
  readonly kind: 'object';
  readonly members: readonly JsonMember[];
}
export interface JsonArray extends NodeBase {
  readonly kind: 'array';
  readonly items: readonly JsonNode[];
}
export interface JsonString extends NodeBase {
  readonly kind: 'string';
  readonly value: string;
}
export interface JsonNumber extends NodeBase {
  readonly kind: 'number';
  readonly value: number;
}
export interface JsonBoolean extends NodeBase {
  readonly kind: 'boolean';
  readonly value: boolean;
}
export interface JsonNull extends NodeBase {
  readonly kind: 'null';
}
export type JsonNode = JsonObject | JsonArray | JsonString | JsonNumber | JsonBoolean | JsonNull;

/** The text is not JSON; `position` is where the parser gave up. */
export class JsonSyntaxError extends Error {
  readonly position: Position;
  constructor(message: string, position: Position) {
    super(message);
    this.name = 'JsonSyntaxError';
    this.position = position;
  }
}

/** A key that appears twice in one object (JSON.parse would silently keep the last). */
export interface DuplicateKey {
  readonly key: string;
  readonly keySpan: Span;
  readonly pointer: string;
}

export interface ParsedJson {
  readonly root: JsonNode;
  readonly duplicateKeys: readonly DuplicateKey[];
}

// Deep enough for any real Flow (If nests at most 3 levels); shallow enough to never exhaust the stack.
const MAX_DEPTH = 256;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** Escapes one JSON pointer segment (RFC 6901). */
function pointerSegment(segment: string | number): string {
  return String(segment).replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Parses `text` into a positioned tree; throws {@link JsonSyntaxError} on malformed input. */
export function parseJsonWithPositions(text: string): ParsedJson {
  const parser = new Parser(text);
  const root = parser.document();
  return { root, duplicateKeys: parser.duplicates };
}

class Parser {
  readonly duplicates: DuplicateKey[] = [];
  private offset = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly text: string) {}

  document(): JsonNode {
    if (this.text.charCodeAt(0) === 0xfeff) this.offset = 1;
    this.skipWhitespace();
    const root = this.value('', 0);
    this.skipWhitespace();
    if (this.offset < this.text.length) this.fail('Unexpected content after the JSON value');
    return root;
  }

  private position(): Position {
    return { line: this.line, column: this.offset - this.lineStart + 1, offset: this.offset };
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(message, this.position());
  }

  private skipWhitespace(): void {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.offset);
      if (c === 0x20 || c === 0x09 || c === 0x0d) this.offset++;
      else if (c === 0x0a) {
        this.offset++;
        this.line++;
        this.lineStart = this.offset;
      } else return;
    }
  }

  private value(pointer: string, depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.fail(`Nesting deeper than ${MAX_DEPTH} levels`);
    const c = this.text[this.offset];
    if (c === '{') return this.object(pointer, depth);
    if (c === '[') return this.array(pointer, depth);
    if (c === '"') {
      const start = this.position();
      const value = this.string();
      return { kind: 'string', value, span: { start, end: this.position() }, pointer };
    }
    if (c === 't' || c === 'f' || c === 'n') return this.literal(pointer);
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number(pointer);
    this.fail(c === undefined ? 'Unexpected end of input' : `Unexpected character '${c}'`);
  }

  private object(pointer: string, depth: number): JsonObject {
    const start = this.position();
    this.offset++;
    const members: JsonMember[] = [];
    const seen = new Set<string>();
    this.skipWhitespace();
    if (this.text[this.offset] === '}') {
      this.offset++;
      return { kind: 'object', members, span: { start, end: this.position() }, pointer };
    }
    for (;;) {
      if (this.text[this.offset] !== '"') this.fail('Expected a property name in double quotes');
      const keyStart = this.position();
      const key = this.string();
      const keySpan = { start: keyStart, end: this.position() };
      const childPointer = `${pointer}/${pointerSegment(key)}`;
      if (seen.has(key)) this.duplicates.push({ key, keySpan, pointer: childPointer });
      seen.add(key);
      this.skipWhitespace();
      if (this.text[this.offset] !== ':') this.fail("Expected ':' after a property name");
      this.offset++;
      this.skipWhitespace();
      members.push({ key, keySpan, value: this.value(childPointer, depth + 1) });
      this.skipWhitespace();
      const next = this.text[this.offset];
      this.offset++;
      if (next === '}') return { kind: 'object', members, span: { start, end: this.position() }, pointer };
      if (next !== ',') {
        this.offset--;
        this.fail("Expected ',' or '}' in an object");
      }
      this.skipWhitespace();
    }
  }

  private array(pointer: string, depth: number): JsonArray {
    const start = this.position();
    this.offset++;
    const items: JsonNode[] = [];
    this.skipWhitespace();
    if (this.text[this.offset] === ']') {
      this.offset++;
      return { kind: 'array', items, span: { start, end: this.position() }, pointer };
    }
    for (;;) {
      items.push(this.value(`${pointer}/${items.length}`, depth + 1));
      this.skipWhitespace();
      const next = this.text[this.offset];
      this.offset++;
      if (next === ']') return { kind: 'array', items, span: { start, end: this.position() }, pointer };
      if (next !== ',') {
        this.offset--;
        this.fail("Expected ',' or ']' in an array");
      }
      this.skipWhitespace();
    }
  }

  private string(): string {
    const text = this.text;
    this.offset++;
    let out = '';
    let chunkStart = this.offset;
    for (;;) {
      const c = text.charCodeAt(this.offset);
      if (Number.isNaN(c)) this.fail('Unterminated string');
      if (c === 0x22) {
        out += text.slice(chunkStart, this.offset);
        this.offset++;
        return out;
      }
      if (c < 0x20) this.fail('Control character in a string (escape it)');
      if (c !== 0x5c) {
        this.offset++;
        continue;
      }
      out += text.slice(chunkStart, this.offset);
      out += this.escape();
      chunkStart = this.offset;
    }
  }

  private escape(): string {
    const letter = this.text[this.offset + 1];
    if (letter === 'u') {
      const hex = this.text.slice(this.offset + 2, this.offset + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('Invalid \\u escape');
      this.offset += 6;
      return String.fromCharCode(Number.parseInt(hex, 16));
    }
    const replacement = letter === undefined ? undefined : ESCAPES[letter];
    if (replacement === undefined) this.fail('Invalid escape sequence');
    this.offset += 2;
    return replacement;
  }

  private number(pointer: string): JsonNumber {
    const start = this.position();
    NUMBER.lastIndex = this.offset;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail('Invalid number');
    this.offset += match[0].length;
    return { kind: 'number', value: Number(match[0]), span: { start, end: this.position() }, pointer };
  }

  private literal(pointer: string): JsonBoolean | JsonNull {
    const start = this.position();
    for (const [word, node] of LITERALS) {
      if (this.text.startsWith(word, this.offset)) {
        this.offset += word.length;
        const span = { start, end: this.position() };
        return node === null ? { kind: 'null', span, pointer } : { kind: 'boolean', value: node, span, pointer };
      }
    }
    this.fail('Unexpected literal (expected true, false or null)');
  }
}

const LITERALS: ReadonlyArray<readonly [string, boolean | null]> = [
  ['true', true],
  ['false', false],
  ['null', null],
];
