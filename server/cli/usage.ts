/** Exit codes of the command-line contract (contracts.md). */
export const EXIT = { done: 0, refused: 1, usage: 2, internal: 3 } as const;

export class UsageError extends Error {
  override name = 'UsageError';
}

export const HELP = `Usage: cse-profile <command> [options]

Commands:
  ingest <dataset> <file.csv|file.xlsx> [--sheet NAME] [--dry-run]
                                            validate and load an extract (referrals, missing, mase)
  import-stats <file.csv> --name SLUG        load an official-statistics file (EES tidy format)
  import-actions <actions.csv> [--status status.csv] [--measures measures.csv]
                                             load an action plan, its status updates and measures of success
  demo                                       (re)build a database with the shipped demo data
  export --out DIR [--format parquet|csv]    write every table; facts partitioned by dataset and period
  serve [--port N]                           run the dashboard (default port 3000, or PORT)
  users add NAME --role admin|analyst|viewer [--areas CODE,…]
                                             add a user; the password is read from stdin

Every command takes --db PATH (default data/cse-profile.duckdb, or CSE_PROFILE_DB) and --json.
Exit codes: 0 done, 1 input refused (nothing stored), 2 bad usage, 3 internal error.`;
