import type { Admin } from '@rp/messaging';

/**
 * Readiness of the produce path: the live-events topic's metadata answers and every partition has a leader. Probed
 * on each `/readyz` (bounded by the health server's check timeout), so the gateway reports not-ready while Kafka
 * cannot take events and a load balancer routes elsewhere, and ready again as soon as it can, without waiting for an
 * event to try.
 */
export class KafkaReadiness {
  private connected?: Promise<void>;

  constructor(private readonly admin: Pick<Admin, 'connect' | 'disconnect' | 'fetchTopicMetadata'>, private readonly topic: string) {}

  async check(): Promise<void> {
    try {
      this.connected ??= this.admin.connect();
      await this.connected;
      const { topics } = await this.admin.fetchTopicMetadata({ topics: [this.topic] });
      const leaderless = (topics[0]?.partitions ?? []).filter((p) => p.leader < 0).map((p) => p.partitionId);
      if (!topics[0] || topics[0].partitions.length === 0) throw new Error(`topic ${this.topic} has no partitions`);
      if (leaderless.length > 0) throw new Error(`partitions ${leaderless.join(', ')} of ${this.topic} have no leader`);
    } catch (error) {
      this.connected = undefined; // connect again next time (the broker may have restarted)
      throw new Error(`Kafka cannot take Live Events: ${(error as Error).message}; answering 503 until it can`, { cause: error });
    }
  }

  async close(): Promise<void> {
    await this.admin.disconnect().catch(() => undefined);
  }
}
