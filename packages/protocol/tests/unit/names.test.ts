import { isValidUserName } from '../../src/index';

describe('isValidUserName', () => {
  it.each(['ada', 'Ada Lovelace', 'émile_2', 'x', 'a'.repeat(32), '李雷'])('accepts %s', (name) => {
    expect(isValidUserName(name)).toBe(true);
  });

  it.each(['', ' ada', 'ada ', 'a'.repeat(33), '<script>', 'a/b', 42, undefined, null])(
    'refuses %p',
    (name) => {
      expect(isValidUserName(name)).toBe(false);
    },
  );
});
