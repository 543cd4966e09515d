import { PLACEHOLDER, TOKEN_PATTERNS } from '../data/token-patterns.js';
import { literalSecretReason } from './secrets.js';

/** What kind of well-known credential the text holds (`a GitHub token`), or undefined. */
export function tokenIn(text: string): string | undefined {
  for (const { name, pattern } of TOKEN_PATTERNS) {
    const match = pattern.exec(text);
    if (match && !PLACEHOLDER.test(match[0])) return name;
  }
  return undefined;
}

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value.trim());
}

/** `scheme://user:password@host` anywhere in the text, the password written out. */
const URL_WITH_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@'"]+:([^\s/@'"]+)@[^\s/'"]/gi;

export function urlPasswordIn(text: string): boolean {
  for (const match of text.matchAll(URL_WITH_PASSWORD)) {
    const password = match[1] ?? '';
    if (!/^\$|\$\{|\$\(/.test(password) && !isPlaceholder(password)) return true;
  }
  return false;
}

/**
 * Why a NAME=value pair (an ENV, a label, a build argument, a line of a
 * `.env` file) holds a secret: its name announces one and the value is
 * written out, the value is a URL with a password, or the value has the shape
 * of a well-known token. Placeholders are not secrets.
 */
export function secretValueReason(name: string, value: string): string | undefined {
  const trimmed = value.trim().replace(/^(["'])(.*)\1$/, '$2');
  if (trimmed === '' || isPlaceholder(trimmed)) return undefined;
  const token = tokenIn(trimmed);
  if (token) return `its value is ${token}`;
  const reason = literalSecretReason(name, trimmed);
  if (reason === 'name') return 'its name marks it as a secret';
  if (reason === 'url') return 'its value is a URL with a password in it';
  return undefined;
}
