/**
 * Runs the simulator as a process:
 *   node -r @swc-node/register test/simulators/oneroster/src/main.ts --size small --seed 1 --port 18090
 * Every flag also reads an env var (ONEROSTER_SIM_PORT, _SEED, _SIZE, _CLIENT_ID, _CLIENT_SECRET, _APP_NAME, _VENDOR_AUTH).
 */
import { Command } from 'commander';
import { generateDistrict, type DistrictSizeName } from '@rp/fixtures';
import { startOneRosterSimulator } from './simulator';

const env = (name: string, fallback: string) => process.env[`ONEROSTER_SIM_${name}`] ?? fallback;

async function main(): Promise<void> {
  const program = new Command('oneroster-simulator')
    .description('Infinite Campus–like OneRoster 1.2 provider serving a generated district')
    .option('--host <host>', 'listen address', env('HOST', '127.0.0.1'))
    .option('--port <port>', 'listen port (0 = ephemeral)', env('PORT', '18090'))
    .option('--seed <seed>', 'district seed', env('SEED', '1'))
    .option('--size <size>', 'tiny | small | medium | large', env('SIZE', 'small'))
    .option('--school-year <year>', 'ending year of the active school year', env('SCHOOL_YEAR', '2027'))
    .option('--client-id <id>', 'OAuth client id', env('CLIENT_ID', 'rp-client'))
    .option('--client-secret <secret>', 'OAuth client secret', env('CLIENT_SECRET', 'rp-secret'))
    .option('--app-name <name>', 'IC appName the token URL must carry', env('APP_NAME', 'rostering'))
    .option('--vendor-auth <keySecret>', 'x-vendor-authorization value for gradebook calls', env('VENDOR_AUTH', 'rp-vendor:rp-vendor-secret'))
    .option('--token-ttl <seconds>', 'access token lifetime', env('TOKEN_TTL', '3600'))
    .option('--url-style <style>', 'documented | app-path', env('URL_STYLE', 'documented'))
    .option('--latency-ms <ms>', 'time every API request takes (IC: ~50)', env('LATENCY_MS', '0'))
    .option('--max-concurrent-per-client <n>', 'requests a client may have in flight, excess 429 (IC: 5; 0 = unlimited)', env('MAX_CONCURRENT_PER_CLIENT', '0'))
    .parse();
  const o = program.opts<Record<string, string>>();
  const started = Date.now();
  const district = generateDistrict({ seed: Number(o.seed), size: o.size as DistrictSizeName, schoolYear: Number(o.schoolYear) });
  const sim = await startOneRosterSimulator({
    host: o.host, port: Number(o.port), district, appName: o.appName, vendorAuthorization: o.vendorAuth,
    tokenTtlSeconds: Number(o.tokenTtl), urlStyle: o.urlStyle === 'app-path' ? 'app-path' : 'documented',
    clients: [{ clientId: o.clientId, clientSecret: o.clientSecret }],
    faults: { latencyMs: Number(o.latencyMs) },
    ...(Number(o.maxConcurrentPerClient) > 0 ? { concurrencyLimit: { perClient: Number(o.maxConcurrentPerClient) } } : {}),
  });
  process.stdout.write(`${JSON.stringify({
    msg: 'oneroster simulator listening', generatedInMs: Date.now() - started, counts: district.counts,
    tokenUrl: sim.tokenUrl, rosteringUrl: sim.rosteringUrl, gradebookUrl: sim.gradebookUrl, admin: `${sim.baseUrl}/__admin/state`,
  })}\n`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e) => {
  process.stderr.write(`oneroster simulator failed to start: ${(e as Error).message}\n`);
  process.exit(1);
});
