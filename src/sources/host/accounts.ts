import { linesOf, type RootFs } from './root-fs.js';

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
  /** 1-based line in /etc/group. */
  line: number;
}

/** Users and groups of the machine, from its /etc/passwd and /etc/group (not NSS: no LDAP or sssd). */
export class Accounts {
  private readonly users = new Map<number, string>();
  private readonly primaryGroups: Array<{ name: string; gid: number }> = [];
  readonly groups: GroupEntry[] = [];

  constructor(fs: RootFs) {
    for (const { fields } of records(fs.readText('/etc/passwd'))) {
      const uid = toId(fields[2]);
      if (uid !== undefined && !this.users.has(uid)) this.users.set(uid, fields[0] as string);
      const gid = toId(fields[3]);
      if (gid !== undefined) this.primaryGroups.push({ name: fields[0] as string, gid });
    }
    for (const { fields, line } of records(fs.readText('/etc/group'))) {
      const gid = toId(fields[2]);
      if (gid === undefined) continue;
      const members = (fields[3] ?? '').split(',').map((m) => m.trim()).filter(Boolean);
      this.groups.push({ name: fields[0] as string, gid, members, line });
    }
  }

  userName(uid: number): string | undefined {
    return this.users.get(uid);
  }

  groupName(gid: number): string | undefined {
    return this.groups.find((g) => g.gid === gid)?.name;
  }

  group(name: string): GroupEntry | undefined {
    return this.groups.find((g) => g.name === name);
  }

  /** Everyone in the group: listed in /etc/group, or having it as primary group in /etc/passwd. */
  membersOf(group: GroupEntry): string[] {
    const primary = this.primaryGroups.filter((user) => user.gid === group.gid).map((user) => user.name);
    return [...new Set([...group.members, ...primary])];
  }
}

/** Colon-separated records, comments and blank lines skipped. */
function records(text: string | undefined): Array<{ fields: string[]; line: number }> {
  if (text === undefined) return [];
  return linesOf(text)
    .map((content, index) => ({ fields: content.split(':'), line: index + 1, content }))
    .filter(({ content, fields }) => content.trim() !== '' && !content.startsWith('#') && fields[0] !== '');
}

function toId(text: string | undefined): number | undefined {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}
