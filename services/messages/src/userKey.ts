// Who a limit counts against. Today a sender is known only by the display name of its connection
// row (the same identity the dedup marker uses), so all connections of one name share a budget and
// reconnecting does not reset it. With signed-in identities this becomes the user id: change it
// here only.
import type { Sender } from './connectionDirectory';

export function userKeyOf(sender: Sender): string {
  return `name:${sender.userName}`;
}
