import type { Consumer, Kafka } from 'kafkajs';
import type { AvroSerde, Stage, SyncRunEvent } from '@rp/messaging';

/** A sync.runs marker with the instant the benchmark saw it. */
export interface ObservedRunEvent extends SyncRunEvent {
  seenAtMs: number;
}

/** Follows sync.runs for one run id; `stageDone(stage)` resolves once that stage finished or failed. */
export class SyncRunWatcher {
  readonly events: ObservedRunEvent[] = [];
  private consumer?: Consumer;
  private waiters: (() => void)[] = [];

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
        for (const wake of this.waiters.splice(0)) wake();
      },
    });
  }

  /** The marker of a stage and phase, if seen. */
  marker(stage: Stage, phase: SyncRunEvent['phase']): ObservedRunEvent | undefined {
    return this.events.find((e) => e.stage === stage && e.phase === phase);
  }

  /** Resolves with the finished/failed marker of `stage`, or undefined at the deadline. */
  async stageDone(stage: Stage, deadlineMs: number): Promise<ObservedRunEvent | undefined> {
    for (;;) {
      const done = this.marker(stage, 'finished') ?? this.marker(stage, 'failed');
      if (done) return done;
      const left = deadlineMs - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, Math.min(left, 1_000));
        this.waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
