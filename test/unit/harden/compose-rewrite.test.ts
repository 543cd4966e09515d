import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyPatch, createTwoFilesPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { hardenCompose, readComposeServices, type ComposeHardening } from '../../../src/harden/harden-compose.js';
import { imageInfoFromTable, type ImageInfo } from '../../../src/harden/image-info.js';
import { DEFAULT_HARDEN_OPTIONS, type HardenOptions } from '../../../src/harden/plan.js';
import { containerRules } from '../../../src/rules/container/index.js';
import { DEFAULT_SETTINGS } from '../../../src/rules/rule.js';
import { runRules } from '../../../src/rules/run-rules.js';
import { parseCompose } from '../../../src/sources/compose/parse-compose.js';

const repoRoot = join(import.meta.dirname, '../../..');

function harden(text: string, options: Partial<HardenOptions> = {}, images?: Map<string, ImageInfo>): ComposeHardening {
  const services = readComposeServices(text, 'compose.yaml', new Map(), options.aggressive === undefined ? [] : []);
  const known = images ?? new Map(services.containers.flatMap((c) => {
    const info = c.image ? imageInfoFromTable(c.image.value) : undefined;
    return info && c.image ? [[c.image.value, info] as const] : [];
  }));
  return hardenCompose('compose.yaml', services, known, { ...DEFAULT_HARDEN_OPTIONS, ...options });
}

/** Lines the diff removes from the original. */
function removedLines(before: string, after: string): string[] {
  const patch = createTwoFilesPatch('a', 'b', before, after, '', '', { context: 0 });
  return patch.split('\n').filter((line) => line.startsWith('-') && !line.startsWith('---')).map((line) => line.slice(1));
}

const userImage: ImageInfo = { source: 'engine', user: '10001', volumes: [], listens: [8080], entrypoint: [], cmd: [], writable: [] };

