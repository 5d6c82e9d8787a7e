const { describe, expect, test } = require('@jest/globals');
const {
  placeholderOutputs,
  seedPlaceholderOutputs,
  stripPlaceholderOutputs,
  stateFilePath,
} = require('../lib/composeState.cjs');
const { readComposeFile, resolveComposeParams } = require('../lib/composeFile.cjs');
const { PROJECT_ROOT } = require('../lib/project.cjs');

describe('compose state seeding', () => {
  test('the state file is .serverless/state.<stage>.json at the project root (what @osls/compose reads)', () => {
    expect(stateFilePath('/repo', 'prod')).toBe('/repo/.serverless/state.prod.json');
  });

  test('an empty state gets placeholder outputs for every service, flagged as placeholders', () => {
    const { state, seeded } = seedPlaceholderOutputs({}, 'dev');
    expect(seeded).toEqual(['connections', 'messages', 'fanout']);
    expect(state.components.connections).toEqual({
      outputs: placeholderOutputs('dev').connections,
      placeholder: true,
    });
  });

  test('real outputs from a deploy are never overwritten', () => {
    const deployed = {
      components: { connections: { outputs: { WebsocketApiId: 'abcdefghij' }, state: { x: 1 } } },
    };
    const { state, seeded } = seedPlaceholderOutputs(deployed, 'dev');
    expect(seeded).toEqual(['messages', 'fanout']);
    expect(state.components.connections).toEqual(deployed.components.connections);
    expect(deployed.components.messages).toBeUndefined(); // input untouched
  });

  test('stripping removes only placeholders, so a deploy starts from real outputs', () => {
    const { state: seeded } = seedPlaceholderOutputs(
      { components: { connections: { outputs: { WebsocketApiId: 'abcdefghij' } } } },
      'dev',
    );
    const { state, stripped } = stripPlaceholderOutputs(seeded);
    expect(stripped).toEqual(['messages', 'fanout']);
    expect(state.components.connections.outputs).toEqual({ WebsocketApiId: 'abcdefghij' });
    expect(state.components.messages).toEqual({});
  });

  test('placeholders carry the stage in every name', () => {
    const outputs = placeholderOutputs('qa');
    expect(outputs.messages.MessagesStreamArn).toMatch(/:table\/chorus-messages-qa\/stream\//);
    expect(outputs.connections.WebsocketManagementEndpoint).toMatch(
      /^https:\/\/[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com\/qa$/,
    );
  });
});

describe('serverless-compose.yml', () => {
  test('every param it passes resolves against the outputs the services export', () => {
    const params = resolveComposeParams(readComposeFile(PROJECT_ROOT), placeholderOutputs('dev'));
    expect(Object.keys(params.messages).sort()).toEqual([
      'connectionsTableArn',
      'connectionsTableName',
      'websocketApiId',
      'websocketManagementEndpoint',
    ]);
    expect(Object.keys(params.fanout).sort()).toEqual([
      'connectionsTableArn',
      'connectionsTableName',
      'messagesStreamArn',
      'messagesTableArn',
      'roomShards',
      'websocketApiId',
      'websocketManagementEndpoint',
    ]);
    // Seeded like an undeployed stage: the connections service's own default.
    expect(params.fanout.roomShards).toBe(placeholderOutputs('dev').connections.RoomShards);
    expect(params.fanout.messagesStreamArn).toBe(placeholderOutputs('dev').messages.MessagesStreamArn);
  });

  test('a reference to an output nobody exports is an error', () => {
    const compose = {
      services: { connections: { path: 'c' }, a: { path: 'a', params: { x: '${connections.Nope}' } } },
    };
    expect(() => resolveComposeParams(compose, placeholderOutputs('dev'))).toThrow('${connections.Nope}');
  });
});
