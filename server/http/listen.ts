import { createServer, type Server } from 'node:http';
import type { Express } from 'express';

export interface ListenOptions {
  port: number;
  host?: string;
  /** Whole request, body included: long enough for the largest upload on a slow link. */
  requestTimeoutMs: number;
  /** Headers only: a client that dribbles them out is cut off early. */
  headersTimeoutMs: number;
}

/** Node's own limit on the request line and headers together; cookies and tokens fit easily. */
const MAX_HEADER_BYTES = 16 * 1024;

export async function listen(app: Express, options: ListenOptions): Promise<Server> {
  const server = createServer(
    {
      maxHeaderSize: MAX_HEADER_BYTES,
      requestTimeout: options.requestTimeoutMs,
      headersTimeout: Math.min(options.headersTimeoutMs, options.requestTimeoutMs),
    },
    app,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

export function serverPort(server: Server): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}
