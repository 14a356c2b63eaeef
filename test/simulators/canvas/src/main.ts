/* Runs the Canvas simulator as a process: node -r @swc-node/register test/simulators/canvas/src/main.ts --help */
import { Command } from 'commander';
import type { RootAccountConfig } from './options';
import { startCanvasSimulator } from './simulator';

const program = new Command()
  .name('canvas-simulator')
  .description('Faithful Canvas LMS simulator: SIS imports, REST reads, signed Live Events')
  .option('--host <host>', 'listen address', process.env.CANVAS_SIM_HOST ?? '127.0.0.1')
  .option('--port <port>', 'listen port (0 = ephemeral)', process.env.CANVAS_SIM_PORT ?? '0')
  .option('--account <key=token[,token]>', 'root account (repeatable); e.g. acme=secret', (v: string, acc: string[]) => [...acc, v], [] as string[])
  .option('--webhook <url>', 'Live Events webhook URL', process.env.CANVAS_SIM_WEBHOOK)
  .option('--latency-ms <ms>', 'time every API request takes (a hosted Canvas: ~150-250)', process.env.CANVAS_SIM_LATENCY_MS ?? '0')
  .option('--no-throttle', 'disable the leaky-bucket throttle')
  .option('--throttle-hwm <n>', 'throttle high-water mark', '600')
  .option('--throttle-outflow <n>', 'throttle leak per second', '10')
  .option('--import-step-delay <ms>', 'pause between import steps (slow imports)', '0')
  .option('--rows-per-step <n>', 'rows applied per import step', '50');

async function main(): Promise<void> {
  const opts = program.parse().opts();
  const accounts: RootAccountConfig[] = (opts.account.length ? opts.account : ['district-a=token-district-a']).map((spec: string, i: number) => {
    const [key, tokens] = spec.split('=');
    if (!key || !tokens) throw new Error(`--account expects key=token[,token], got "${spec}"`);
    return { key, tokens: tokens.split(','), shard: 2107 + i * 1000 };
  });
  const sim = await startCanvasSimulator({
    host: opts.host,
    port: Number(opts.port),
    rootAccounts: accounts,
    liveEvents: { webhookUrl: opts.webhook },
    latencyMs: Number(opts.latencyMs),
    throttle: opts.throttle === false ? false : { hwm: Number(opts.throttleHwm), outflowPerSecond: Number(opts.throttleOutflow) },
    importSpeed: { stepDelayMs: Number(opts.importStepDelay), rowsPerStep: Number(opts.rowsPerStep) },
  });
  process.stdout.write(`${JSON.stringify({ baseUrl: sim.baseUrl, jwksUrl: sim.jwksUrl, accounts: accounts.map((a) => a.key) })}\n`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  process.stderr.write(`canvas-simulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
