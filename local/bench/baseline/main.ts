// The baseline broadcast server as a process of its own (so it never shares the fleet's or the
// runner's event loop): reports its port over IPC and exits when the runner disconnects.
import { startBroadcastServer } from './broadcastServer';

startBroadcastServer().then(
  (server) => {
    process.send?.({ type: 'listening', port: server.port, pid: process.pid });
    process.on('disconnect', () => void server.close().finally(() => process.exit(0)));
  },
  (error: unknown) => {
    console.error('baseline server did not start:', error);
    process.exit(1);
  },
);
