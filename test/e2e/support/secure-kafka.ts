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

/**
 * A Kafka broker of its own with a SASL_SSL listener (TLS with a CA generated for it, SCRAM-SHA-512), started by
 * `scripts/services.sh kafka-up` in a separate folder on free ports, from the jars the shared services use — the
 * shared broker is never touched. `clientEnv` is what an app sets to use only the encrypted listener.
 */
export class SecureKafka {
  private constructor(
    private readonly dir: string,
    private readonly scriptEnv: NodeJS.ProcessEnv,
    private readonly printed: Record<string, string>,
  ) {}

  /** Where scripts/services.sh keeps the Kafka jars (the CI and `npm run services:up` fetch them there). */
  static readonly libs = process.env.KAFKA_LIBS ?? join(process.env.SERVICES_DIR ?? join(REPO_ROOT, '.services'), 'kafka', 'libs');

  static async start(): Promise<SecureKafka> {
    const dir = mkdtempSync('/var/tmp/rp-e2e-sasl-kafka-');
    const scriptEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SERVICES_DIR: dir,
      KAFKA_LIBS: SecureKafka.libs,
      KAFKA_PORT: String(await freePort()),
      KAFKA_CONTROLLER_PORT: String(await freePort()),
      KAFKA_SASL_SSL_PORT: String(await freePort()),
      KAFKA_SASL_PASSWORD: randomBytes(12).toString('hex'),
      KAFKA_HEAP: '512m',
    };
    let stdout: string;
    try {
      ({ stdout } = await run('bash', [SCRIPT, 'kafka-up'], { env: scriptEnv, timeout: 180_000 }));
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    const printed: Record<string, string> = {};
    for (const line of stdout.split('\n')) {
      const match = /^export (\w+)=(.*)$/.exec(line.trim());
      if (match) printed[match[1]] = match[2];
    }
    const broker = new SecureKafka(dir, scriptEnv, printed);
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
    const kafka = createKafka({
      brokers: this.brokers, clientId: 'secure-kafka-warm-up',
      overrides: {
        ssl: { ca: [readFileSync(this.tls.ca, 'utf8')] },
        sasl: { mechanism: 'scram-sha-512', username: this.printed.KAFKA_SASL_USERNAME, password: this.printed.KAFKA_SASL_PASSWORD },
      },
    });
    const admin = kafka.admin();
    await admin.connect();
    const producer = kafka.producer({ idempotent: true });
    try {
      await admin.createTopics({ topics: [{ topic: 'secure-kafka-warm-up', numPartitions: 1 }], waitForLeaders: true });
      await waitFor('the private SASL_SSL broker to accept an idempotent write', async () => {
        try {
          await admin.fetchTopicOffsets('secure-kafka-warm-up');
          await producer.connect();
          await producer.send({ topic: 'secure-kafka-warm-up', messages: [{ value: 'ready' }] });
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

  /** The SASL_SSL listener only (the broker's plain listener is never handed out). */
  get brokers(): string[] {
    return [this.printed.KAFKA_SECURE_BROKERS];
  }

  /** KAFKA_SECURITY_PROTOCOL, KAFKA_SSL_CA_FILE, KAFKA_SASL_MECHANISM / USERNAME / PASSWORD. */
  get clientEnv(): Record<string, string> {
    const { KAFKA_SECURE_BROKERS: _brokers, KAFKA_BROKERS: _plain, ...security } = this.printed;
    return security;
  }

  /** The locally generated CA and the server certificate (for 127.0.0.1) the script made. */
  get tls(): { ca: string; cert: string; key: string } {
    const tls = join(this.dir, 'kafka', 'tls');
    return { ca: join(tls, 'ca.pem'), cert: join(tls, 'server.pem'), key: join(tls, 'server.key') };
  }

  async stop(): Promise<void> {
    await run('bash', [SCRIPT, 'kafka-down'], { env: this.scriptEnv, timeout: 60_000 }).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
