/**
 * Credentials recognizable by their shape alone, whatever the file or
 * variable they are in. Each pattern is anchored on a prefix its issuer
 * documents, so plain words and hashes do not match.
 */
export interface TokenPattern {
  /** What to call it in a message: `an AWS access key id`. */
  name: string;
  pattern: RegExp;
}

export const TOKEN_PATTERNS: readonly TokenPattern[] = [
  { name: 'a private key', pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/ },
  { name: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/ },
  { name: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b/ },
  { name: 'a GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/ },
  { name: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { name: 'a Slack webhook URL', pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{20,}/ },
  { name: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'an npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { name: 'a PyPI token', pattern: /\bpypi-AgE[A-Za-z0-9_-]{50,}/ },
  { name: 'a Stripe secret key', pattern: /\b[sr]k_live_[A-Za-z0-9]{20,}\b/ },
];

/** Values documentation and templates use instead of a real secret. */
export const PLACEHOLDER = /example|sample|dummy|placeholder|your[_-]?|<[^>]*>|\{\{[^}]*\}\}|%\([^)]*\)s|x{6,}|\*{3,}|\.\.\.|^(?:null|none|nil|undefined|secret|password|token|redacted|todo|tbd|fixme)$/i;
