import type { Consumer, Kafka } from 'kafkajs';
import type { AvroSerde, Stage, SyncRunEvent } from '@rp/messaging';

/** A sync.runs marker with the instant the benchmark saw it. */
export interface SeenRunEvent extends SyncRunEvent {
  seenAtMs: number;
}

/** Follows sync.runs for a set of run ids (one per tenant, or a single run) and keeps their stage markers with the instant each was seen. */
export class RunsWatcher {
  readonly events: SeenRunEvent[] = [];
  private consumer?: Consumer;

  constructor(private readonly kafka: Kafka, private readonly serde: AvroSerde, private readonly topic: string, private readonly runIds: ReadonlySet<string>) {}

  async start(groupId: string): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        if (!message.value) return;
        const event = await this.serde.decode<SyncRunEvent>(message.value).catch(() => undefined);
        if (event && this.runIds.has(event.runId)) this.events.push({ ...event, seenAtMs: Date.now() });
      },
    });
  }

  /** The marker of a stage and phase, if seen (the first one: for a single run, its only one). */
  marker(stage: Stage, phase: SyncRunEvent['phase']): SeenRunEvent | undefined {
    return this.events.find((e) => e.stage === stage && e.phase === phase);
  }

  /** The runs whose stage reached `finished` or `failed`. */
  ended(stage: Stage): SeenRunEvent[] {
    return this.events.filter((e) => e.stage === stage && (e.phase === 'finished' || e.phase === 'failed'));
  }

  /** The earliest marker of a stage and phase across the runs. */
  first(stage: Stage, phase: SyncRunEvent['phase']): SeenRunEvent | undefined {
    return this.events.filter((e) => e.stage === stage && e.phase === phase).sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0];
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
