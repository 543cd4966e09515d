/**
 * The CLI bundle is also the scan workers' code: a worker is started from the same
 * launcher with this argument, so that it too starts from the compiled code cache.
 */
export const SCAN_WORKER_ARG = '--hullcheck-scan-worker';
