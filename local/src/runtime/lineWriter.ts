// Log output of the local Lambda service. Every invocation logs START / END / REPORT and its
// container's own lines (Powertools logs, EMF metrics). Each write to the terminal or pipe is a
// system call on the main thread, where the gateway, the pollers and the SQS emulator all live;
// at thousands of invocations a second, one write per line (or even per event-loop turn) cost that
// thread more than the deliveries themselves (measured: ~0.4 ms per invocation in a join storm).
// Lambda ships logs to CloudWatch off the invocation's path; here lines are gathered for a short
// interval (or until a chunk is big) and leave in one write, in order.

export interface LineSink {
  write(chunk: string): unknown;
}

export interface BufferedLineWriterOptions {
  /** Longest a line waits before it is written. */
  intervalMs?: number;
  /** A pending chunk this big is written at once. */
  maxChunkChars?: number;
}

export interface BufferedLineWriter {
  (line: string): void;
  /** Writes what is pending now (at stop and at exit, so no line is lost). */
  flush(): void;
}

export const LOG_FLUSH_INTERVAL_MS = 25;
export const LOG_MAX_CHUNK_CHARS = 64 * 1024;

export function createBufferedLineWriter(
  sink: LineSink,
  options: BufferedLineWriterOptions = {},
): BufferedLineWriter {
  const intervalMs = options.intervalMs ?? LOG_FLUSH_INTERVAL_MS;
  const maxChunkChars = options.maxChunkChars ?? LOG_MAX_CHUNK_CHARS;
  let pending: string[] = [];
  let pendingChars = 0;
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const lines = pending;
    pending = [];
    pendingChars = 0;
    if (lines.length > 0) sink.write(`${lines.join('\n')}\n`);
  };
  const log = (line: string): void => {
    pending.push(line);
    pendingChars += line.length + 1;
    if (pendingChars >= maxChunkChars) {
      flush();
    } else if (timer === undefined) {
      timer = setTimeout(flush, intervalMs);
      // Pending log lines never keep a finished process alive; exit flushes them (below).
      timer.unref();
    }
  };
  return Object.assign(log, { flush });
}
