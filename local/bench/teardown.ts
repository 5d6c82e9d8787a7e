// Everything the bench starts registers how to stop it here; `runAll` stops it in reverse order,
// once, whether the bench finished, failed or was interrupted.

export class Teardown {
  private readonly steps: Array<{ name: string; stop: () => Promise<unknown> }> = [];
  private running?: Promise<string[]>;

  /** Registers a stop step; returns a function that removes it (for things stopped early). */
  public add(name: string, stop: () => Promise<unknown>): () => void {
    const step = { name, stop };
    this.steps.push(step);
    return () => {
      const index = this.steps.indexOf(step);
      if (index >= 0) this.steps.splice(index, 1);
    };
  }

  /** Stops everything still registered, newest first; resolves with the failures' descriptions. */
  public runAll(): Promise<string[]> {
    this.running ??= (async () => {
      const failures: string[] = [];
      while (this.steps.length > 0) {
        const step = this.steps.pop()!;
        try {
          await step.stop();
        } catch (error) {
          failures.push(`${step.name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      return failures;
    })();
    return this.running;
  }
}
