import { parseInstant } from './zoned-time';

/** Anything that targets one OneRoster result and carries the Canvas time of the change behind it. */
export interface ResultCommandLike {
  resultSourcedId?: string;
  canvasEventTime: string;
}

/**
 * Keeps, per key, only the command with the latest Canvas event time — Live Events arrive out of order, so arrival
 * order means nothing. Equal times: the later arrival wins (a REST re-read after an event). Winners keep their order.
 */
export function coalesceLatest<T>(commands: readonly T[], keyOf: (command: T) => string, eventTimeOf: (command: T) => string): T[] {
  const winners = new Map<string, { index: number; time: number }>();
  commands.forEach((command, index) => {
    const key = keyOf(command);
    const time = parseInstant(eventTimeOf(command)).getTime();
    const current = winners.get(key);
    if (!current || time >= current.time) winners.set(key, { index, time });
  });
  const kept = new Set([...winners.values()].map((w) => w.index));
  return commands.filter((_, index) => kept.has(index));
}

/** Coalesces result commands (upserts and holds) per result sourcedId; commands without one pass through. */
export function coalesceResultCommands<T extends ResultCommandLike>(commands: readonly T[]): T[] {
  let anonymous = 0;
  return coalesceLatest(
    commands,
    (c) => (c.resultSourcedId === undefined ? `\u0000unkeyed:${anonymous++}` : c.resultSourcedId),
    (c) => c.canvasEventTime,
  );
}
