import type { ImageRule } from '../rule.js';
import noSetuidFiles from './no-setuid-files.js';
import noWorldWritableFiles from './no-world-writable-files.js';
import noExposedAdminPorts from './no-exposed-admin-ports.js';
import noEndOfLifeOs from './no-end-of-life-os.js';
import noPackageCacheInImage from './no-package-cache-in-image.js';
import noSecretsInImageEnv from './no-secrets-in-image-env.js';
import noSecretsInImageFiles from './no-secrets-in-image-files.js';
import noSecretsInImageHistory from './no-secrets-in-image-history.js';
import noSecretsInImageLabels from './no-secrets-in-image-labels.js';
import noSshServerInImage from './no-ssh-server-in-image.js';
import noSudoInImage from './no-sudo-in-image.js';
import noStaleImage from './no-stale-image.js';
import noUnsafeDownloadInHistory from './no-unsafe-download-in-history.js';
import noUntaggedImage from './no-untagged-image.js';
import requireImageHealthcheck from './require-image-healthcheck.js';
import requireImageUser from './require-image-user.js';

export const imageRules: readonly ImageRule[] = [requireImageUser, requireImageHealthcheck, noSecretsInImageEnv, noStaleImage, noUntaggedImage, noSetuidFiles, noWorldWritableFiles, noSecretsInImageFiles, noSecretsInImageLabels, noSecretsInImageHistory, noUnsafeDownloadInHistory, noSshServerInImage, noSudoInImage, noPackageCacheInImage, noEndOfLifeOs, noExposedAdminPorts];
