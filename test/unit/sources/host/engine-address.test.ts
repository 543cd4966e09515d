import { describe, expect, it } from 'vitest';
import { isLocalEngine } from '../../../../src/sources/host/engine-address.js';

describe('isLocalEngine', () => {
  it.each(['unix:///var/run/docker.sock', 'unix:///home/me/.docker/run/docker.sock', 'tcp://127.0.0.1:2375', 'tcp://127.0.0.53:2376', 'tcp://localhost:2375', 'tcp://[::1]:2376'])(
    '%s is local',
    (address) => {
      expect(isLocalEngine(address)).toEqual({ local: true });
    },
  );

  it('a TCP engine elsewhere is not, and says where it runs', () => {
    expect(isLocalEngine('tcp://10.0.0.5:2376')).toEqual({
      local: false,
      reason: 'the engine at tcp://10.0.0.5:2376 runs on 10.0.0.5, not on this machine: its daemon files, processes and kernel were not checked',
    });
    expect(isLocalEngine('tcp://127.0.0.1.example.com:2375').local).toBe(false);
  });

  it('an ssh engine is not, even to localhost', () => {
    expect(isLocalEngine('ssh://me@localhost')).toEqual({
      local: false,
      reason: 'the engine at ssh://me@localhost is reached over ssh://, not on this machine: its daemon files, processes and kernel were not checked',
    });
  });
});
