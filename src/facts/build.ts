import type { Located, Location } from './location.js';

/** One word of a shell command, with quotes removed where that is safe to do. */
export interface ShellWord {
  /** The word as the shell would pass it, if it has no expansions; else its source text. */
  value: string;
  /** False when the word contains `$VAR`, `$(...)` or similar. */
  literal: boolean;
  at: Location;
}

export interface ShellCommand {
  /** The program as written (`/usr/bin/curl`, `curl`). */
  program: string;
  /** Base name of the program (`curl`). */
  name: string;
  args: ShellWord[];
  /** `FOO=bar` assignments before the program. */
  assignments: { name: string; value: string }[];
  at: Location;
  text: string;
  /** The commands of the pipeline this command is part of, in order; itself alone if none. */
  pipeline: ShellCommand[];
  /** Set when the command runs inside `$(...)`, backticks or `<(...)`. */
  nested?: 'command-substitution' | 'process-substitution';
  /** The command whose arguments contain this nested command. */
  parent?: ShellCommand;
  /** Output redirection targets (`> /dev/null`). */
  redirects: string[];
}

export interface ShellScript {
  /** Every simple command, in source order, nested ones included. */
  commands: ShellCommand[];
  /** True when the shell parser could not understand part of the text. */
  hasError: boolean;
}

export interface DockerfileFlag {
  name: string;
  value: string | null;
  at: Location;
}

export interface KeyValueFact {
  name: string;
  value?: string;
  at: Location;
}

export interface HeredocFact {
  name: string;
  content: string;
  at: Location;
}

export interface InstructionFacts {
  /** Upper-case keyword: RUN, COPY, FROM... */
  keyword: string;
  /** Whole instruction: start is the keyword, end is the last character. */
  at: Location;
  /** Argument text as written, continuations and all. */
  text: string;
  flags: DockerfileFlag[];
  /** Arguments after the flags: JSON array elements for exec form, words otherwise. */
  args: Located<string>[];
  form: 'exec' | 'shell';
  heredocs: HeredocFact[];
  /** Parsed shell for RUN (shell form and heredocs) and shell-form CMD/ENTRYPOINT. */
  shell?: ShellScript;
  /** ENV, ARG and LABEL pairs. */
  pairs: KeyValueFact[];
  /** ONBUILD wraps another instruction. */
  onbuild?: InstructionFacts;
}

export interface FromFacts {
  /** Image reference after ARG substitution. */
  image: string;
  /** Image reference as written. */
  raw: string;
  platform?: string;
  at: Location;
  /** The index of an earlier stage this FROM builds on, if it names one. */
  stageRef?: number;
  /** True when the reference still holds an unresolved variable. */
  unresolved: boolean;
}

export interface StageFacts {
  index: number;
  name?: string;
  from: FromFacts;
  /** Instructions after FROM, in order. */
  instructions: InstructionFacts[];
  isFinal: boolean;
}

export interface BuildFacts {
  kind: 'build';
  file: string;
  escape: string;
  /** ARG instructions before the first FROM. */
  globalArgs: KeyValueFact[];
  stages: StageFacts[];
}
