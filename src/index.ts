/**
 * hullcheck as a library:
 *
 *     import { scanFiles, scanText, rules } from 'hullcheck';
 *     const result = await scanText({ kind: 'compose', text: 'services: {app: {image: x, privileged: true}}' });
 *     const live = await audit({ endpoint: { host: 'unix:///var/run/docker.sock' } });
 *     const images = await auditImages(['app.tar', 'nginx:1.27']);
 */
export { scanFiles, scanText, type ScanOptions, type TextInput } from './scan/scan.js';
export type { ScanResult, ScannedInput } from './scan/result.js';
export { activeFindings } from './scan/result.js';
export { findConfigFile, ConfigError, type HullcheckConfig } from './scan/config.js';
export { loadConfig, parseConfig } from './scan/config-file.js';
export type { InputKind } from './scan/parse-input.js';
export { rules, findRule } from './rules/index.js';
export type { Rule, RuleMeta, ContainerRule, BuildRule, HostRule, ImageRule, RuleSettings } from './rules/rule.js';
export { audit, type AuditOptions, type AuditResult } from './audit/audit.js';
export { auditImages, type ImageAuditOptions, type ImageAuditResult } from './audit/image.js';
export { readImageArchive, readImagePath, ImageReadError, type ImageReadResult } from './sources/image/read-image.js';
export { EngineError } from './sources/engine/client.js';
export type { HostFacts } from './facts/host.js';
export type { ImageFacts, ImageFile, ImageContents, ImageHistoryStep, OsRelease } from './facts/image.js';
export type { Finding, InputError, Severity } from './facts/finding.js';
export type { Location, Located } from './facts/location.js';
export type { ContainerFacts } from './facts/container.js';
export type { BuildFacts } from './facts/build.js';
export type { CreateRequest, HostConfig } from './facts/create-request.js';
export { VERSION } from './version.js';
