import { describe, expect, it } from 'vitest';
import { engineReleaseLine, engineSupport } from '../../../src/rules/host/data/engine-releases.js';
import rule, { endOfLifeFinding } from '../../../src/rules/host/no-end-of-life-engine.js';
import { DEFAULT_SETTINGS } from '../../../src/rules/rule.js';
import { runRules } from '../../../src/rules/run-rules.js';
import { engineAt, hostFacts } from '../../helpers/host-facts.js';

const NOW = new Date('2026-11-23T00:00:00Z');

describe('no-end-of-life-engine', () => {
  it('reports 20.10.24, the last 20.10 patch release, at the engine Version', () => {
    expect(endOfLifeFinding(hostFacts({ version: { engine: '20.10.24' } }), NOW)).toEqual({
      message:
        'Docker Engine 20.10.24 belongs to the 20.10 release line, which reached end of life on 2023-12-10: it gets no ' +
        'security fixes, whatever its patch level. Source: https://endoflife.date/docker-engine',
      at: engineAt('Version'),
      fix: { description: 'upgrade Docker Engine to a maintained release line' },
    });
  });

  it('reads distribution spellings of the version', () => {
    expect(endOfLifeFinding(hostFacts({ version: { engine: '20.10.24+dfsg1' } }), NOW)?.message).toContain('the 20.10 release line');
    expect(endOfLifeFinding(hostFacts({ version: { engine: '26.1.5' } }), NOW)?.message).toContain(
      'the 26.1 release line, which reached end of life on 2025-02-17',
    );
    expect(endOfLifeFinding(hostFacts({ version: { engine: '27.5.1' } }), NOW)?.message).toContain('the 27 release line');
  });

  it('reports a Docker 1.x engine as older than every maintained line', () => {
    expect(endOfLifeFinding(hostFacts({ version: { engine: '1.13.1' } }), NOW)?.message).toBe(
      'Docker Engine 1.13.1 belongs to the 1.13 release line, which is older than every maintained line: it gets no ' +
        'security fixes, whatever its patch level. Source: https://endoflife.date/docker-engine',
    );
  });

  it('does not report maintained lines, lines without an announced date, unknown newer lines or unreadable versions', () => {
    for (const engine of ['25.0.14', '28.5.2', '29.5.2', '30.0.0', 'dev']) {
      expect(endOfLifeFinding(hostFacts({ version: { engine } }), NOW), engine).toBeUndefined();
    }
  });

  it('decides by the date it is given', () => {
    const facts = hostFacts({ version: { engine: '23.0.18' } });
    expect(endOfLifeFinding(facts, new Date('2025-05-18T00:00:00Z'))).toBeUndefined();
    expect(endOfLifeFinding(facts, new Date('2025-05-19T00:00:00Z'))?.message).toContain('reached end of life on 2025-05-19');
  });

  it('runs with the current date as a rule and reports with the rule id and default severity', () => {
    const [finding, ...rest] = runRules(hostFacts({ version: { engine: '19.03.15' } }), [rule], DEFAULT_SETTINGS);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ ruleId: 'no-end-of-life-engine', severity: 'high', at: engineAt('Version') });
    expect(runRules(hostFacts(), [rule], DEFAULT_SETTINGS)).toEqual([]);
  });
});

describe('engine release lines', () => {
  it('are major.minor up to 26.1 and the major from 27 on', () => {
    expect(['19.03.15', '20.10.24', '26.1.5', '27.5.1', '28.3.3', 'v29.1.3', '5:24.0.7-1~debian.12~bookworm'].map(engineReleaseLine)).toEqual([
      '19.03',
      '20.10',
      '26.1',
      '27',
      '28',
      '29',
      '24.0',
    ]);
  });

  it('tell maintained, end-of-life and unknown apart', () => {
    expect(engineSupport('25.0.14', NOW)).toEqual({ status: 'maintained', line: '25.0' });
    expect(engineSupport('24.0.9', NOW)).toEqual({ status: 'end-of-life', line: '24.0', endOfLife: '2024-06-08' });
    expect(engineSupport('31.0.0', NOW)).toEqual({ status: 'unknown', line: '31' });
    expect(engineSupport('not a version', NOW)).toEqual({ status: 'unknown' });
  });
});
