import type { FunctionDefinition } from '../../../src/definitions';
import { StreamNudges } from '../../../src/cloud/streamNudges';

function fn(qualifiedName: string, environment: Record<string, string>): FunctionDefinition {
  return {
    service: 'svc',
    name: qualifiedName,
    qualifiedName,
    handlerFile: `/repo/${qualifiedName}.ts`,
    handlerExport: 'handler',
    environment,
    timeoutSeconds: 10,
    memorySize: 256,
    events: [],
  };
}

function poller() {
  const calls = { count: 0 };
  return { calls, nudge: () => (calls.count += 1) };
}

describe('StreamNudges', () => {
  const functions = [
    fn('sendMessage', {
      MESSAGES_TABLE: 'chorus-messages-local',
      CONNECTIONS_TABLE: 'chorus-connections-local',
    }),
    fn('joinRoom', { CONNECTIONS_TABLE: 'chorus-connections-local', ROOM_SHARDS: '4' }),
  ];

  it('wakes the pollers of the tables the ended function is given, and only those', () => {
    const nudges = new StreamNudges(functions);
    const messages = poller();
    nudges.add('chorus-messages-local', messages);
    nudges.afterInvocation('joinRoom');
    expect(messages.calls.count).toBe(0);
    nudges.afterInvocation('sendMessage');
    expect(messages.calls.count).toBe(1);
  });

  it('wakes every poller of one table (several functions may read its stream)', () => {
    const nudges = new StreamNudges(functions);
    const first = poller();
    const second = poller();
    nudges.add('chorus-messages-local', first);
    nudges.add('chorus-messages-local', second);
    nudges.afterInvocation('sendMessage');
    expect([first.calls.count, second.calls.count]).toEqual([1, 1]);
  });

  it('ignores functions it does not know, and pollers added later are found', () => {
    const nudges = new StreamNudges(functions);
    nudges.afterInvocation('somethingElse');
    nudges.afterInvocation('joinRoom');
    const connections = poller();
    nudges.add('chorus-connections-local', connections);
    nudges.afterInvocation('joinRoom');
    expect(connections.calls.count).toBe(1);
  });
});
