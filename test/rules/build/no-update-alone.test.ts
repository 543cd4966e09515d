import rule from '../../../src/rules/build/no-update-alone.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*' },
    { kind: 'dockerfile', code: 'RUN apt-get update && apt-get -y upgrade', name: 'update then upgrade' },
    { kind: 'dockerfile', code: 'RUN apt update && apt full-upgrade -y' },
    { kind: 'dockerfile', code: 'RUN apk update && apk add curl' },
    { kind: 'dockerfile', code: 'RUN apk add --no-cache curl' },
    { kind: 'dockerfile', code: 'RUN zypper refresh && zypper -n in curl' },
    { kind: 'dockerfile', code: 'RUN dnf makecache && dnf install -y git' },
    { kind: 'dockerfile', code: 'RUN yum update -y && yum clean all', name: 'yum update is an upgrade, not an index refresh' },
    { kind: 'dockerfile', code: 'RUN apt-get update && ./install-deps.sh', name: 'a script may install' },
    { kind: 'dockerfile', code: 'RUN apt-get update && xargs apt-get install -y < packages.txt' },
    { kind: 'dockerfile', code: 'RUN apt-get update && curl -fsSL https://deb.nodesource.com/setup_20.x | bash -' },
    {
      kind: 'dockerfile',
      code: 'RUN apt-get update \\\n  # now install\n  && apt-get install -y curl',
      name: 'install after a comment line',
    },
    { kind: 'dockerfile', code: 'RUN <<EOF\napt-get update\napt-get install -y git\nEOF', name: 'heredoc' },
    { kind: 'dockerfile', code: 'RUN echo "apt-get update"' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'RUN apt-get update\nRUN apt-get install -y curl',
      errors: [{ line: 1, column: 5, severity: 'low', message: /^apt-get update runs without an install in the same RUN/ }],
    },
    { kind: 'dockerfile', code: 'RUN apt update', errors: [{ line: 1, column: 5 }] },
    { kind: 'dockerfile', code: 'RUN apt-get -qq update', errors: [{ line: 1, column: 5 }] },
    { kind: 'dockerfile', code: 'RUN sudo apt-get update', errors: [{ line: 1, column: 5 }] },
    { kind: 'dockerfile', code: 'RUN apk update', errors: [{ line: 1, column: 5 }] },
    { kind: 'dockerfile', code: 'RUN zypper --non-interactive refresh', errors: [{ line: 1, column: 5 }] },
    { kind: 'dockerfile', code: 'RUN dnf makecache', errors: [{ line: 1, column: 5 }] },
    {
      kind: 'dockerfile',
      code: 'RUN echo "deb https://apt.example.com stable main" > /etc/apt/sources.list.d/x.list \\\n  && apt-get update',
      name: 'adding a source then updating',
      errors: [{ line: 2, column: 6 }],
    },
    { kind: 'dockerfile', code: 'RUN apt-get update && apk add curl', name: 'install by another manager', errors: [{ line: 1, column: 5 }] },
    { kind: 'dockerfile', code: 'RUN <<EOF\nset -e\napt-get update\nEOF', name: 'heredoc', errors: [{ line: 3, column: 1 }] },
    { kind: 'dockerfile', code: 'RUN ["apt-get", "update"]', name: 'exec form', errors: [{ line: 1, column: 6 }] },
    { kind: 'dockerfile', code: 'ONBUILD RUN apt-get update', errors: [{ line: 1, column: 13 }] },
    { kind: 'dockerfile', code: 'FROM debian:12 AS build\nRUN apt-get update\nFROM debian:12\nRUN echo', name: 'builder stages too', errors: [{ line: 2, column: 5 }] },
  ],
});
