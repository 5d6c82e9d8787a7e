import { localizeApiUrls } from '../../../src/definitions';

const local = {
  apiId: 'abcdef1234',
  region: 'us-east-1',
  stage: 'local',
  websocketManagement: 'http://127.0.0.1:3001/local',
  websocketUrl: 'ws://127.0.0.1:3001/local/',
};

describe('localizeApiUrls', () => {
  it('maps the management endpoint and the client URL of this API to the local gateway', () => {
    expect(localizeApiUrls('https://abcdef1234.execute-api.us-east-1.amazonaws.com/local', local)).toBe(
      'http://127.0.0.1:3001/local',
    );
    expect(localizeApiUrls('wss://abcdef1234.execute-api.us-east-1.amazonaws.com/local', local)).toBe(
      'ws://127.0.0.1:3001/local',
    );
  });

  it('keeps paths after the stage and maps stage-less URLs to the gateway origin', () => {
    expect(
      localizeApiUrls('https://abcdef1234.execute-api.us-east-1.amazonaws.com/local/@connections/x', local),
    ).toBe('http://127.0.0.1:3001/local/@connections/x');
    expect(localizeApiUrls('https://abcdef1234.execute-api.us-east-1.amazonaws.com', local)).toBe(
      'http://127.0.0.1:3001',
    );
  });

  it('leaves other APIs, regions, stages and ARNs alone', () => {
    const untouched = [
      'https://zzzzzz9999.execute-api.us-east-1.amazonaws.com/local',
      'https://abcdef1234.execute-api.eu-west-1.amazonaws.com/local',
      'https://abcdef1234.execute-api.us-east-1.amazonaws.com/localx',
      'arn:aws:execute-api:us-east-1:000000000000:abcdef1234/local/POST/@connections/*',
    ];
    for (const value of untouched) expect(localizeApiUrls(value, local)).toBe(value);
  });
});
