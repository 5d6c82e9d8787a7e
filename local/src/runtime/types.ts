// How anything in the local cloud invokes a function (gateway routes, stream and SQS pollers).
// The gateway, the pollers and the runtime all rely on this contract; implementations live beside this file.

export interface LambdaInvoker {
  invoke(qualifiedName: string, event: unknown): Promise<InvokeResult>;
}

export type InvokeResult =
  | { ok: true; requestId: string; result: unknown }
  | { ok: false; requestId: string; error: { name: string; message: string; stack?: string } };
