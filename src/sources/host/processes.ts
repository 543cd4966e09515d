import { posix } from 'node:path';
import type { RootFs } from './root-fs.js';

/** A process seen in /proc. */
export interface ProcessInfo {
  pid: number;
  /** `/proc/<pid>/comm`: the executable's name, at most 15 characters. */
  comm: string;
  /** `/proc/<pid>/cmdline`, split at its NUL bytes. */
  argv: string[];
  /** Parent pid, from `/proc/<pid>/stat`; undefined when it cannot be read. */
  ppid?: number;
}

/** Every process visible under `<root>/proc`; processes that exit while being read are left out. */
export function listProcesses(fs: RootFs): ProcessInfo[] {
  const processes: ProcessInfo[] = [];
  for (const name of fs.list('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const process = readProcess(fs, Number(name));
    if (process) processes.push(process);
  }
  return processes.sort((a, b) => a.pid - b.pid);
}

function readProcess(fs: RootFs, pid: number): ProcessInfo | undefined {
  const comm = fs.readText(`/proc/${pid}/comm`);
  const cmdline = fs.readText(`/proc/${pid}/cmdline`);
  if (comm === undefined && cmdline === undefined) return undefined;
  const argv = splitCmdline(cmdline ?? '');
  const ppid = parentPid(fs.readText(`/proc/${pid}/stat`));
  return {
    pid,
    comm: comm?.replace(/\n$/, '') ?? posix.basename(argv[0] ?? ''),
    argv,
    ...(ppid === undefined ? {} : { ppid }),
  };
}

/** argv is NUL-terminated words; a kernel thread has an empty cmdline. */
export function splitCmdline(cmdline: string): string[] {
  if (cmdline === '') return [];
  const words = cmdline.split('\0');
  if (words.at(-1) === '') words.pop();
  return words;
}

/** `pid (comm) state ppid ...`: comm may itself hold spaces and parentheses, so read after the last `)`. */
function parentPid(stat: string | undefined): number | undefined {
  if (stat === undefined) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 1).trim().split(/\s+/);
  const ppid = Number(fields[1]);
  return Number.isInteger(ppid) ? ppid : undefined;
}

/** Whether the process runs the named program, by comm or by argv[0]. */
export function runs(process: ProcessInfo, program: string): boolean {
  return process.comm === program || posix.basename(process.argv[0] ?? '') === program;
}
