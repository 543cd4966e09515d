import rule from '../../../src/rules/build/require-healthcheck.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'HEALTHCHECK CMD curl -fsS http://127.0.0.1/ || exit 1' },
    { kind: 'dockerfile', code: 'HEALTHCHECK --interval=30s --timeout=3s \\\n  CMD ["/app", "healthcheck"]' },
    { kind: 'dockerfile', code: 'HEALTHCHECK NONE', name: 'an explicit opt-out' },
    { kind: 'dockerfile', code: 'healthcheck cmd true', name: 'keywords in any case' },
    {
      kind: 'dockerfile',
      code: 'FROM nginx:1.27 AS base\nHEALTHCHECK CMD curl -f http://localhost/\nFROM base\nCOPY site /usr/share/nginx/html',
      name: 'inherited from the stage built on',
    },
    {
      kind: 'dockerfile',
      code: 'FROM golang:1.22 AS build\nRUN go build -o /app\nFROM scratch\nCOPY --from=build /app /app\nHEALTHCHECK CMD ["/app", "-health"]',
    },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM nginx:1.27\nCOPY site /usr/share/nginx/html',
      errors: [{ line: 1, column: 6, severity: 'low', message: /^the final stage has no HEALTHCHECK/ }],
    },
    { kind: 'dockerfile', code: 'RUN make', name: 'at the FROM line of the wrapper', errors: [{ line: 0, column: 0 }] },
    {
      kind: 'dockerfile',
      code: 'FROM alpine:3.20 AS build\nHEALTHCHECK CMD true\nFROM alpine:3.20\nCOPY --from=build /a /a',
      name: 'a HEALTHCHECK in a builder stage does not carry over',
      errors: [{ line: 3, column: 6 }],
    },
    { kind: 'dockerfile', code: 'FROM alpine:3.20\nONBUILD HEALTHCHECK CMD true', name: 'ONBUILD applies to child images', errors: [{ line: 1, column: 6 }] },
    { kind: 'dockerfile', code: 'FROM scratch\nCOPY app /app', errors: [{ line: 1, column: 6 }] },
  ],
});
