/** A provider's imsx status, normalised across 1.1/1.2 spellings. */
export interface ImsxStatus {
  codeMajor?: string;
  severity?: string;
  description?: string;
  /** 1.2 codeMinor values, e.g. `unknownobject`, `server_busy`, `invalid_filter_field`. */
  codeMinors: string[];
}

/** 1.1 (and sloppy) spellings → the 1.2 vocabulary. */
const codeMinorAliases: Record<string, string> = {
  'full success': 'fullsuccess',
  'unknown object': 'unknownobject',
  'invalid data': 'invaliddata',
  unauthorized: 'unauthorisedrequest',
  unauthorised: 'unauthorisedrequest',
  'unauthorized request': 'unauthorisedrequest',
  'server busy': 'server_busy',
  'internal server error': 'internal_server_error',
  'delete failure': 'deletefailure',
  invalid_sort_field: 'invalid_sort_field',
};

function normaliseCodeMinor(value: string): string {
  const lower = value.trim().toLowerCase();
  return codeMinorAliases[lower] ?? lower;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function findStatusObject(body: unknown): Record<string, unknown> | undefined {
  if (Array.isArray(body)) return findStatusObject(body[0]);
  const obj = asObject(body);
  if (!obj) return undefined;
  if ('imsx_codeMajor' in obj || 'imsx_CodeMinor' in obj || 'imsx_codeMinor' in obj) return obj;
  for (const key of ['imsx_StatusInfo', 'imsx_statusInfo', 'statusInfo', 'statusInfoSet', 'errors']) {
    if (key in obj) return findStatusObject(obj[key]);
  }
  return undefined;
}

/** Reads an imsx_StatusInfo error body; accepts both `imsx_CodeMinor` (1.2 OAS) and `imsx_codeMinor` spellings. */
export function parseImsxStatus(body: unknown): ImsxStatus | undefined {
  const status = findStatusObject(body);
  if (!status) return undefined;
  const minor = asObject(status.imsx_CodeMinor ?? status.imsx_codeMinor);
  const rawFields = minor?.imsx_codeMinorField ?? minor?.imsx_CodeMinorField ?? [];
  const fields = Array.isArray(rawFields) ? rawFields : [rawFields];
  const codeMinors = fields
    .map((f) => asObject(f)?.imsx_codeMinorFieldValue ?? asObject(f)?.imsx_CodeMinorFieldValue)
    .filter((v): v is string => typeof v === 'string')
    .map(normaliseCodeMinor);
  return {
    codeMajor: typeof status.imsx_codeMajor === 'string' ? status.imsx_codeMajor : undefined,
    severity: typeof status.imsx_severity === 'string' ? status.imsx_severity : undefined,
    description: typeof status.imsx_description === 'string' ? status.imsx_description : undefined,
    codeMinors,
  };
}
