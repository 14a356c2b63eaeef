import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createKafka } from '@rp/messaging';
import { freePort } from '@rp/testing';
import { REPO_ROOT } from './app-process';
import { waitFor } from './wait';

const run = promisify(execFile);
const SCRIPT = join(REPO_ROOT, 'scripts', 'services.sh');

export interface PrivateKafkaOptions {
  /** A SASL_SSL listener too (TLS with a CA generated for it, SCRAM-SHA-512); `brokers` is then that listener only. */
  secure?: boolean;
}

/**
 * A single-node Kafka of one test's own, started by `scripts/services.sh kafka-up` in a separate folder on free
 * ports, from the jars the shared services use — the shared broker is never touched. It can be paused, resumed and
 * restarted (controlled shutdown, then up again on the same ports with the same data) to play an outage.
 */
export class PrivateKafka {
  private constructor(
    private readonly dir: string,
    private readonly scriptEnv: NodeJS.ProcessEnv,
    private readonly printed: Record<string, string>,
  ) {}

  /** Where scripts/services.sh keeps the Kafka jars (the CI and `npm run services:up` fetch them there). */
  static readonly libs = process.env.KAFKA_LIBS ?? join(process.env.SERVICES_DIR ?? join(REPO_ROOT, '.services'), 'kafka', 'libs');

  static async start(options: PrivateKafkaOptions = {}): Promise<PrivateKafka> {
    const dir = mkdtempSync(`/var/tmp/rp-e2e-${options.secure ? 'sasl-' : ''}kafka-`);
    const scriptEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SERVICES_DIR: dir,
      KAFKA_LIBS: PrivateKafka.libs,
      KAFKA_PORT: String(await freePort()),
      KAFKA_CONTROLLER_PORT: String(await freePort()),
      KAFKA_HEAP: '512m',
      // a machine shared with other builds may take longer than the script's default to start a broker
      KAFKA_START_SECONDS: '180',
      ...(options.secure ? { KAFKA_SASL_SSL_PORT: String(await freePort()), KAFKA_SASL_PASSWORD: randomBytes(12).toString('hex') } : {}),
    };
    let printed: Record<string, string>;
    try {
      printed = await up(scriptEnv);
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    const broker = new PrivateKafka(dir, scriptEnv, printed);
    try {
      await broker.warmUp();
    } catch (error) {
      await broker.stop();
      throw error;
    }
    return broker;
  }

  /**
   * A fresh broker on a busy machine answers "coordinator is loading" and "not the leader" for a while after it
   * started; the apps give up on that after 30 s. Wait here, once, until an idempotent producer can write.
   */
  private async warmUp(): Promise<void> {
    const security = this.printed.KAFKA_SECURE_BROKERS
      ? {
        ssl: { ca: [readFileSync(this.tls.ca, 'utf8')] },
        sasl: { mechanism: 'scram-sha-512' as const, username: this.printed.KAFKA_SASL_USERNAME, password: this.printed.KAFKA_SASL_PASSWORD },
      }
      : {};
    const kafka = createKafka({ brokers: this.brokers, clientId: 'private-kafka-warm-up', overrides: security });
    const admin = kafka.admin();
    await admin.connect();
    const producer = kafka.producer({ idempotent: true });
    try {
      await admin.createTopics({ topics: [{ topic: 'private-kafka-warm-up', numPartitions: 1 }], waitForLeaders: true });
      await waitFor('the private broker to accept an idempotent write', async () => {
        try {
          await admin.fetchTopicOffsets('private-kafka-warm-up');
          await producer.connect();
          await producer.send({ topic: 'private-kafka-warm-up', messages: [{ value: 'ready' }] });
          return true;
        } catch {
          return false;
        }
      }, { timeoutMs: 240_000, intervalMs: 1000 });
    } finally {
      await producer.disconnect().catch(() => undefined);
      await admin.disconnect();
    }
  }

  /** The SASL_SSL listener when secure (the broker's plain listener is then never handed out), else the plain one. */
  get brokers(): string[] {
    return [this.printed.KAFKA_SECURE_BROKERS ?? this.printed.KAFKA_BROKERS];
  }

  /** KAFKA_SECURITY_PROTOCOL, KAFKA_SSL_CA_FILE, KAFKA_SASL_MECHANISM / USERNAME / PASSWORD (none for a plain broker). */
  get clientEnv(): Record<string, string> {
    const { KAFKA_SECURE_BROKERS: _brokers, KAFKA_BROKERS: _plain, ...security } = this.printed;
    return security;
  }

  /** The locally generated CA and the server certificate (for 127.0.0.1) the script made for a secure broker. */
  get tls(): { ca: string; cert: string; key: string } {
    const tls = join(this.dir, 'kafka', 'tls');
    return { ca: join(tls, 'ca.pem'), cert: join(tls, 'server.pem'), key: join(tls, 'server.key') };
  }

  /** The broker down (controlled shutdown) until `resume()`. */
  async pause(): Promise<void> {
    await run('bash', [SCRIPT, 'kafka-down'], { env: this.scriptEnv, timeout: 60_000 });
  }

  /** The broker up again on the same ports with the same data. */
  async resume(): Promise<void> {
    await up(this.scriptEnv);
  }

  /** Broker down (controlled shutdown), then up again on the same ports with the same data. */
  async restart(): Promise<void> {
    await this.pause();
    await this.resume();
  }

  async stop(): Promise<void> {
    await run('bash', [SCRIPT, 'kafka-down'], { env: this.scriptEnv, timeout: 60_000 }).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Starts (or starts again) the broker; returns the `export NAME=value` lines the script printed. */
async function up(scriptEnv: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const { stdout } = await run('bash', [SCRIPT, 'kafka-up'], { env: scriptEnv, timeout: 240_000 });
  const printed: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const match = /^export (\w+)=(.*)$/.exec(line.trim());
    if (match) printed[match[1]] = match[2];
  }
  return printed;
}

/** The resilience harness's `privateService` on a private broker; `use` is handed the broker once it is up. */
export function privateKafkaService(use: (broker: PrivateKafka) => void): () => Promise<{ services: { kafkaBrokers: string[] }; stop: () => Promise<void> }> {
  return async () => {
    const broker = await PrivateKafka.start();
    use(broker);
    return { services: { kafkaBrokers: broker.brokers }, stop: () => broker.stop() };
  };
}
