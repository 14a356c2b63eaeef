import type { IncomingHttpHeaders } from 'node:http';
import { TokenService } from './auth';
import { GradebookStore } from './gradebook-store';
import { RosterStore } from './roster-store';
import { WireContext } from './serialize';

/** What a request handler sees: the stores, the clock and how to render wire objects. */
export interface ApiContext {
  store: RosterStore;
  gradebook: GradebookStore;
  tokens: TokenService;
  /** Spec-conforming rendering (filtering, sorting, gradebook). */
  canonical: WireContext;
  /** Rendering sent on rostering reads (quirks applied). */
  presented: WireContext;
  pageSizeCap: number;
  now: () => Date;
}

export interface ApiRequest {
  method: string;
  url: URL;
  /** Path below the service base path, e.g. `/classes/abc/students`. */
  path: string;
  headers: IncomingHttpHeaders;
  body?: unknown;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Collection responses get paging headers and can be truncated by faults. */
  collection?: { key: string; total: number; limit: number; offset: number };
}
