import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/image/no-exposed-admin-ports.js';
import { at, check } from './image-fixtures.js';

const NAME = 'image app:1@4773cd9357e6';

describe('no-exposed-admin-ports', () => {
  it('reports remote-administration ports as high at Config.ExposedPorts.<port>', () => {
    expect(check(rule, { exposedPorts: ['22/tcp', '2375/tcp', '3389/tcp', '6443/tcp'] })).toEqual([
      { message: `${NAME} exposes 22/tcp, the SSH remote-administration port`, at: at('Config.ExposedPorts.22/tcp'), severity: 'high' },
      { message: `${NAME} exposes 2375/tcp, the Docker API (plain) remote-administration port`, at: at('Config.ExposedPorts.2375/tcp'), severity: 'high' },
      { message: `${NAME} exposes 3389/tcp, the RDP remote-administration port`, at: at('Config.ExposedPorts.3389/tcp'), severity: 'high' },
      { message: `${NAME} exposes 6443/tcp, the Kubernetes API remote-administration port`, at: at('Config.ExposedPorts.6443/tcp'), severity: 'high' },
    ]);
  });

  it('reports other ports below 1024 as low, reading a port without protocol as tcp', () => {
    expect(check(rule, { exposedPorts: ['53/udp', '25'] })).toEqual([
      { message: `${NAME} exposes 53/udp, a privileged port (below 1024)`, at: at('Config.ExposedPorts.53/udp'), severity: 'low' },
      { message: `${NAME} exposes 25/tcp, a privileged port (below 1024)`, at: at('Config.ExposedPorts.25'), severity: 'low' },
    ]);
  });

  it('does not report web ports, high ports, or garbage', () => {
    expect(check(rule, { exposedPorts: ['80/tcp', '443/tcp', '443/udp', '8080/tcp', '1024/tcp', '5432/tcp', 'abc', '0/tcp'] })).toEqual([]);
  });
});
