import { generateDistrict } from '@rp/fixtures';
import { valuesAt } from './filter';
import { fieldResolver } from './record-fields';
import { TO_WIRE, type EntityName } from './rostering.collections';
import { ENTITY_FIELDS, type WireContext } from './serialize';

const ctx: WireContext = { rosteringUrl: 'http://127.0.0.1/r', gradebookUrl: 'http://127.0.0.1/g', quirks: {} };
const d = generateDistrict({ seed: 21, size: 'tiny' });
const samples: [EntityName, unknown[]][] = [
  ['org', d.orgs], ['academicSession', d.academicSessions], ['course', d.courses], ['class', d.classes],
  ['user', d.users], ['enrollment', d.enrollments],
];

/** The fast path reads stored records; it must agree with the rendered wire form for every field path. */
it.each(samples)('reading %s fields from records agrees with the wire form', (entity, records) => {
  const render = TO_WIRE[entity] as (r: unknown, c: WireContext) => Record<string, unknown>;
  const paths = ENTITY_FIELDS[entity].flatMap((f) => [f, `${f}.sourcedId`, `${f}.role`, `${f}.roleType`, `${f}.type`, `${f}.identifier`, `${f}.beginDate`]);
  for (const record of records) {
    const wire = render(record, ctx);
    const resolve = fieldResolver(record, (r) => render(r, ctx));
    for (const path of paths) expect([path, resolve(path).map(String)]).toEqual([path, valuesAt(wire, path).map(String)]);
  }
});
