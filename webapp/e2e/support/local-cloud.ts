// The browser tests run against the same local cloud the integration suite starts (`npm start`'s
// entry point on free ports, stopped with SIGTERM like Ctrl+C), with the webapp served. The cloud
// rebuilds the webapp first when its sources changed, hence the long start timeout.
import {
  REPO_ROOT,
  startLocalCloud as startCloud,
} from '../../../local/tests/integration/support/localCloudProcess';

export { REPO_ROOT };

export interface Endpoints {
  websocketUrl: string;
  /** The local issuer's development sign-in (`POST {"name"}` → `{"token"}`). */
  signIn: string;
  adminUrl: string;
  webUrl: string;
}

export interface LocalCloud {
  readonly endpoints: Endpoints;
  /** Destroys every socket without a close frame, like a network cut (`POST /_chorus/drop-all`). */
  dropAllSockets(): Promise<number>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 240_000;

export async function startLocalCloud(): Promise<LocalCloud> {
  const cloud = await startCloud({ web: true, timeoutMs: START_TIMEOUT_MS });
  const { webUrl, websocketUrl, adminUrl, adminSecret, signIn } = cloud.endpoints;
  if (webUrl === undefined) {
    await cloud.stop();
    throw new Error('the local cloud serves no webapp (no webUrl in its endpoints file)');
  }
  return {
    endpoints: { webUrl, websocketUrl, adminUrl, signIn },
    async dropAllSockets(): Promise<number> {
      const response = await fetch(`${adminUrl}/drop-all`, {
        method: 'POST',
        headers: { 'x-chorus-admin-secret': adminSecret },
      });
      if (!response.ok) {
        throw new Error(`drop-all answered ${response.status}`);
      }
      return ((await response.json()) as { dropped: number }).dropped;
    },
    async stop(): Promise<void> {
      await cloud.stop();
    },
  };
}
