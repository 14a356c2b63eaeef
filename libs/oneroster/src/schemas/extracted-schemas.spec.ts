import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceSpec } from '@rp/testing';
import { extractSchemas, officialDocuments, ServiceName } from '../../scripts/extract-schemas';

describe('extracted OneRoster 1.2 schemas', () => {
  it.each(Object.keys(officialDocuments) as ServiceName[])(
    'src/schemas/%s.schemas.json equals what the official OpenAPI document says (re-run scripts/extract-schemas.ts if not)',
    (service) => {
      const official = readFileSync(referenceSpec(`oneroster-1.2/${officialDocuments[service]}`), 'utf8');
      const committed = JSON.parse(readFileSync(join(__dirname, `${service}.schemas.json`), 'utf8'));
      expect(committed).toEqual(extractSchemas(service, official));
    },
  );
});
