import { userKeyOf } from '../../src/userKey';

describe('userKeyOf', () => {
  it('is the display name today, the same for every connection of that name', () => {
    expect(userKeyOf({ connectionId: 'c1', userName: 'ada' })).toBe('name:ada');
    expect(userKeyOf({ connectionId: 'c2', userName: 'ada' })).toBe('name:ada');
    expect(userKeyOf({ connectionId: 'c3', userName: 'grace' })).not.toBe('name:ada');
  });
});
