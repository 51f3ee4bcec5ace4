/** What every command receives from the command line. */
export interface CommandContext {
  positionals: string[];
  flags: Record<string, string | boolean | undefined>;
  json: boolean;
  /** Progress on stderr: not with --json unless stderr is a terminal. */
  showProgress: boolean;
  /** Prints the JSON object with --json, otherwise the human text. */
  print(value: unknown, human: () => string): void;
}
