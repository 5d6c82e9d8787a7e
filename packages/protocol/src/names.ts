import { USER_NAME_PATTERN } from './limits';

/** `$connect` takes the display name from the query string (`?name=`); this is the one rule. */
export function isValidUserName(name: unknown): name is string {
  return typeof name === 'string' && USER_NAME_PATTERN.test(name) && name.trim() === name;
}
