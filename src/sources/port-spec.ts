export interface PortSpec {
  containerPort: string;
  protocol: string;
  /** Empty when every interface is used. */
  hostIp: string;
  /** Empty when Docker picks a free port. */
  hostPort: string;
}

const PORT = /^(\d+)(?:-(\d+))?$/;

/** `80` or `9000-9001`: numbers a port can have (0-65535), a range low to high. */
function isPortOrRange(text: string): boolean {
  const match = PORT.exec(text);
  if (!match) return false;
  const low = Number(match[1]);
  const high = match[2] === undefined ? low : Number(match[2]);
  return high <= 65535 && low <= high;
}

/**
 * Reads the short port syntax shared by `docker run -p` and Compose:
 * `[IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`, where IP may be an IPv6
 * address in brackets or, as Compose allows, bare.
 */
export function parsePortSpec(spec: string): PortSpec | undefined {
  const trimmed = spec.trim();
  const slash = trimmed.lastIndexOf('/');
  const protocol = slash >= 0 ? trimmed.slice(slash + 1).toLowerCase() : 'tcp';
  const address = slash >= 0 ? trimmed.slice(0, slash) : trimmed;
  let hostIp = '';
  let rest = address;
  const bracket = /^\[([^\]]*)\]:(.*)$/.exec(address);
  if (bracket) {
    hostIp = bracket[1] ?? '';
    rest = bracket[2] ?? '';
  }
  const parts = rest.split(':');
  const containerPort = parts.pop() ?? '';
  const hostPort = parts.pop() ?? '';
  if (!bracket && parts.length > 0) hostIp = parts.join(':');
  if (!isPortOrRange(containerPort) || (hostPort !== '' && !isPortOrRange(hostPort))) return undefined;
  if (!['tcp', 'udp', 'sctp'].includes(protocol)) return undefined;
  return { containerPort, protocol, hostIp, hostPort };
}
