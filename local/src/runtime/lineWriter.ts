// Log output of the local Lambda service. Every invocation logs START / END / REPORT and its
// container's own lines (Powertools logs, EMF metrics); written one console.log at a time, each is
// a synchronous write to the terminal or pipe, which cost the main thread (the gateway, the
// pollers and the SQS emulator all live there) more CPU than a delivery itself. Lambda ships logs
// to CloudWatch off the invocation's path; here the lines of one event-loop turn leave in a single
// write, in order.

export interface LineSink {
  write(chunk: string): unknown;
}

/** Returns a `log(line)` that batches lines and writes them once per event-loop turn. */
export function createBufferedLineWriter(sink: LineSink): (line: string) => void {
  let pending: string[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    const lines = pending;
    pending = [];
    if (lines.length > 0) sink.write(`${lines.join('\n')}\n`);
  };
  return (line: string) => {
    pending.push(line);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
}
