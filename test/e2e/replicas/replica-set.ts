import { join } from 'node:path';
import { AppProcess, E2eEnv, freePort } from '../support';

/**
 * N replicas of one app in one consumer group (same env, same TOPIC_PREFIX), each its own process, port and log
 * folder — as a Deployment with `replicas: N`. Started one after the other, so the group rebalances while the
 * earlier members already consume.
 */
export class ReplicaSet {
  private constructor(readonly name: string, readonly members: AppProcess[]) {}

  static async start(env: E2eEnv, app: string, count: number, extraEnv: Record<string, string> = {}, name = app): Promise<ReplicaSet> {
    const members: AppProcess[] = [];
    for (let i = 1; i <= count; i++) {
      members.push(new AppProcess(app, await freePort(), env.appEnv(extraEnv), join(env.logDir, `${name}-${i}`)));
    }
    const set = new ReplicaSet(name, members);
    try {
      for (const m of members) await m.start();
    } catch (error) {
      await set.stop();
      throw error;
    }
    return set;
  }

  /** The replicas still running. */
  get running(): AppProcess[] {
    return this.members.filter((m) => m.running);
  }

  tails(lines = 15): string {
    return this.members.map((m) => m.tail(lines)).join('\n');
  }

  async stop(): Promise<void> {
    await Promise.all(this.members.map((m) => m.kill('SIGTERM')));
  }
}

/**
 * `rp_records_in_total` of one running replica (from its /metrics), summed over tenants, for the topics whose deployed
 * name ends with one of `topicSuffixes` (all topics when empty): how much of the group's work this member did.
 */
export async function recordsIn(member: AppProcess, topicSuffixes: string[] = []): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${member.port}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^rp_records_in_total\{([^}]*)\} ([0-9.e+]+)$/.exec(line);
    if (!match) continue;
    const topic = /topic="([^"]*)"/.exec(match[1])?.[1] ?? '';
    if (topicSuffixes.length === 0 || topicSuffixes.some((s) => topic.endsWith(s))) total += Number(match[2]);
  }
  return total;
}
