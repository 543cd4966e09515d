import rule from '../../../src/rules/build/no-ssh-server.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'EXPOSE 80 443/tcp 8022' },
    { kind: 'dockerfile', code: 'EXPOSE 2222 220 122' },
    { kind: 'dockerfile', code: 'EXPOSE 22/udp', name: 'SSH is TCP' },
    { kind: 'dockerfile', code: 'RUN apt-get update && apt-get install -y openssh-client git && rm -rf /var/lib/apt/lists/*' },
    { kind: 'dockerfile', code: 'RUN apk add --no-cache openssh-client openssh-keygen' },
    { kind: 'dockerfile', code: 'RUN dnf install -y openssh-clients && dnf clean all' },
    { kind: 'dockerfile', code: 'RUN apt-get remove -y openssh-server', name: 'removal' },
    { kind: 'dockerfile', code: 'RUN apt-get install -y libssh-dev sshpass' },
    { kind: 'dockerfile', code: 'RUN echo "apt-get install openssh-server"', name: 'text' },
    { kind: 'dockerfile', code: 'RUN apk add --no-cache ssh', name: 'not an apk server package name' },
    { kind: 'dockerfile', code: 'LABEL ports="22"' },
  ],
  invalid: [
    { kind: 'dockerfile', code: 'EXPOSE 22', errors: [{ line: 1, column: 8, severity: 'medium', message: 'EXPOSE 22 publishes the SSH port: enter containers with docker exec instead' }] },
    { kind: 'dockerfile', code: 'EXPOSE 80 22/tcp', errors: [{ line: 1, column: 11 }] },
    { kind: 'dockerfile', code: 'EXPOSE 22/TCP', errors: [{ line: 1, column: 8 }] },
    {
      kind: 'dockerfile',
      code: 'RUN apt-get update && apt-get install -y --no-install-recommends openssh-server && rm -rf /var/lib/apt/lists/*',
      errors: [{ line: 1, column: 66, message: 'openssh-server installs an SSH server in the image: enter containers with docker exec instead' }],
    },
    { kind: 'dockerfile', code: 'RUN apt install -y ssh', name: 'Debian ssh meta-package', errors: [{ line: 1, column: 20 }] },
    { kind: 'dockerfile', code: 'RUN apt-get install -y openssh-server=1:9.2p1-2+deb12u3', errors: [{ line: 1, column: 24 }] },
    { kind: 'dockerfile', code: 'RUN apk add --no-cache openssh', errors: [{ line: 1, column: 24 }] },
    { kind: 'dockerfile', code: 'RUN apk add --no-cache dropbear', errors: [{ line: 1, column: 24 }] },
    { kind: 'dockerfile', code: 'RUN yum install -y openssh-server && yum clean all', errors: [{ line: 1, column: 20 }] },
    { kind: 'dockerfile', code: 'RUN microdnf install -y openssh-server-8.7p1', errors: [{ line: 1, column: 25 }] },
    { kind: 'dockerfile', code: 'RUN zypper -n in openssh-server', errors: [{ line: 1, column: 18 }] },
    { kind: 'dockerfile', code: 'RUN sudo apt-get install -y openssh-server', errors: [{ line: 1, column: 29 }] },
    {
      kind: 'dockerfile',
      code: 'RUN apt-get update \\\n  # remote access\n  && apt-get install -y \\\n     openssh-server \\\n  && rm -rf /var/lib/apt/lists/*',
      name: 'multi-line with comment',
      errors: [{ line: 4, column: 6 }],
    },
    { kind: 'dockerfile', code: 'RUN <<EOF\napk add --no-cache openssh\nEOF', name: 'heredoc', errors: [{ line: 2, column: 20 }] },
    { kind: 'dockerfile', code: 'ONBUILD EXPOSE 22', name: 'ONBUILD', errors: [{ line: 1, column: 16 }] },
    { kind: 'dockerfile', code: 'RUN ["apt-get", "install", "-y", "openssh-server"]', name: 'exec form', errors: [{ line: 1, column: 34 }] },
  ],
});
