import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccountAdmin } from './admin/account-admin';
import { adminRouter } from './admin/admin.routes';
import { SimulatorAdmin } from './admin/simulator-admin';
import { systemClock } from './clock';
import { Router } from './http/router';
import type { AccountRequest } from './http/types';
import { LiveEventEmitter } from './live-events/emit';
import { SigningKeys } from './live-events/sign';
import { DEFAULT_IMPORT_SPEED, DEFAULT_ROOT_ACCOUNTS, DEFAULT_THROTTLE, type CanvasSimulatorOptions } from './options';
import { registerEnrollmentRoutes } from './rest/enrollment.routes';
import { registerGradebookRoutes } from './rest/gradebook.routes';
import { registerRosterRoutes } from './rest/roster.routes';
import { registerTokenRoutes } from './rest/token.routes';
import { RequestCounters } from './request-counters';
import { createHandler } from './server';
import { ImportQueue } from './sis-import/queue';
import { registerSisImportRoutes } from './sis-import/routes';
import { RootAccountState } from './state/root-account-state';
import { LeakyBucketThrottle } from './throttle';

export interface CanvasSimulator {
  baseUrl: string;
  jwksUrl: string;
  admin: SimulatorAdmin;
  /** Root account states by key (read them in assertions). */
  state: Map<string, RootAccountState>;
  /** Shortcut: `admin.account(key)`. */
  account(key: string): AccountAdmin;
  close(): Promise<void>;
}

/** Starts a Canvas simulator on 127.0.0.1 (ephemeral port by default). */
export async function startCanvasSimulator(options: CanvasSimulatorOptions = {}): Promise<CanvasSimulator> {
  const clock = options.clock ?? systemClock;
  const now = () => clock.now();
  const accounts = new Map<string, RootAccountState>();
  for (const config of options.rootAccounts ?? DEFAULT_ROOT_ACCOUNTS) {
    if (accounts.has(config.key)) throw new Error(`canvas-sim: duplicate root account key "${config.key}"`);
    accounts.set(config.key, new RootAccountState(config, now));
  }
  const speed = { ...DEFAULT_IMPORT_SPEED, ...options.importSpeed };
  const queues = new Map([...accounts].map(([key, s]) => [key, new ImportQueue(s, () => speed, now, options.retainImportContent ?? true)]));
  const keys = await SigningKeys.create();
  const events = new LiveEventEmitter(keys, clock, options.liveEvents?.webhookUrl, options.liveEvents?.concurrency, options.liveEvents?.claims);
  const throttle = options.throttle === false ? null : new LeakyBucketThrottle({ ...DEFAULT_THROTTLE, ...options.throttle }, clock);
  const counters = new RequestCounters();
  let latencyMs = options.latencyMs ?? 0;
  const admin = new SimulatorAdmin(accounts, queues, events, keys, throttle, clock, counters, (ms) => (latencyMs = ms));

  const api = new Router<AccountRequest>();
  registerSisImportRoutes(api, { now, queueFor: (req) => queues.get(req.account.key)! });
  registerRosterRoutes(api);
  registerTokenRoutes(api);
  registerEnrollmentRoutes(api);
  registerGradebookRoutes(api);

  let baseUrl = options.publicBaseUrl ?? '';
  const server = createServer(createHandler({
    accounts, api, admin: adminRouter(admin), keys, throttle, counters, latencyMs: () => latencyMs, baseUrl: () => baseUrl,
  }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  if (!options.publicBaseUrl) baseUrl = `http://${address.address}:${address.port}`;

  return {
    baseUrl,
    jwksUrl: `${baseUrl}/live-events/jwks`,
    admin,
    state: accounts,
    account: (key) => admin.account(key),
    close: async () => {
      await Promise.all([...queues.values()].map((q) => q.idle()));
      await events.flush();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
