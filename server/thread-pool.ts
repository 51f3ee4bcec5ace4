/**
 * libuv's thread pool as this process got it. libuv reads UV_THREADPOOL_SIZE once, when the pool
 * first starts, and Node's ES module loader starts it while it reads the program's own files, so
 * the variable must be set before Node starts: the `cse-profile` launcher (server/cli/cse-profile.cjs,
 * CommonJS for exactly this reason) sets it when unset.
 */
export const THREAD_POOL_SIZE = Number(process.env.UV_THREADPOOL_SIZE) || 4;

/**
 * DuckDB runs each query on a libuv thread, as do argon2 hashing and file I/O. The read pool
 * leaves two threads free: one for an upload's own connection, one for hashing and the files.
 */
export function serverPoolSize(env: Record<string, string | undefined> = process.env): number {
  const ceiling = Math.max(1, THREAD_POOL_SIZE - 1);
  const asked = Number(env.CSE_PROFILE_POOL_SIZE);
  if (Number.isInteger(asked) && asked > 0) return Math.min(asked, ceiling);
  return Math.min(ceiling, Math.max(2, THREAD_POOL_SIZE - 2));
}
