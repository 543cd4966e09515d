import { describe, expect, it } from 'vitest';
import { assignments, historyStep } from '../../../src/rules/helpers/history.js';

describe('historyStep', () => {
  it.each([
    ['/bin/sh -c #(nop)  ENV A=1', { instruction: 'ENV', buildArgs: [], body: 'A=1' }],
    ['/bin/sh -c #(nop) ADD file:4b03 in / ', { instruction: 'ADD', buildArgs: [], body: 'file:4b03 in /' }],
    ['/bin/sh -c apt-get update', { instruction: 'RUN', buildArgs: [], body: 'apt-get update' }],
    ['|2 A=1 B=two /bin/sh -c make', { instruction: 'RUN', buildArgs: [{ name: 'A', value: '1' }, { name: 'B', value: 'two' }], body: 'make' }],
    ['RUN /bin/sh -c npm ci # buildkit', { instruction: 'RUN', buildArgs: [], body: 'npm ci' }],
    ['RUN |1 TOKEN=x /bin/sh -c npm ci # buildkit', { instruction: 'RUN', buildArgs: [{ name: 'TOKEN', value: 'x' }], body: 'npm ci' }],
    ['RUN --mount=type=secret,id=npm --network=none /bin/sh -c npm ci # buildkit', { instruction: 'RUN', buildArgs: [], body: 'npm ci' }],
    ['RUN |1 TOKEN=x --mount=type=cache,target=/root/.npm /bin/sh -c npm ci # buildkit', { instruction: 'RUN', buildArgs: [{ name: 'TOKEN', value: 'x' }], body: 'npm ci' }],
    ['ARG VERSION=1.2', { instruction: 'ARG', buildArgs: [], body: 'VERSION=1.2' }],
    ['', { instruction: 'RUN', buildArgs: [], body: '' }],
  ])('%s', (createdBy, expected) => {
    expect(historyStep(createdBy)).toEqual(expected);
  });
});

describe('assignments', () => {
  it('reads NAME=value pairs with quotes, and the old NAME value form', () => {
    expect(assignments('A=1 B="two words" C=\'x y\' D=')).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'two words' },
      { name: 'C', value: 'x y' },
      { name: 'D', value: '' },
    ]);
    expect(assignments('DB_PASSWORD hunter2 now')).toEqual([{ name: 'DB_PASSWORD', value: 'hunter2 now' }]);
  });
});
