import { WIRE_KINDS, type BadInputDistrict } from '@rp/fixtures';
import type { CanvasSimulator } from '@rp/sim-canvas';
import { canvasSnapshot, diffViews, E2eEnv, Pipeline, PIPELINE_APPS, startCanvas, viewCounts, waitFor } from '../support';
import { addBadInputDistrict, badInputSeed, describeInvalid, ENTITY_OF, expectedBadInputCanvas, lettersNear, lettersOf, oneRosterDeadLetters } from './bad-input.setup';

/**
 * Acceptance (bad input at scale): a district of a few hundred random OneRoster 1.2 records generated from the
 * official schemas — valid ones, off-spec ones the normaliser repairs, invalid variants of every kind, and valid
 * enrollments whose user or class was refused or never existed — goes through the real extractor, transformer and
 * loader processes. Nothing crashes; each invalid record (a later different copy of a sourcedId included) is
 * dead-lettered once with a reason naming it and the field; the run counts them and publishes every other record;
 * the dependents are schema-valid, so they are NOT dead-lettered but parked by the transformer, waiting for the
 * parent that never comes; and Canvas holds exactly what the valid records describe. The seed is printed and is
 * in every failure message; BAD_INPUT_SEED=<n> replays it.
 */
describe('bad input at scale: schema-random valid and invalid OneRoster records', () => {
  const env = new E2eEnv('badinput');
  const seed = badInputSeed();
  const tag = `seed ${seed}`;
  let canvas: CanvasSimulator;
  let district: BadInputDistrict;
  let pipeline: Pipeline;
  let pids: Record<string, number | undefined>;

  beforeAll(async () => {
    canvas = await startCanvas(env, ['acme']);
    ({ district } = await addBadInputDistrict(env, canvas, 'acme', seed));
    pipeline = await Pipeline.start(env);
    pids = Object.fromEntries(PIPELINE_APPS.map((app) => [app, pipeline.apps[app].pid]));
  }, 300_000);

  afterAll(async () => {
    await pipeline?.stop();
    await env.cleanup();
  }, 120_000);

  it('dead-letters every invalid record with its reason, parks its dependents and provisions every valid record', async () => {
    const runId = await pipeline.requestSync('acme', 'full');
    const run = await pipeline.waitForRun('acme', runId);
    // finished with nothing held: its message only says how each collection's paging ended
    expect({ tag, phase: run.phase, message: run.message }).toEqual({ tag, phase: 'finished', message: expect.stringMatching(/^paging: /) });
    await pipeline.waitQuiet('acme', canvas, 'acme');

    // No app crashed or restarted.
    expect({ tag, alive: PIPELINE_APPS.map((a) => [a, pipeline.apps[a].running, pipeline.apps[a].pid]) })
      .toEqual({ tag, alive: PIPELINE_APPS.map((a) => [a, true, pids[a]]) });

    // Canvas holds exactly the valid records (repaired ones included); nothing invalid or dependent reached it.
    const expectedView = expectedBadInputCanvas(district);
    expect({ tag, diff: diffViews(canvasSnapshot(canvas, 'acme'), expectedView) }).toEqual({ tag, diff: [] });
    const sizes = viewCounts(expectedView);
    expect({ tag, accounts: sizes.accounts, terms: sizes.terms, courses: sizes.courses, some: sizes.users > 20 && sizes.enrollments > 50 })
      .toEqual({ tag, accounts: 2, terms: 3, courses: 12, some: true });

    // One dead letter per invalid record (matched by its exact body), naming the record and the field; no others.
    const letters = await oneRosterDeadLetters(env);
    for (const bad of district.invalid) {
      const what = `${tag} ${describeInvalid(bad)}`;
      const mine = lettersOf(letters, bad);
      expect({ what, letters: mine.length }).toEqual({ what, letters: 1, ...(mine.length === 1 ? {} : lettersNear(letters, bad)) });
      const h = mine[0].headers;
      expect({ what, fields: h['dlq-fields'].split(','), type: h['dlq-entity-type'] })
        .toEqual({ what, fields: expect.arrayContaining([bad.field]), type: ENTITY_OF[bad.kind] });
      expect({ what, reason: h['dlq-reason'].includes(bad.field) }).toEqual({ what, reason: true });
      if (typeof bad.wire.sourcedId === 'string') {
        expect({ what, id: h['dlq-sourced-id'], named: h['dlq-reason'].includes(bad.wire.sourcedId) }).toEqual({ what, id: bad.wire.sourcedId, named: true });
      }
    }
    expect({ tag, letters: letters.length }).toEqual({ tag, letters: district.invalid.length });

    // The run status, as `ops runs show` prints it, counts them per type.
    const shown = await pipeline.ops(['runs', 'show', runId, '--tenant', 'acme', '--json']);
    expect({ tag, code: shown.code }).toEqual({ tag, code: 0 });
    const summary = JSON.parse(shown.stdout.trim().split('\n').at(-1)!);
    const counts = summary.stages.extractor.counts as Record<string, number>;
    const invalidCounts = Object.fromEntries(WIRE_KINDS.map((k) => [ENTITY_OF[k], counts[`${ENTITY_OF[k]}.invalid`] ?? 0]));
    const expected = Object.fromEntries(WIRE_KINDS.map((k) => [ENTITY_OF[k], district.invalid.filter((r) => r.kind === k).length]));
    expect({ tag, invalidCounts }).toEqual({ tag, invalidCounts: expected });
    // …and every other record was published: nothing lost between the IC and Kafka.
    const emitted = Object.fromEntries(WIRE_KINDS.map((k) => [ENTITY_OF[k], counts[`${ENTITY_OF[k]}.emitted`] ?? 0]));
    const sent = Object.fromEntries(WIRE_KINDS.map((k) => [ENTITY_OF[k], [...district.valid, ...district.dependents].filter((r) => r.kind === k).length]));
    expect({ tag, emitted }).toEqual({ tag, emitted: sent });

    // Enrollments whose user or class was refused (or never existed) wait, parked, for that parent — exactly those.
    const parked = await env.query<{ type: string; id: string }>('transformer', 'SELECT type, sourced_id AS id FROM transformer_parked WHERE tenant = $1', ['acme']);
    expect({ tag, parked: (parked ?? []).map((p) => `${p.type}:${p.id}`).sort() })
      .toEqual({ tag, parked: district.dependents.map((d) => `enrollment:${d.wire.sourcedId as string}`).sort() });
    const transformed = await waitFor('the transformer marker of the run', () =>
      pipeline.runEvents.find((e) => e.runId === runId && e.stage === 'transformer' && e.phase === 'finished') ?? false);
    expect({ tag, parked: transformed.counts.parked }).toEqual({ tag, parked: district.dependents.length });
  }, 600_000);
});
