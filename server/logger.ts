import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs on stderr (stdout belongs to `--json` output). They carry methods, paths,
 * statuses, user names and counts; never request bodies, row contents, passwords or secrets,
 * and the redaction below is a second line of defence for headers that hold credentials.
 */
export function createLogger(level: string, destination: DestinationStream = pino.destination({ fd: 2, sync: false })): Logger {
  return pino(
    {
      level,
      base: { service: 'cse-profile' },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-csrf-token"]',
          'res.headers["set-cookie"]',
          '*.password',
          '*.token',
          '*.csrfToken',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
