/** What the UI shows about the socket; `reconnecting` says when the next attempt happens. */
export type ConnectionState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'connecting'; readonly attempt: number }
  | { readonly kind: 'open' }
  | { readonly kind: 'reconnecting'; readonly attempt: number; readonly nextDelayMs: number }
  | { readonly kind: 'offline' };
