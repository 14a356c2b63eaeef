import { ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, REPO_ROOT, waitFor } from '../support';

const run = promisify(execFile);

/**
 * A private single-node Kafka (KRaft) for one test, from the jars scripts/services.sh fetched into .services/kafka/libs,
 * on free ports, so a test can restart "the broker" without touching the shared one. `restart()` stops it with
 * SIGTERM (controlled shutdown) and starts it again on the same ports and data.
 */
export class PrivateKafka {
  private child?: ChildProcess;
  private constructor(readonly dir: string, readonly port: number, private readonly controllerPort: number) {}

  /** The Kafka jars: `KAFKA_LIBS` (as scripts/services.sh names it), else the ones services.sh fetched into this checkout. */
  static readonly libs = process.env.KAFKA_LIBS ?? join(REPO_ROOT, '.services', 'kafka', 'libs');

  static available(): boolean {
    return existsSync(PrivateKafka.libs);
  }

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateKafka> {
    const kafka = new PrivateKafka(mkdtempSync('/var/tmp/rp-e2e-kafka-'), await freePort(), await freePort());
    writeFileSync(kafka.conf, [
      'process.roles=broker,controller', 'node.id=1', `controller.quorum.voters=1@127.0.0.1:${kafka.controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${kafka.port},CONTROLLER://127.0.0.1:${kafka.controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${kafka.port}`, 'controller.listener.names=CONTROLLER',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT', 'inter.broker.listener.name=PLAINTEXT',
      `log.dirs=${join(kafka.dir, 'data')}`, 'num.partitions=3', 'offsets.topic.replication.factor=1', 'offsets.topic.num.partitions=3',
      'transaction.state.log.replication.factor=1', 'transaction.state.log.min.isr=1', 'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1', 'group.initial.rebalance.delay.ms=0', 'auto.create.topics.enable=false',
    ].join('\n'));
    writeFileSync(join(kafka.dir, 'log4j2.properties'), 'rootLogger.level=WARN\nrootLogger.appenderRef.stdout.ref=STDOUT\nappender.stdout.type=Console\nappender.stdout.name=STDOUT\nappender.stdout.layout.type=PatternLayout\nappender.stdout.layout.pattern=[%d] %p %m (%c)%n\nlogger.kafka.name=kafka\nlogger.kafka.level=INFO\n');
    await run('java', [...kafka.jvm, 'kafka.tools.StorageTool', 'format', '-t', 'rp-e2e-private', '-c', kafka.conf], { timeout: 120_000 });
    await kafka.launch();
    return kafka;
  }

  private get conf(): string {
    return join(this.dir, 'server.properties');
  }

  private get log(): string {
    return join(this.dir, 'kafka.log');
  }

  private get jvm(): string[] {
    return ['-Xms128m', '-Xmx512m', `-Dlog4j2.configurationFile=${join(this.dir, 'log4j2.properties')}`, '-cp', `${PrivateKafka.libs}/*`];
  }

  private async launch(): Promise<void> {
    const startedBefore = this.startedCount();
    const fd = openSync(this.log, 'a');
    this.child = spawn('java', [...this.jvm, 'kafka.Kafka', this.conf], { stdio: ['ignore', fd, fd] });
    closeSync(fd);
    await waitFor('the private Kafka broker to start', () => {
      if (this.child?.exitCode !== null) throw new Error(`private Kafka exited\n${readFileSync(this.log, 'utf8').slice(-2000)}`);
      return this.startedCount() > startedBefore;
    }, { timeoutMs: 120_000, intervalMs: 300 });
  }

  private startedCount(): number {
    return existsSync(this.log) ? readFileSync(this.log, 'utf8').split('Kafka Server started').length - 1 : 0;
  }

  private async halt(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }

  /** Broker down (controlled shutdown), then up again on the same ports with the same data. */
  async restart(): Promise<void> {
    await this.halt();
    await this.launch();
  }

  /** The broker down (controlled shutdown) until `resume()`. */
  async pause(): Promise<void> {
    await this.halt();
  }

  /** The broker up again on the same ports with the same data. */
  async resume(): Promise<void> {
    await this.launch();
  }

  async stop(): Promise<void> {
    await this.halt();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The resilience harness's `privateService` on a private broker; `use` is handed the broker once it is up. */
export function privateKafkaService(use: (broker: PrivateKafka) => void): () => Promise<{ services: { kafkaBrokers: string[] }; stop: () => Promise<void> }> {
  return async () => {
    const broker = await PrivateKafka.start();
    use(broker);
    return { services: { kafkaBrokers: broker.brokers.split(',') }, stop: () => broker.stop() };
  };
}
