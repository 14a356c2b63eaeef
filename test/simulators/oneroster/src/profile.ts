/**
 * How the simulated provider behaves beyond the data: Infinite Campus (the default, as documented) or `minimal`, a
 * OneRoster 1.2 provider that does only what the standard demands — modelled on the Ed-Fi Alliance's `edfi-oneroster`
 * service as a client saw it (issue 21).
 */
export interface ProviderProfile {
  name: ProviderProfileName;
  /** Largest page served whatever `limit` asks; a bigger `limit` is clamped silently. */
  pageSizeCap: number;
  /** `X-Total-Count` and RFC 8288 `Link` on collection reads. */
  pagingHeaders: boolean;
  /** GUIDRef hrefs relative to the service (`/orgs/<id>`) instead of absolute URLs. */
  relativeHrefs: boolean;
  /** The token URL answers 307 to an issuer on another origin (where the token is really issued). */
  tokenRedirect: boolean;
  /** 429 answers carry an HTML page instead of an imsx JSON body. */
  htmlThrottle: boolean;
  /** Nested rostering endpoints (`/schools/{id}/terms`, `/classes/{id}/students`…); without them they are 404. */
  nestedEndpoints: boolean;
  /** IC's `?appName=` on the token URL. */
  appNameRequired: boolean;
}

export type ProviderProfileName = 'infinite-campus' | 'minimal';

export const PROVIDER_PROFILES: Record<ProviderProfileName, ProviderProfile> = {
  'infinite-campus': {
    name: 'infinite-campus', pageSizeCap: 50_000, pagingHeaders: true, relativeHrefs: false, tokenRedirect: false,
    htmlThrottle: false, nestedEndpoints: true, appNameRequired: true,
  },
  minimal: {
    name: 'minimal', pageSizeCap: 500, pagingHeaders: false, relativeHrefs: true, tokenRedirect: true,
    htmlThrottle: true, nestedEndpoints: false, appNameRequired: false,
  },
};

/** The named profile (default Infinite Campus). */
export function providerProfile(name: ProviderProfileName = 'infinite-campus'): ProviderProfile {
  const profile = PROVIDER_PROFILES[name];
  if (!profile) throw new Error(`unknown OneRoster simulator profile ${JSON.stringify(name)} (known: ${Object.keys(PROVIDER_PROFILES).join(', ')})`);
  return profile;
}

/** Whether a rostering path (below the service base) is a nested collection, e.g. `/schools/s1/classes`. */
export function isNestedPath(path: string): boolean {
  return path.split('/').filter(Boolean).length > 2;
}

/** The HTML page a minimal provider's gateway answers a throttled request with. */
export function htmlThrottlePage(): string {
  return '<!DOCTYPE html><html><head><title>429 Too Many Requests</title></head><body><h1>Too Many Requests</h1>' +
    '<p>Rate limit exceeded. Please slow down.</p></body></html>';
}

/** Misbehaviour switched on at run time, as a provider that suddenly stops paging (issue 21's count-drop case). */
export class ProviderControls {
  private readonly firstPageOnly = new Set<string>();

  /** From now on, collections at these paths (e.g. `/enrollments`) answer an empty page after their first page. */
  stopAfterFirstPage(...paths: string[]): void {
    for (const path of paths) this.firstPageOnly.add(path);
  }

  reset(): void {
    this.firstPageOnly.clear();
  }

  /** Whether a collection page at this offset is cut off. */
  cutsOff(path: string, offset: number): boolean {
    return offset > 0 && this.firstPageOnly.has(path);
  }
}
