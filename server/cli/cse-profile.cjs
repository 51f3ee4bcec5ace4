#!/usr/bin/env node
// CommonJS on purpose. libuv sizes its thread pool once, when the pool first starts, and Node's
// ES module loader starts it while reading the program's files, so UV_THREADPOOL_SIZE has to be
// set before the first ES module loads. DuckDB queries, argon2 hashing and file I/O all run on
// this pool; the server keeps its database pool below it (server/thread-pool.ts).
'use strict';
if (!process.env.UV_THREADPOOL_SIZE) process.env.UV_THREADPOOL_SIZE = '12';
import('../../dist/server/cli/main.js');
