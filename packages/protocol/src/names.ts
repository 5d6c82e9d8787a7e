import { USER_NAME_PATTERN } from './limits';

/** The one rule for display names (the authorizer picks a token claim that satisfies it). */
export function isValidUserName(name: unknown): name is string {
  return typeof name === 'string' && USER_NAME_PATTERN.test(name) && name.trim() === name;
}
