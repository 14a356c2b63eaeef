import { generateBadInputDistrict, WIRE_KINDS, type BadInputDistrict, type InvalidRecord } from '@rp/fixtures';
import { dlqTopicName, oneRosterTopic } from '@rp/messaging';
import type { CanvasSimulator } from '@rp/sim-canvas';
import { startOneRosterSimulator, type OneRosterSimulator } from '@rp/sim-oneroster';
import { CanvasView, E2eEnv, expectedCanvas, readTopic, ReadRecord } from '../support';

/** Collection → the extractor's entity type (topic `oneroster.<type>`, run counts `<type>.invalid`). */
export const ENTITY_OF = {
  orgs: 'org', academicSessions: 'academicSession', courses: 'course', classes: 'class', users: 'user', enrollments: 'enrollment',
} as const;

/** The seed: BAD_INPUT_SEED to replay a failure, otherwise a fresh one each run (printed, and in every failure). */
export function badInputSeed(): number {
  const fixed = Number(process.env.BAD_INPUT_SEED);
  const seed = Number.isInteger(fixed) && fixed > 0 ? fixed : 1 + Math.floor(Math.random() * 2 ** 31);
  process.stdout.write(`bad-input e2e: seed ${seed} (replay with BAD_INPUT_SEED=${seed})\n`);
  return seed;
}

/** A tenant whose IC serves the generated records verbatim (invalid ones included) and whose Canvas is `canvas`. */
export async function addBadInputDistrict(env: E2eEnv, canvas: CanvasSimulator, tenant: string, seed: number): Promise<{ district: BadInputDistrict; ic: OneRosterSimulator }> {
  const district = generateBadInputDistrict({ seed });
  const ic = await startOneRosterSimulator({});
  env.onCleanup(() => ic.close());
  for (const kind of WIRE_KINDS) ic.admin.seedRawWire(kind, district.wire[kind]);
  await env.createTenant({
    id: tenant,
    name: `District ${tenant}`,
    ic: { baseUrl: ic.rosteringUrl, tokenUrl: ic.tokenUrl, clientId: 'rp-client', clientSecret: 'rp-secret', vendorAuthorization: ic.vendorAuthorization },
    canvas: { baseUrl: canvas.baseUrl, rootAccountId: '1', token: `token-${tenant}` },
  });
  return { district, ic };
}

/** Every dead letter of the six OneRoster topics. */
export async function oneRosterDeadLetters(env: E2eEnv): Promise<ReadRecord[]> {
  const letters: ReadRecord[] = [];
  for (const kind of WIRE_KINDS) letters.push(...(await readTopic(env, dlqTopicName(oneRosterTopic(ENTITY_OF[kind])))));
  return letters;
}

/** The dead letters whose body is exactly this invalid record as the IC sent it. */
export function lettersOf(letters: ReadRecord[], bad: InvalidRecord): ReadRecord[] {
  const sent = JSON.stringify(bad.wire);
  return letters.filter((l) => l.value?.toString('utf8') === sent);
}

/** For a failure message: letters mentioning the record's sourcedId, and how many letters each type has. */
export function lettersNear(letters: ReadRecord[], bad: InvalidRecord): { near: unknown[]; byType: Record<string, number> } {
  const id = bad.wire.sourcedId;
  const near = letters.filter((l) => typeof id === 'string' && l.value?.toString('utf8').includes(id))
    .map((l) => ({ headers: l.headers, value: l.value?.toString('utf8').slice(0, 400) }));
  const byType: Record<string, number> = {};
  for (const l of letters) byType[l.headers['dlq-entity-type']] = (byType[l.headers['dlq-entity-type']] ?? 0) + 1;
  return { near, byType };
}

/** What a failed assertion about one invalid record should show. */
export function describeInvalid(bad: InvalidRecord): string {
  const id = typeof bad.wire.sourcedId === 'string' ? bad.wire.sourcedId : '(no sourcedId)';
  return `${bad.kind} ${id}: ${bad.reason} on ${bad.field}`;
}

/**
 * The Canvas the valid records describe: the shared expectation (DESIGN.md §4), plus the preferred last name the
 * user mapper also honours (the generated districts of the other tests never carry one, so it is not modelled there).
 */
export function expectedBadInputCanvas(district: BadInputDistrict): CanvasView {
  const view = expectedCanvas(district.roster);
  for (const { kind, wire } of district.valid) {
    const user = view.users[wire.sourcedId as string];
    if (kind !== 'users' || !user || typeof wire.preferredLastName !== 'string' || !wire.preferredLastName.trim()) continue;
    const first = (typeof wire.preferredFirstName === 'string' && wire.preferredFirstName.trim()) || (wire.givenName as string);
    user.name = `${first} ${wire.preferredLastName.trim()}`.trim();
  }
  return view;
}
