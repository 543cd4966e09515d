import type { BuildRule } from '../rule.js';
import noCopySecrets from './no-copy-secrets.js';
import noHttpDownload from './no-http-download.js';
import noInsecureDownload from './no-insecure-download.js';
import noPipeToShell from './no-pipe-to-shell.js';
import noSecretsInEnvArg from './no-secrets-in-env-arg.js';
import noSshServer from './no-ssh-server.js';
import noSudo from './no-sudo.js';
import noUnpinnedBaseImage from './no-unpinned-base-image.js';
import noUpdateAlone from './no-update-alone.js';
import noWorldWritable from './no-world-writable.js';
import preferCopyOverAdd from './prefer-copy-over-add.js';
import requireHealthcheck from './require-healthcheck.js';
import requireNonRootUser from './require-non-root-user.js';
import requirePackageCacheCleanup from './require-package-cache-cleanup.js';

/** Dockerfile rules, in the order they are documented. */
export const buildRules: BuildRule[] = [
  requireNonRootUser,
  noSudo,
  noPipeToShell,
  noHttpDownload,
  preferCopyOverAdd,
  noUnpinnedBaseImage,
  requirePackageCacheCleanup,
  noUpdateAlone,
  noWorldWritable,
  noSecretsInEnvArg,
  noCopySecrets,
  requireHealthcheck,
  noSshServer,
  noInsecureDownload,
];
