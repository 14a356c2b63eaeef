import { createLogger } from '@rp/observability';
import { LoaderLoop } from './loader.loop';

const logger = createLogger({ service: 'loader-test', level: 'error', sink: () => undefined });

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('LoaderLoop', () => {
  it('runs one step per tenant at a time, tenants side by side', async () => {
    const gates = { acme: deferred(), globex: deferred() };
    const calls: string[] = [];
    const loop = new LoaderLoop({
      tenantsWithWork: async () => ['acme', 'globex'],
      runOnce: async (tenant) => {
        calls.push(tenant);
        await gates[tenant as 'acme' | 'globex'].promise;
      },
    }, { tickMs: 1000, logger });
    await loop.tick();
    await loop.tick(); // both busy: nothing new starts
    expect(calls).toEqual(['acme', 'globex']);
    gates.acme.resolve();
    gates.globex.resolve();
    await loop.idle();
    await loop.tick();
    expect(calls).toEqual(['acme', 'globex', 'acme', 'globex']);
    await loop.stop();
  });

  it('backs a failing tenant off exponentially while the others go on', async () => {
    let now = 0;
    const calls: string[] = [];
    const loop = new LoaderLoop({
      tenantsWithWork: async () => ['bad', 'good'],
      runOnce: async (tenant) => {
        calls.push(tenant);
        if (tenant === 'bad') throw new Error('Canvas is down');
      },
    }, { tickMs: 1000, logger, now: () => now, random: () => 0.5 }); // jitter at its middle: 1 s, 2 s, …
    const tickAt = async (t: number) => {
      now = t;
      await loop.tick();
      await loop.idle();
    };
    await tickAt(0); // bad fails → retry after 1 s
    await tickAt(500);
    await tickAt(1000); // bad fails again → retry after 2 s
    await tickAt(2500);
    await tickAt(3000);
    expect(calls.filter((c) => c === 'bad')).toHaveLength(3);
    expect(calls.filter((c) => c === 'good')).toHaveLength(5);
    await loop.stop();
  });

  it('stop() aborts the in-flight step and waits for it; nothing runs afterwards', async () => {
    const seen: boolean[] = [];
    const loop = new LoaderLoop({
      tenantsWithWork: async () => ['acme'],
      runOnce: (_tenant, signal) => new Promise<void>((_resolve, reject) => {
        signal.addEventListener('abort', () => {
          seen.push(signal.aborted);
          reject(new Error('stopped waiting'));
        });
      }),
    }, { tickMs: 1000, logger });
    await loop.tick();
    await loop.stop();
    expect(seen).toEqual([true]);
    await loop.tick();
    expect(seen).toEqual([true]);
  });
});
