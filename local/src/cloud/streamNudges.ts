// Which stream pollers an invocation's end should wake (fast cadence). A handler can only write
// a table it is told the name of (the deploy hands every table to its functions through the
// environment), so only the pollers of those tables can have new records: a join in the
// connections service need not make the messages stream be read again. Waking every poller after
// every invocation cost a GetRecords per shard per join, which DynamoDB Local pays on the CPU the
// joins need.
import type { FunctionDefinition } from '../definitions';

export interface NudgeablePoller {
  nudge(): void;
}

export class StreamNudges {
  private readonly byTable = new Map<string, NudgeablePoller[]>();
  private readonly tablesByFunction = new Map<string, string[]>();

  public constructor(private readonly functions: readonly FunctionDefinition[]) {}

  /** Registers the poller of `tableName`'s stream. */
  public add(tableName: string, poller: NudgeablePoller): void {
    const pollers = this.byTable.get(tableName) ?? [];
    pollers.push(poller);
    this.byTable.set(tableName, pollers);
    this.tablesByFunction.clear();
  }

  /** Called when an invocation of `qualifiedName` ends: wakes the pollers of tables it can write. */
  public afterInvocation(qualifiedName: string): void {
    for (const table of this.writableTables(qualifiedName)) {
      for (const poller of this.byTable.get(table) ?? []) poller.nudge();
    }
  }

  private writableTables(qualifiedName: string): string[] {
    let tables = this.tablesByFunction.get(qualifiedName);
    if (tables === undefined) {
      const fn = this.functions.find((candidate) => candidate.qualifiedName === qualifiedName);
      const values = new Set(Object.values(fn?.environment ?? {}));
      tables = [...this.byTable.keys()].filter((table) => values.has(table));
      this.tablesByFunction.set(qualifiedName, tables);
    }
    return tables;
  }
}
