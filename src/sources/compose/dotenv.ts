/** Reads a Compose `.env` file: `KEY=value`, optional `export`, quotes, comments. */
export function parseDotenv(text: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/s.exec(line);
    if (!match) continue;
    const [, key = '', rawValue = ''] = match;
    result.set(key, unquoteValue(rawValue));
  }
  return result;
}

function unquoteValue(raw: string): string {
  const quote = raw[0];
  const close = quote === '"' || quote === "'" ? closingQuote(raw, quote) : -1;
  if (quote !== undefined && close > 0) {
    const inner = raw.slice(1, close);
    // One pass, so that `\\n` is a backslash and an n, not a backslash and a newline.
    return quote === '"' ? inner.replace(/\\([n"\\])/g, (_escape, c: string) => (c === 'n' ? '\n' : c)) : inner;
  }
  return raw.replace(/\s+#.*$/, '');
}

/** Where the quoted value that opens `raw` ends; a comment after it may hold quotes of its own. */
function closingQuote(raw: string, quote: string): number {
  for (let i = 1; i < raw.length; i++) {
    if (quote === '"' && raw[i] === '\\') i++;
    else if (raw[i] === quote) return i;
  }
  return -1;
}
