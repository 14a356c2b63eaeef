import { startCanvasSimulator, type CanvasSimulator } from './index';
import { api } from './testing/test-kit';

/** The `hang` fault: a Canvas that times out — requests accepted, never answered while it lasts. */
describe('Canvas simulator: a root account whose Canvas hangs', () => {
  let sim: CanvasSimulator;
  beforeEach(async () => {
    sim = await startCanvasSimulator({ rootAccounts: [{ key: 'acme', tokens: ['tok'] }, { key: 'globex', tokens: ['tok-g'] }], throttle: false });
  });
  afterEach(() => sim.close());

  it('keeps the connection open without an answer until the client gives up, and carries nothing out', async () => {
    sim.admin.setFaults('acme', { hang: {} });
    const outcome = await api(sim, 'tok', '/api/v1/accounts/self', { signal: AbortSignal.timeout(300) }).then(
      (r) => `answered ${r.status}`, (e: Error) => e.name);
    expect(outcome).toBe('TimeoutError');
    expect(sim.admin.state('acme').faults.hang?.held).toBe(1);
    expect(sim.admin.requestCounts('acme').total).toBe(0); // nothing was carried out
  });

  it('answers a held request once the fault is cleared, and never holds another root account', async () => {
    sim.admin.setFaults('acme', { hang: { pathIncludes: '/accounts/' } });
    expect((await api(sim, 'tok-g', '/api/v1/accounts/self')).status).toBe(200);
    const held = api(sim, 'tok', '/api/v1/accounts/self');
    while (!sim.admin.state('acme').faults.hang?.held) await new Promise((resolve) => setTimeout(resolve, 10)); // caught
    sim.admin.setFaults('acme', { hang: null });
    expect((await held).status).toBe(200);
  });
});
