/** File names of container runtime API sockets (and the Docker Engine named pipe on Windows), with the runtime's name. */
export const RUNTIME_SOCKETS: Readonly<Record<string, string>> = {
  'docker.sock': 'Docker',
  'containerd.sock': 'containerd',
  'podman.sock': 'Podman',
  'crio.sock': 'CRI-O',
  'cri-dockerd.sock': 'cri-dockerd',
  docker_engine: 'Docker',
};

/**
 * Host directories (in their `/run` form) that hold a runtime socket, so that
 * mounting the directory hands the socket over too. `/` holds all of them.
 */
export const RUNTIME_SOCKET_DIRECTORIES: readonly RegExp[] = [
  /^\/$/,
  /^\/run$/,
  /^\/run\/(docker|containerd|podman|crio)$/,
  /^\/run\/user(\/\d+(\/(docker|podman))?)?$/,
];
