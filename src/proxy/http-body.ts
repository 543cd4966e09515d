import { HttpError } from './http-head.js';

/**
 * An incremental, strict decoder for `Transfer-Encoding: chunked` request
 * bodies: sizes are 1 to 8 hex digits with nothing else on the line (no
 * extensions, no blanks), every chunk ends in CRLF, and no trailers.
 */
export class ChunkedDecoder {
  private state: 'size' | 'data' | 'data-end' | 'trailer' | 'done' = 'size';
  private remaining = 0;
  /** Decoded bytes so far. */
  total = 0;

  constructor(private readonly maxBytes: number) {}

  get done(): boolean {
    return this.state === 'done';
  }

  /**
   * Decodes as much of `input` as is complete. Returns the decoded data and
   * how many input bytes were used; bytes after the last chunk are left unused.
   */
  decode(input: Buffer): { data: Buffer[]; used: number } {
    const data: Buffer[] = [];
    let at = 0;
    while (at < input.length && this.state !== 'done') {
      if (this.state === 'size' || this.state === 'trailer') {
        const lineEnd = input.indexOf('\r\n', at);
        if (lineEnd === -1) {
          // Eight hex digits and CRLF at most: a longer line without its end is not a size line.
          if (input.length - at > 18) throw new HttpError(400, 'malformed chunk size line');
          break;
        }
        const line = input.toString('latin1', at, lineEnd);
        at = lineEnd + 2;
        if (this.state === 'trailer') {
          if (line !== '') throw new HttpError(400, 'trailers after a chunked body are not accepted');
          this.state = 'done';
          continue;
        }
        if (!/^[0-9A-Fa-f]{1,8}$/.test(line)) throw new HttpError(400, 'malformed chunk size line');
        this.remaining = Number.parseInt(line, 16);
        if (this.total + this.remaining > this.maxBytes) throw new HttpError(413, `request body larger than ${this.maxBytes} bytes`);
        this.state = this.remaining === 0 ? 'trailer' : 'data';
      } else if (this.state === 'data') {
        const take = Math.min(this.remaining, input.length - at);
        data.push(input.subarray(at, at + take));
        at += take;
        this.total += take;
        this.remaining -= take;
        if (this.remaining === 0) this.state = 'data-end';
      } else {
        if (input.length - at < 2) break;
        if (input[at] !== 13 || input[at + 1] !== 10) throw new HttpError(400, 'chunk data not followed by CRLF');
        at += 2;
        this.state = 'size';
      }
    }
    return { data, used: at };
  }
}
