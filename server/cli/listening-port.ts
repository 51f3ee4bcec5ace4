import type { ChildProcess } from 'node:child_process';

/**
 * The port a `cse-profile serve --json` child announces in its one JSON line on stdout. Rejects
 * with `describeExit(code)` if the child ends first.
 */
export function listeningPort(child: ChildProcess, describeExit: (code: number | string) => string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code, signal) => reject(new Error(describeExit(code ?? signal ?? -1))));
  });
}
