import { connect } from 'node:net';
import type { Kafka } from '@rp/messaging';
import { ServiceAddress, ServiceUnavailableError } from '../service-failure';

/**
 * kafkajs retries an unreachable broker for about a minute before it gives up; a CLI should say "Kafka is down"
 * in seconds. Every admin, consumer and producer made from the returned client first waits for `probe` (run once).
 */
export function connectAfterProbe(kafka: Kafka, probe: () => Promise<void>): Kafka {
  for (const factory of ['admin', 'consumer', 'producer'] as const) {
    const create = (kafka[factory] as (...args: unknown[]) => { connect(): Promise<void> }).bind(kafka);
    (kafka as unknown as Record<string, unknown>)[factory] = (...args: unknown[]) => {
      const client = create(...args);
      const connectClient = client.connect.bind(client);
      client.connect = async () => {
        await probe();
        await connectClient();
      };
      return client;
    };
  }
  return kafka;
}

/** Resolves when any of `brokers` accepts a TCP connection within `timeoutMs`; else throws naming Kafka. */
export async function probeBrokers(service: ServiceAddress, timeoutMs: number): Promise<void> {
  const attempts = service.addresses.map((address) => new Promise<void>((resolve, reject) => {
    const at = address.lastIndexOf(':');
    const socket = connect({ host: address.slice(0, at), port: Number(address.slice(at + 1)) });
    const timer = setTimeout(() => socket.destroy(new Error(`no connection within ${timeoutMs / 1000}s`)), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.end();
      resolve();
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  }));
  try {
    await Promise.any(attempts);
  } catch (error) {
    const first = (error as AggregateError).errors?.[0] as Error | undefined;
    throw new ServiceUnavailableError(service, first?.message ?? 'no broker accepted a connection', { cause: first });
  }
}
