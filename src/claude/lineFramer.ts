import { StringDecoder } from 'node:string_decoder';

/**
 * Splits a byte stream into NDJSON lines. Handles chunks that split lines or UTF-8
 * sequences, CRLF, blank lines, and very long lines without quadratic string building.
 */
export class LineFramer {
  private readonly decoder = new StringDecoder('utf8');
  private parts: string[] = [];
  private pendingLength = 0;
  private dropping = false;

  constructor(
    private readonly maxLineChars = 256 * 1024 * 1024,
    private readonly onOversize: (length: number) => void = () => {},
  ) {}

  push(chunk: Buffer | string): string[] {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    return this.split(text);
  }

  /** Flushes a final line that had no trailing newline. */
  end(): string[] {
    const rest = this.decoder.end();
    const lines = this.split(rest);
    if (this.parts.length > 0 && !this.dropping) {
      const last = finish(this.parts.join(''));
      if (last !== undefined) lines.push(last);
    }
    this.parts = [];
    this.pendingLength = 0;
    this.dropping = false;
    return lines;
  }

  private split(text: string): string[] {
    const lines: string[] = [];
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) break;
      const piece = text.slice(start, nl);
      if (this.dropping) {
        this.dropping = false;
      } else {
        const line = this.parts.length === 0 ? piece : this.parts.join('') + piece;
        const done = finish(line);
        if (done !== undefined) lines.push(done);
      }
      this.parts = [];
      this.pendingLength = 0;
      start = nl + 1;
    }
    if (start < text.length && !this.dropping) {
      const rest = text.slice(start);
      this.pendingLength += rest.length;
      if (this.pendingLength > this.maxLineChars) {
        // Keeping an unbounded line would exhaust the extension host's memory.
        this.onOversize(this.pendingLength);
        this.parts = [];
        this.pendingLength = 0;
        this.dropping = true;
      } else {
        this.parts.push(rest);
      }
    }
    return lines;
  }
}

function finish(line: string): string | undefined {
  const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
  return trimmed.trim().length === 0 ? undefined : trimmed;
}
