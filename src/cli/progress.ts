export interface ProgressLine {
  update(done: number, total: number): void;
  clear(): void;
}

/**
 * `scanning files 40/100` on stderr when it is a terminal, rewritten in place at
 * most every 100 ms and erased at the end; silent when stderr is a pipe or a file.
 */
export function progressLine(what: string, stream: NodeJS.WriteStream = process.stderr): ProgressLine {
  if (!stream.isTTY) return { update: () => undefined, clear: () => undefined };
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      shown = true;
      stream.write(`\r\x1b[K${what} ${done}/${total}`);
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
