import { buildDemoDatabase } from '../../demo-database.js';
import type { CommandContext } from '../context.js';
import { EXIT } from '../usage.js';

export async function demoCommand(ctx: CommandContext, path: string): Promise<number> {
  const started = Date.now();
  await buildDemoDatabase(path, (p) => {
    if (ctx.showProgress) process.stderr.write(`demo ${p.step}/${p.of} ${p.label}\n`);
  });
  const seconds = (Date.now() - started) / 1000;
  ctx.print({ ok: true, db: path, seconds }, () => `Built the demo database ${path} in ${seconds.toFixed(1)} s.`);
  return EXIT.done;
}
