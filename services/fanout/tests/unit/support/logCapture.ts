// Captures the log items a Powertools logger (and its children) print, to check which keys every
// line carries. With POWERTOOLS_DEV set, Powertools prints through the global console.
import { Logger } from '@aws-lambda-powertools/logger';

export interface LogCapture {
  logger: Logger;
  items: () => Record<string, unknown>[];
  restore: () => void;
}

export function capturingLogger(): LogCapture {
  const previous = process.env['POWERTOOLS_DEV'];
  process.env['POWERTOOLS_DEV'] = 'true';
  const printed: string[] = [];
  const sink = (...args: unknown[]) => {
    printed.push(String(args[0]));
  };
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
    jest.spyOn(console, method).mockImplementation(sink),
  );
  const logger = new Logger({ serviceName: 'fanout-test', logLevel: 'DEBUG' });
  return {
    logger,
    items: () => printed.map((text) => JSON.parse(text) as Record<string, unknown>),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
      if (previous === undefined) delete process.env['POWERTOOLS_DEV'];
      else process.env['POWERTOOLS_DEV'] = previous;
    },
  };
}
