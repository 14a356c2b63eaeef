import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The gradebook's view of a record published to canvas.live-events in tests. */
export interface BridgedEvent {
  tenant: string;
  metadata: Record<string, unknown>;
  body: Record<string, unknown>;
}

/**
 * Test support standing in for the events-gateway: a webhook on 127.0.0.1 that receives the Canvas simulator's
 * signed Live Events, reads the JWT payload (signature checks are the gateway's job, tested there) and hands
 * `{metadata, body}` to `forward`, answering 2xx only after it resolved — like the gateway after Kafka's ack.
 */
export async function startLiveEventBridge(tenant: string, forward: (event: BridgedEvent) => Promise<void>): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const jwt = Buffer.concat(chunks).toString('utf8').trim();
      const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as BridgedEvent;
      forward({ tenant, metadata: payload.metadata, body: payload.body }).then(
        () => res.writeHead(204).end(),
        (error: Error) => res.writeHead(503).end(error.message),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/events`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
