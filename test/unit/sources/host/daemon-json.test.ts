import { describe, expect, it } from 'vitest';
import { parseDaemonJson } from '../../../../src/sources/host/daemon-json.js';
import { mergeSettings } from '../../../../src/sources/host/daemon-settings.js';
import { parseDockerdFlags } from '../../../../src/sources/host/dockerd-flags.js';

const FILE = '/etc/docker/daemon.json';
const at = (line: number, column: number) => ({ file: FILE, line, column });

describe('daemon.json', () => {
  it('reads each option with the line and column of its key', () => {
    const text = [
      '{',
      '  "icc": false,',
      '  "log-level": "warn",',
      '  "insecure-registries": [',
      '    "10.0.0.0/8",',
      '    "reg:5000"',
      '  ],',
      '  "default-ulimits": { "nofile": { "Name": "nofile", "Hard": 64000, "Soft": 64000 } },',
      '    "max-concurrent-downloads": 3',
      '}',
    ].join('\n');
    const { settings, errors } = parseDaemonJson(text, FILE);
    expect(errors).toEqual([]);
    expect(settings.get('icc')).toEqual({ value: false, at: at(2, 3), from: 'config' });
    expect(settings.get('log-level')).toEqual({ value: 'warn', at: at(3, 3), from: 'config' });
    expect(settings.get('insecure-registries')).toEqual({
      value: ['10.0.0.0/8', 'reg:5000'],
      at: at(4, 3),
      from: 'config',
      itemAt: { 0: at(5, 5), 1: at(6, 5) },
    });
    expect(settings.get('default-ulimits')?.value).toEqual({ nofile: { Name: 'nofile', Hard: 64000, Soft: 64000 } });
    expect(settings.get('default-ulimits')?.itemAt).toEqual({ nofile: at(8, 24) });
    expect(settings.get('max-concurrent-downloads')).toEqual({ value: 3, at: at(9, 5), from: 'config' });
  });

  it('reports malformed JSON at its line and column, with no settings', () => {
    const { settings, errors } = parseDaemonJson('{\n  "icc": false,\n  "live-restore": tru\n}\n', FILE);
    expect(settings.size).toBe(0);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: FILE, line: 3, column: 19 });
    expect(errors[0]?.message).toMatch(/^invalid JSON/);
  });

  it('reports a trailing comma, which YAML would accept but dockerd does not', () => {
    const { errors } = parseDaemonJson('{"icc": false,}', FILE);
    expect(errors).toEqual([expect.objectContaining({ file: FILE, line: 1, column: 15 })]);
  });

  it('reports a document that is not an object', () => {
    expect(parseDaemonJson('["icc"]', FILE).errors).toEqual([
      { file: FILE, line: 1, column: 1, message: 'daemon.json must hold a JSON object' },
    ]);
  });

  it('treats an empty file as no configuration, as dockerd does', () => {
    expect(parseDaemonJson(' \n', FILE)).toEqual({ settings: new Map(), errors: [] });
  });

  it('takes the last of a repeated key, as Go does, and points at it', () => {
    const { settings } = parseDaemonJson('{"icc": true,\n "icc": false}', FILE);
    expect(settings.get('icc')).toEqual({ value: false, at: at(2, 2), from: 'config' });
  });
});

describe('flags and daemon.json together', () => {
  it('lets a command-line flag win, keeping the value it overrode', () => {
    const config = parseDaemonJson('{\n  "icc": true,\n  "live-restore": true\n}', FILE).settings;
    const flags = parseDockerdFlags(['dockerd', '--icc=false'], 'process:dockerd[9]');
    const merged = mergeSettings(config, flags);
    expect(merged.get('icc')).toEqual({
      value: false,
      at: { file: 'process:dockerd[9]', line: 0, column: 0, path: 'argv.1' },
      from: 'flag',
      overridden: { value: true, at: at(2, 3) },
    });
    expect(merged.get('live-restore')).toEqual({ value: true, at: at(3, 3), from: 'config' });
  });
});
