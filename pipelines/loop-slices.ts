/**
 * Long synchronous work (a national upload's published layer, say) cut into slices, so that the
 * server's event loop serves waiting requests between them instead of after all of them.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

/** How long a slice may run: a request should never wait 50 ms on other work's JavaScript. */
export const SLICE_MS = 10;

/**
 * A pause to call between units of work (an area, a chunk of rows): it hands the event loop back
 * once the current slice has run `sliceMs` (0: at every call), and returns at once otherwise.
 */
export function loopSlices(sliceMs = SLICE_MS): () => Promise<void> {
  let started = performance.now();
  return async () => {
    if (performance.now() - started < sliceMs) return;
    await nextTurn();
    started = performance.now();
  };
}
