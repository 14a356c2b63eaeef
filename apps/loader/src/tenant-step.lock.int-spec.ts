import { DataSource } from 'typeorm';
import { testServices, uniqueName } from '@rp/testing';
import { TenantStepLock } from './tenant-step.lock';

/** Two loader replicas (two lock holders on their own connections) against the real PostgreSQL. */
describe('TenantStepLock across replicas', () => {
  let replicaA: DataSource;
  let replicaB: DataSource;
  const namespace = uniqueName('loader-lock');

  beforeAll(async () => {
    const url = testServices().databaseUrl;
    replicaA = await new DataSource({ type: 'postgres', url, poolSize: 2 }).initialize();
    replicaB = await new DataSource({ type: 'postgres', url, poolSize: 2 }).initialize();
  });
  afterAll(async () => {
    await replicaA?.destroy();
    await replicaB?.destroy();
  });

  it('lets one replica at a time run a tenant\'s step (one SIS import per root account), other tenants alongside', async () => {
    const a = new TenantStepLock(replicaA, namespace);
    const b = new TenantStepLock(replicaB, namespace);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const ranOnA = a.withLock('acme', async () => {
      entered();
      await held;
    });
    await inside;

    let ranOnB = false;
    expect(await b.withLock('acme', async () => void (ranOnB = true))).toBe(false);
    expect(ranOnB).toBe(false);
    expect(await b.withLock('beta', async () => undefined)).toBe(true);

    release();
    expect(await ranOnA).toBe(true);
    expect(await b.withLock('acme', async () => void (ranOnB = true))).toBe(true);
    expect(ranOnB).toBe(true);
    await a.close();
    await b.close();
  });

  it('releases the lock when the step fails', async () => {
    const a = new TenantStepLock(replicaA, namespace);
    const b = new TenantStepLock(replicaB, namespace);
    await expect(a.withLock('acme', async () => { throw new Error('Canvas timed out'); })).rejects.toThrow('Canvas timed out');
    expect(await b.withLock('acme', async () => undefined)).toBe(true);
    await a.close();
    await b.close();
  });
});
