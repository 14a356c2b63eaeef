import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../clock';
import type { RootAccountState } from '../state/root-account-state';
import { LiveEventEmitter } from './emit';
import type { LiveEventPayload } from './payloads';
import { SigningKeys } from './sign';

/** A receiver that holds each request 30 ms and tracks how many it holds at once. */
async function slowReceiver(): Promise<{ url: string; maxInFlight: () => number; close(): Promise<void> }> {
  let inFlight = 0;
  let max = 0;
  const server: Server = createServer((req, res) => {
    inFlight++;
    max = Math.max(max, inFlight);
    req.resume().on('end', () => setTimeout(() => {
      inFlight--;
      res.writeHead(204).end();
    }, 30));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/events`, maxInFlight: () => max, close: () => new Promise((r) => server.close(() => r())) };
}

describe('Canvas simulator: Live Events delivery', () => {
  it.each([[undefined, 1], [3, 3]])('with concurrency %s keeps at most %d deliveries in flight and delivers them all', async (concurrency, expected) => {
    const hook = await slowReceiver();
    try {
      const emitter = new LiveEventEmitter(await SigningKeys.create(), systemClock, hook.url, concurrency);
      const account = { key: 'acme', webhookUrl: undefined } as unknown as RootAccountState;
      const payload = { metadata: { event_name: 'grade_change' }, body: {} } as unknown as LiveEventPayload;
      const records = Array.from({ length: 8 }, () => emitter.emit(account, payload));
      await emitter.flush();
      expect(records.map((r) => r.outcome)).toEqual(Array(8).fill('delivered'));
      expect(records.every((r) => typeof r.deliveredAt === 'number')).toBe(true);
      expect(hook.maxInFlight()).toBe(expected);
    } finally {
      await hook.close();
    }
  });

  it('refuses a concurrency that is not a positive integer', async () => {
    expect(() => new LiveEventEmitter({} as SigningKeys, systemClock, undefined, 0)).toThrow('concurrency must be a positive integer');
  });
});
