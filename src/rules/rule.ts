import type { BuildFacts } from '../facts/build.js';
import type { ContainerFacts } from '../facts/container.js';
import type { HostFacts } from '../facts/host.js';
import type { ImageFacts } from '../facts/image.js';
import type { Fix, Severity } from '../facts/finding.js';
import type { Location } from '../facts/location.js';

/**
 * `daemon.json` examples are daemon settings (a daemon.json, or dockerd flags
 * on a line starting with `dockerd`); `host` examples describe host state in
 * shell commands and are for reading only.
 */
export type ExampleKind = 'dockerfile' | 'compose' | 'run' | 'daemon.json' | 'host';

export interface RuleExample {
  kind: ExampleKind;
  bad: string;
  good: string;
  /** Settings the example assumes, for rules that only run when configured. */
  settings?: Partial<RuleSettings>;
}

export interface RuleMeta {
  /** Kebab-case id, named for what it checks: `no-privileged`, `require-pids-limit`. */
  id: string;
  title: string;
  /** Default severity; a check may report a finding higher or lower. */
  severity: Severity;
  /** CIS Docker Benchmark controls this rule covers, e.g. `5.4`. */
  cis: string[];
  /** The ids other tools give the same check, so teams can map their ignores. */
  equivalents?: { hadolint?: string; trivy?: string; checkov?: string; kics?: string; dockle?: string };
  /** Per-rule settings `.hullcheck.yaml` accepts under `rules: <id>:` besides enabled and severity. */
  options?: RuleOption[];
  docs: {
    /** Why it matters, in a few sentences. */
    why: string;
    /** How to fix it. */
    fix: string;
    examples: RuleExample[];
  };
}

/**
 * `allow-paths`: globs of image paths the rule leaves alone (`/usr/bin/su`, `/opt/app/**`).
 * `max-age-days`: the age limit of an age rule.
 */
export type RuleOption = 'allow-paths' | 'max-age-days';

export interface RuleSettings {
  /** Registries (host, or host/namespace prefix) whose images are trusted. Empty: no check. */
  trustedRegistries: string[];
  /** Capabilities the team accepts as added without a finding. */
  allowedCapabilities: string[];
  /** Images built longer ago than this many days are reported as stale. */
  maxImageAgeDays: number;
  /** Globs of image paths each rule (by id) leaves alone, from `rules: <id>: allow-paths:`. */
  allowedPaths: ReadonlyMap<string, readonly string[]>;
  /** What "now" is for age checks; tests fix it. */
  now: Date;
}

export interface ReportInput {
  message: string;
  at: Location;
  /** Overrides the rule's default severity for this finding. */
  severity?: Severity;
  fix?: Fix;
}

export interface RuleContext {
  settings: RuleSettings;
  report(finding: ReportInput): void;
}

export interface ContainerRule {
  meta: RuleMeta & { reads: 'container' };
  check(facts: ContainerFacts, context: RuleContext): void;
}

export interface BuildRule {
  meta: RuleMeta & { reads: 'build' };
  check(facts: BuildFacts, context: RuleContext): void;
}

export interface HostRule {
  meta: RuleMeta & { reads: 'host' };
  check(facts: HostFacts, context: RuleContext): void;
}

export interface ImageRule {
  meta: RuleMeta & { reads: 'image' };
  check(facts: ImageFacts, context: RuleContext): void;
}

export type Rule = ContainerRule | BuildRule | HostRule | ImageRule;

export function containerRule(rule: ContainerRule): ContainerRule {
  return rule;
}

export function buildRule(rule: BuildRule): BuildRule {
  return rule;
}

export function hostRule(rule: HostRule): HostRule {
  return rule;
}

export function imageRule(rule: ImageRule): ImageRule {
  return rule;
}

export const DEFAULT_MAX_IMAGE_AGE_DAYS = 90;

export const DEFAULT_SETTINGS: RuleSettings = {
  trustedRegistries: [],
  allowedCapabilities: [],
  maxImageAgeDays: DEFAULT_MAX_IMAGE_AGE_DAYS,
  allowedPaths: new Map(),
  now: new Date(),
};