describe('compose rewrite', () => {
  it('adds keys after the last entry in block style, matching the indentation, and changes no other byte', () => {
    const before = [
      '# my services',
      'services:',
      '    web:   # the front end',
      '        image: app:1',
      '        ports:',
      '        - "8080:8080"  # public',
      '        environment:',
      '            MODE: prod',
      '    # end of web',
      '',
    ].join('\n');
    const { text } = harden(before, {}, new Map([['app:1', userImage]]));
    expect(text).toBe([
      '# my services',
      'services:',
      '    web:   # the front end',
      '        image: app:1',
      '        ports:',
      '        - "127.0.0.1:8080:8080"  # public',
      '        environment:',
      '            MODE: prod',
      '        cap_drop:',
      '        - ALL',
      '        security_opt:',
      '        - no-new-privileges:true',
      '        read_only: true',
      '        tmpfs:',
      '        - /tmp',
      '        - /run',
      '        user: "10001"',
      '        pids_limit: 200',
      '        mem_limit: 512m',
      '        cpus: 1.0',
      '    # end of web',
      '',
    ].join('\n'));
    expect(removedLines(before, text)).toEqual(['        - "8080:8080"  # public']);
  });

  it('writes CRLF line ends into a CRLF file', () => {
    const before = 'services:\r\n  web:\r\n    image: app:1\r\n    privileged: true\r\n';
    const { text } = harden(before, {}, new Map([['app:1', userImage]]));
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(text.startsWith('services:\r\n  web:\r\n    image: app:1\r\n    # hullcheck harden: ')).toBe(true);
    expect(text.endsWith('    cpus: 1.0\r\n')).toBe(true);
  });

  it('edits flow mappings and flow sequences in flow style', () => {
    const before = 'services:\n  web: {image: "app:1", ports: [\'80:80\'], cap_drop: [NET_RAW]}\n';
    const { text } = harden(before, {}, new Map([['app:1', { ...userImage, listens: [] }]]));
    expect(text).toBe(
      "services:\n  web: {image: \"app:1\", ports: ['127.0.0.1:80:80'], cap_drop: [NET_RAW, ALL], cap_add: [NET_BIND_SERVICE], security_opt: [no-new-privileges:true], read_only: true, tmpfs: [/tmp, /run], user: \"10001\", pids_limit: 200, mem_limit: 512m, cpus: 1.0}\n",
    );
  });

  it('sets values in place where the file had them, keeping their quoting', () => {
    const before = "services:\n  a:\n    image: app:1\n    read_only: false\n    pids_limit: '0'\n    mem_limit: 0\n    security_opt: ['no-new-privileges:false']\n";
    const { text } = harden(before, {}, new Map([['app:1', userImage]]));
    expect(text.split('\n').slice(0, 7)).toEqual([
      'services:', '  a:', '    image: app:1', '    read_only: true', '    pids_limit: 200', '    mem_limit: 512m', "    security_opt: ['no-new-privileges:true']",
    ]);
  });

  it('never edits through a merge key: the anchor stays, the service gets its own keys with the merged items', () => {
    const before = [
      'x-base: &base',
      '  cap_drop: [NET_RAW]',
      '  read_only: false',
      '  ports: ["9000:9000", "9001:9001"]',
      'services:',
      '  a:',
      '    <<: *base',
      '    image: app:1',
      '',
    ].join('\n');
    const { text } = harden(before, {}, new Map([['app:1', userImage]]));
    expect(text.startsWith(before.split('services:')[0] as string)).toBe(true);
    const services = parseCompose(text, 'compose.yaml', new Map()).containers;
    const [a] = services;
    expect(a?.capDrop.map((c) => c.value)).toEqual(['NET_RAW', 'ALL']);
    expect(a?.readOnlyRootfs?.value).toBe(true);
    expect(a?.ports.map((p) => p.value.hostIp)).toEqual(['127.0.0.1', '127.0.0.1']);
  });

  it('replaces an alias by the whole list instead of editing the anchor it points at', () => {
    const before = [
      'x-opts: &opts ["label=type:container_t"]',
      'x-ports: &ports ["8080:8080"]',
      'services:',
      '  a:',
      '    image: app:1',
      '    security_opt: *opts',
      '    ports: *ports',
      '',
    ].join('\n');
    const { text } = harden(before, { seccomp: './p.json' }, new Map([['app:1', userImage]]));
    const lines = text.split('\n');
    expect(lines.slice(0, 5)).toEqual(before.split('\n').slice(0, 5));
    expect(lines[5]).toBe('    security_opt: [label=type:container_t, no-new-privileges:true, seccomp=./p.json]');
    expect(lines[6]).toBe('    ports: [127.0.0.1:8080:8080]');
    expect(harden(text, { seccomp: './p.json' }, new Map([['app:1', userImage]])).text).toBe(text);
  });

  it('opens a service written as a bare alias into a merge of it, and hardens it without touching the anchor', () => {
    const before = 'services:\n  web: &web\n    image: app:1\n    cap_drop: [ALL]\n    read_only: true\n  web2: *web\n';
    const { text } = harden(before, {}, new Map([['app:1', userImage]]));
    const lines = text.split('\n');
    expect(lines.slice(0, 5)).toEqual(before.split('\n').slice(0, 5));
    expect(text).toContain('  web2:\n    <<: *web\n    security_opt:\n      - no-new-privileges:true\n');
    const web2 = parseCompose(text, 'compose.yaml', new Map()).containers.find((c) => c.name === 'web2');
    expect(web2?.capDrop.map((c) => c.value)).toEqual(['ALL']);
    expect(web2?.pidsLimit?.value).toBe(200);
    expect(harden(text, {}, new Map([['app:1', userImage]])).text).toBe(text);
  });

  it('adds to a service that extends another without touching the base', () => {
    const before = 'services:\n  base:\n    image: app:1\n    cap_drop: [ALL]\n    read_only: true\n  child:\n    extends: base\n    environment: {A: b}\n';
    const result = harden(before, {}, new Map([['app:1', userImage]]));
    const lines = result.text.split('\n');
    expect(lines.slice(0, 5)).toEqual(['services:', '  base:', '    image: app:1', '    cap_drop: [ALL]', '    read_only: true']);
    const child = parseCompose(result.text, 'compose.yaml', new Map()).containers.find((c) => c.name === 'child');
    expect(child?.capDrop.map((c) => c.value)).toEqual(['ALL']);
    expect(child?.securityOpts.map((o) => o.value.raw)).toContain('no-new-privileges:true');
    expect(child?.readOnlyRootfs?.value).toBe(true);
  });

  it('comments above privileged, host namespaces and socket mounts, and removes them with --aggressive', () => {
    const before = 'services:\n  m:\n    image: app:1\n    privileged: true\n    pid: host\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n      - data:/data\n';
    const gentle = harden(before, {}, new Map([['app:1', userImage]])).text;
    const lines = gentle.split('\n');
    expect(lines[3]).toMatch(/^ {4}# hullcheck harden: privileged mode gives the container every capability/);
    expect(lines).toContain('    privileged: true');
    expect(lines).toContain('      - /var/run/docker.sock:/var/run/docker.sock');
    expect(removedLines(before, gentle)).toEqual([]);
    const aggressive = harden(before, { aggressive: true }, new Map([['app:1', userImage]])).text;
    expect(aggressive).not.toContain('privileged');
    expect(aggressive).not.toContain('pid: host');
    expect(aggressive).not.toContain('docker.sock');
    expect(aggressive).toContain('    volumes:\n      - data:/data\n');
  });

  it('is idempotent: hardening the output again changes nothing', () => {
    for (const file of ['examples/compose.yaml']) {
      const before = readFileSync(join(repoRoot, file), 'utf8');
      for (const aggressive of [false, true]) {
        const once = harden(before, { aggressive }).text;
        expect(harden(once, { aggressive }).text, `${file} aggressive=${aggressive}`).toBe(once);
      }
    }
  });

  it('gives a diff that applies to the original and yields the hardened file', () => {
    const before = readFileSync(join(repoRoot, 'examples/compose.yaml'), 'utf8');
    const after = harden(before).text;
    expect(applyPatch(before, createTwoFilesPatch('a', 'b', before, after))).toBe(after);
  });

  it('keeps every comment line of the original', () => {
    const before = readFileSync(join(repoRoot, 'examples/compose.yaml'), 'utf8');
    const after = harden(before, { aggressive: true }).text;
    for (const line of before.split('\n').filter((l) => l.trim().startsWith('#'))) expect(after).toContain(line);
  });
});

const CORPUS = '/work/shared/corpus/docker+awesome-compose';
const CORPUS_FILES = ['nginx-flask-mysql/compose.yaml', 'gitea-postgres/compose.yaml', 'prometheus-grafana/compose.yaml', 'wordpress-mysql/compose.yaml', 'traefik-golang/compose.yaml', 'nextcloud-redis-mariadb/compose.yaml', 'pihole-cloudflared-DoH/compose.yaml', 'portainer/compose.yaml'];

describe('scan after harden', () => {
  const inputs: [string, string][] = [
    ['examples/compose.yaml', readFileSync(join(repoRoot, 'examples/compose.yaml'), 'utf8')],
    ...CORPUS_FILES.map((f): [string, string] => [f, readFileSync(join(CORPUS, f), 'utf8')]),
  ];

  it.each(inputs)('%s: every container finding left is one harden explained, for the same rule and service', (name, before) => {
    for (const aggressive of [false, true]) {
      const result = harden(before, { aggressive });
      const containers = parseCompose(result.text, name, new Map()).containers;
      expect(containers.length).toBeGreaterThan(0);
      for (const container of containers) {
        const plan = result.plans.find((p) => p.service === container.name);
        const explained = new Set(plan?.kept.map((k) => k.rule));
        const unexplained = runRules(container, containerRules, DEFAULT_SETTINGS).filter((f) => !explained.has(f.ruleId));
        expect(unexplained.map((f) => `${f.ruleId}: ${f.message}`), `${name} ${container.name} aggressive=${aggressive}`).toEqual([]);
      }
      expect(harden(result.text, { aggressive }).text, `${name} idempotent`).toBe(result.text);
    }
  });

  it('leaves only the documented rules after --aggressive on the examples', () => {
    const result = harden(inputs[0]?.[1] ?? '', { aggressive: true });
    const rules = new Set(result.plans.flatMap((p) => p.kept.map((k) => k.rule)));
    expect([...rules].sort()).toEqual(['no-host-devices', 'no-root-user', 'no-secrets-in-env', 'no-sensitive-host-mount', 'no-unpinned-image', 'restart-policy-limit']);
  });
});
