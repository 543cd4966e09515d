import rule from '../../../src/rules/build/require-non-root-user.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'USER app' },
    { kind: 'dockerfile', code: 'USER 10001' },
    { kind: 'dockerfile', code: 'USER 10001:10001' },
    { kind: 'dockerfile', code: 'USER app:root', name: 'root group alone is not a root user' },
    { kind: 'dockerfile', code: 'USER root\nRUN apt-get update\nUSER app' },
    { kind: 'dockerfile', code: 'ARG UID=10001\nFROM alpine:3.20\nUSER ${UID}', name: 'a variable user is not root' },
    { kind: 'dockerfile', code: 'USER rootless', name: 'a name that starts with root' },
    { kind: 'dockerfile', code: 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app', name: 'distroless nonroot tag' },
    { kind: 'dockerfile', code: 'FROM gcr.io/distroless/base:debug-nonroot\nCOPY app /app', name: 'distroless debug-nonroot tag' },
    { kind: 'dockerfile', code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo hi', name: 'windows images have no uid 0' },
    {
      kind: 'dockerfile',
      code: 'FROM alpine:3.20 AS build\nRUN make\nFROM alpine:3.20\nCOPY --from=build /app /app\nUSER 65532',
      name: 'only the final stage matters',
    },
    {
      kind: 'dockerfile',
      code: 'FROM alpine:3.20 AS base\nUSER app\nFROM base\nCOPY app /app',
      name: 'the final stage inherits USER from the stage it builds on',
    },
    {
      kind: 'dockerfile',
      code: 'FROM alpine:3.20 AS base\nUSER root\nFROM base AS mid\nUSER app\nFROM mid',
      name: 'inherits through two stages',
    },
    { kind: 'dockerfile', code: 'USER app\nONBUILD USER root', name: 'an ONBUILD USER applies to child images' },
    { kind: 'dockerfile', code: 'FROM scratch\nCOPY app /app\nUSER 65532:65532' },
  ],
  invalid: [
    { kind: 'dockerfile', code: 'RUN echo hi', errors: [{ line: 0, column: 0, severity: 'high', message: 'the final stage sets no USER, so the container runs as root' }] },
    { kind: 'dockerfile', code: 'FROM node:20.11-slim\nCOPY . /app', errors: [{ line: 1, column: 6 }] },
    { kind: 'dockerfile', code: 'USER root', errors: [{ line: 1, column: 6, severity: 'high', message: 'the image runs as root: the last USER is "root"' }] },
    { kind: 'dockerfile', code: 'USER app\nRUN make\nUSER 0', errors: [{ line: 3, column: 6 }] },
    { kind: 'dockerfile', code: 'USER 0:0', errors: [{ line: 1, column: 6 }] },
    { kind: 'dockerfile', code: 'USER root:root', errors: [{ line: 1, column: 6 }] },
    { kind: 'dockerfile', code: 'USER 0:1000', errors: [{ line: 1, column: 6 }] },
    { kind: 'dockerfile', code: 'USER ROOT', name: 'case of the name', errors: [{ line: 1, column: 6 }] },
    {
      kind: 'dockerfile',
      code: 'FROM alpine:3.20 AS build\nUSER app\nFROM alpine:3.20\nCOPY --from=build /app /app',
      name: 'USER of a builder stage does not carry over',
      errors: [{ line: 3, column: 6 }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM alpine:3.20 AS base\nUSER root\nFROM base\nCOPY app /app',
      name: 'root USER inherited from the stage built on is reported where it is written',
      errors: [{ line: 2, column: 6 }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]',
      name: 'scratch images still run as uid 0',
      errors: [{ line: 1, column: 6, severity: 'medium', message: /FROM scratch/ }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gosu \\\n  && rm -rf /var/lib/apt/lists/*\nENTRYPOINT ["docker-entrypoint.sh"]',
      name: 'entrypoints that step down with gosu: low',
      errors: [{ line: 1, column: 6, severity: 'low' }],
    },
    {
      kind: 'dockerfile',
      code: 'ARG BASE\nFROM ${BASE}\nRUN make',
      name: 'unknown base image still runs as root without USER',
      errors: [{ line: 2, column: 6 }],
    },
    {
      kind: 'dockerfile',
      code: '# escape=`\nFROM alpine:3.20\nUSER app\nRUN echo a `\n  && echo b\nUSER root',
      errors: [{ line: 6, column: 6 }],
    },
  ],
});
