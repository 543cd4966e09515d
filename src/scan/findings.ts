import * as crypto from 'node:crypto';
import type { Finding, InputError } from '../facts/finding.js';
import { DEFAULT_SETTINGS, type Rule, type RuleSettings } from '../rules/rule.js';
import type { HullcheckConfig } from './config.js';

/** How the config shapes findings, shared by every command that runs rules: scan, scan-run, audit. */

export function enabledRules(rules: readonly Rule[], config: HullcheckConfig): Rule[] {
  // Asked once per scanned file: with no overrides there is nothing to look up for each rule.
  if (config.rules.size === 0) return [...rules];
  return rules.filter((rule) => config.rules.get(rule.meta.id)?.enabled !== false);
}

/** A rule that threw: reported as an error on the input, so the other rules' findings still count. */
export function ruleFailure(file: string, ruleId: string, error: unknown): InputError {
  return { file, message: `rule ${ruleId} failed (a hullcheck bug, please report it): ${error instanceof Error ? error.message : String(error)}` };
}

export function ruleSettings(config: HullcheckConfig): RuleSettings {
  const allowedPaths = new Map<string, string[]>();
  let maxImageAgeDays = DEFAULT_SETTINGS.maxImageAgeDays;
  for (const [id, override] of config.rules) {
    if (override.allowPaths) allowedPaths.set(id, override.allowPaths);
    if (override.maxAgeDays !== undefined) maxImageAgeDays = override.maxAgeDays;
  }
  return {
    ...DEFAULT_SETTINGS,
    trustedRegistries: config.trustedRegistries,
    allowedCapabilities: config.allowedCapabilities,
    maxImageAgeDays,
    allowedPaths,
    now: new Date(),
  };
}

export function withOverride(finding: Finding, config: HullcheckConfig): Finding {
  const severity = config.rules.get(finding.ruleId)?.severity;
  return severity ? { ...finding, severity } : finding;
}

/**
 * The SHA-256 of a string (as UTF-8) in hex. crypto.hash (Node 20.12+) gives the same
 * digest in one call, about twice as fast as a Hash object per finding; older 20.x lack it.
 */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** Whitespace runs as one space. Most lines have none to change, and a test is cheaper than a replace. */
function collapseSpace(text: string): string {
  return MORE_THAN_ONE_SPACE.test(text) ? text.replace(/\s+/g, ' ') : text;
}

/** A whitespace character other than a space, or two spaces: what `\s+` -> ' ' would change. */
const MORE_THAN_ONE_SPACE = /[^\S ]| {2}/;

/**
 * Hashes rule, file, subject and the finding's line text, so the print survives lines moving.
 * Lines are trimmed, so they may keep the `\r` of a CRLF ending.
 */
export function fingerprinted(findings: Finding[], lines: string[]): Finding[] {
  const occurrences = new Map<string, number>();
  return findings.map((finding) => {
    const lineText = collapseSpace((lines[finding.at.line - 1] ?? '').trim());
    const basis = `${finding.ruleId}\0${finding.at.file}\0${finding.subject ?? ''}\0${lineText}\0${finding.at.path ?? ''}`;
    const count = occurrences.get(basis) ?? 0;
    occurrences.set(basis, count + 1);
    const fingerprint = sha256Hex(`${basis}\0${count}`).slice(0, 32);
    return { ...finding, fingerprint };
  });
}

