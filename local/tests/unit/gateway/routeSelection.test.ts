import {
  compileRouteSelectionExpression,
  RouteSelectionExpressionError,
  selectRouteKey,
  stringifySelectionValue,
} from '../../../src/gateway/routeSelection';

const keys = (...k: string[]) => new Set(k);

describe('compileRouteSelectionExpression', () => {
  it('reads top-level and nested paths, array indexes and quoted keys', () => {
    const body = JSON.stringify({ action: 'ping', a: { b: [{ c: 'deep' }] }, 'odd.key': 'q' });
    expect(compileRouteSelectionExpression('$request.body.action')(body)).toBe('ping');
    expect(compileRouteSelectionExpression('$request.body.a.b[0].c')(body)).toBe('deep');
    expect(compileRouteSelectionExpression("$request.body['odd.key']")(body)).toBe('q');
  });

  it('stringifies non-string values; an array becomes "[a, b]"', () => {
    const select = compileRouteSelectionExpression('$request.body.action');
    expect(select('{"action":["a","b"]}')).toBe('[a, b]');
    expect(select('{"action":42}')).toBe('42');
    expect(select('{"action":true}')).toBe('true');
    expect(stringifySelectionValue([1, [2, 3]])).toBe('[1, [2, 3]]');
  });

  it("gives '' for a missing path and undefined for a body that is not JSON", () => {
    const select = compileRouteSelectionExpression('$request.body.action');
    expect(select('{"other":1}')).toBe('');
    expect(select('"just a string"')).toBe('');
    expect(select('[1,2]')).toBe('');
    expect(select('not json')).toBeUndefined();
  });

  it('supports ${request.body.x} templates', () => {
    const select = compileRouteSelectionExpression('${request.body.service}/${request.body.action}');
    expect(select('{"service":"chat","action":"send"}')).toBe('chat/send');
  });

  it('rejects expressions it cannot evaluate', () => {
    expect(() => compileRouteSelectionExpression('$request.header.x')).toThrow(RouteSelectionExpressionError);
    expect(() => compileRouteSelectionExpression('$request.body.a..b')).toThrow(
      RouteSelectionExpressionError,
    );
  });
});

describe('selectRouteKey', () => {
  const select = compileRouteSelectionExpression('$request.body.action');

  it('picks the route whose key equals the value exactly', () => {
    expect(selectRouteKey(select, '{"action":"ping"}', keys('ping', '$default'))).toBe('ping');
    expect(selectRouteKey(select, '{"action":"Ping"}', keys('ping', '$default'))).toBe('$default');
  });

  it('falls back to $default for unknown keys, missing paths and non-JSON bodies', () => {
    const routes = keys('ping', '$default');
    expect(selectRouteKey(select, '{"action":"nope"}', routes)).toBe('$default');
    expect(selectRouteKey(select, '{}', routes)).toBe('$default');
    expect(selectRouteKey(select, 'hello', routes)).toBe('$default');
  });

  it('returns undefined when nothing matches and there is no $default', () => {
    expect(selectRouteKey(select, '{"action":"nope"}', keys('ping'))).toBeUndefined();
    expect(selectRouteKey(select, 'hello', keys('ping'))).toBeUndefined();
  });

  it('never selects $connect or $disconnect from a message', () => {
    expect(selectRouteKey(select, '{"action":"$connect"}', keys('$connect', '$default'))).toBe('$default');
    expect(selectRouteKey(select, '{"action":"$disconnect"}', keys('$disconnect'))).toBeUndefined();
  });
});
