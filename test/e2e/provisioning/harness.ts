import type { CanvasSimulator } from '@rp/sim-canvas';
import { addDistrict, DistrictSetup, E2eEnv, Pipeline, startCanvas } from '../support';

export interface ProvisioningOptions {
  /** Names the file's isolated environment (topic and schema prefixes, log folder). */
  name: string;
  /** The generated district of tenant `acme` (seed, size, thresholds, mapping, simulator and IC settings). */
  district: Omit<Parameters<typeof addDistrict>[2], 'tenant'>;
  /** Changes the spec makes to IC (and remembers) before the pipeline starts. */
  prepare?: (acme: DistrictSetup) => void;
  /** Env over the pipeline apps' defaults (e.g. the loader's batch window). */
  pipelineEnv?: Record<string, string>;
  /** Runs a full sync to the end and waits until Canvas is quiet before the tests: their baseline. */
  baseline?: boolean;
}

export interface ProvisioningHarness {
  readonly env: E2eEnv;
  readonly canvas: CanvasSimulator;
  readonly acme: DistrictSetup;
  readonly pipeline: Pipeline;
}

/**
 * The setup the single-tenant provisioning specs share, registered as the describe block's beforeAll/afterAll: an
 * isolated environment, the Canvas simulator with root account `acme`, a generated district for tenant `acme` in IC
 * and Canvas, and the provisioning pipeline as processes (optionally after a finished full sync); teardown stops it
 * all and removes what it created.
 */
export function provisioningHarness(options: ProvisioningOptions): ProvisioningHarness {
  const env = new E2eEnv(options.name);
  const state: { canvas?: CanvasSimulator; acme?: DistrictSetup; pipeline?: Pipeline } = {};

  beforeAll(async () => {
    const canvas = (state.canvas = await startCanvas(env, ['acme']));
    const acme = (state.acme = await addDistrict(env, canvas, { tenant: 'acme', ...options.district }));
    options.prepare?.(acme);
    const pipeline = (state.pipeline = await Pipeline.start(env, options.pipelineEnv));
    if (options.baseline) {
      expect((await pipeline.sync('acme', 'full')).phase).toBe('finished');
      await pipeline.waitQuiet('acme', canvas, 'acme');
    }
  }, options.baseline ? 420_000 : 300_000);

  afterAll(async () => {
    await state.pipeline?.stop();
    await env.cleanup();
  }, 120_000);

  return {
    env,
    get canvas() { return state.canvas!; },
    get acme() { return state.acme!; },
    get pipeline() { return state.pipeline!; },
  };
}
