/**
 * Compose variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:+alt}`, `${VAR+alt}`, `${VAR:?message}`,
 * `${VAR?message}`, nested defaults, and `$$` for a literal dollar sign.
 * A required variable that is missing expands to the empty string: a scanner
 * reports what it can rather than stopping where `docker compose` would.
 */
export function interpolate(text: string, env: ReadonlyMap<string, string>): string {
  if (!text.includes('$')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '{') {
      const close = matchingBrace(text, i);
      if (close < 0) {
        out += text.slice(i);
        break;
      }
      out += expandBraced(text.slice(i + 2, close), env);
      i = close + 1;
    } else {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1))?.[0];
      if (name) {
        out += env.get(name) ?? '';
        i += 1 + name.length;
      } else {
        out += '$';
        i++;
      }
    }
  }
  return out;
}

/** The `}` that closes the `${` at `dollar`; as in compose-go, only a nested `${` opens a level, not a bare `{`. */
function matchingBrace(text: string, dollar: number): number {
  let depth = 0;
  for (let i = dollar; i < text.length; i++) {
    if (text[i] === '}' && --depth === 0) return i;
    if (text.startsWith('${', i)) {
      depth++;
      i++;
    }
  }
  return -1;
}

function expandBraced(body: string, env: ReadonlyMap<string, string>): string {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-+?])(.*))?$/s.exec(body);
  if (!match) return '';
  const [, name = '', colon, operator, word = ''] = match;
  const value = env.get(name);
  const isSet = colon ? value !== undefined && value !== '' : value !== undefined;
  switch (operator) {
    case '-':
      return isSet ? (value as string) : interpolate(word, env);
    case '+':
      return isSet ? interpolate(word, env) : '';
    default:
      return value ?? '';
  }
}
