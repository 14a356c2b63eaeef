/** imsx_StatusInfo payloads and the HTTP status that goes with each codeMinor (OneRoster 1.2, §3 of the doc). */
export type CodeMinor =
  | 'invalid_filter_field' | 'invalid_selection_field' | 'invaliddata' | 'unauthorisedrequest' | 'forbidden'
  | 'server_busy' | 'unknownobject' | 'internal_server_error';

export class ImsxError extends Error {
  constructor(readonly status: number, readonly codeMinor: CodeMinor, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

export function imsxBody(codeMinor: CodeMinor, description: string) {
  return {
    imsx_codeMajor: 'failure',
    imsx_severity: 'error',
    imsx_description: description,
    imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: codeMinor }] },
  };
}

export const badRequest = (codeMinor: CodeMinor, message: string) => new ImsxError(400, codeMinor, message);
export const notFound = (what: string) => new ImsxError(404, 'unknownobject', `${what} was not found`);
export const unprocessable = (message: string) => new ImsxError(422, 'invaliddata', message);
