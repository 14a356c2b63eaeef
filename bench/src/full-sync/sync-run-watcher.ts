import type { Consumer, Kafka } from 'kafkajs';
import type { AvroSerde, Stage, SyncRunEvent } from '@rp/messaging';

/** A sync.runs marker with the instant the benchmark saw it. */
export interface ObservedRunEvent extends SyncRunEvent {
  seenAtMs: number;
}

/** Follows sync.runs for one run id and keeps its stage markers with the instant each was seen. */
export class SyncRunWatcher {
  readonly events: ObservedRunEvent[] = [];
  private consumer?: Consumer;
  
  constructor(private readonly kafka: Kafka, private readonly serde: AvroSerde, private readonly topic: string, private readonly runId: string) {}

  async start(groupId: string): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        if (!message.value) return;
        const event = await this.serde.decode<SyncRunEvent>(message.value).catch(() => undefined);
        if (!event || event.runId !== this.runId) return;
        this.events.push({ ...event, seenAtMs: Date.now() });
      },
    });
  }

  /** The marker of a stage and phase, if seen. */
  marker(stage: Stage, phase: SyncRunEvent['phase']): ObservedRunEvent | undefined {
    return this.events.find((e) => e.stage === stage && e.phase === phase);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
