import type { IncomingHttpHeaders } from 'node:http';
import type { RootAccountState } from '../state/root-account-state';

export interface ApiRequest {
  method: string;
  /** Raw (still percent-encoded) path, without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  params: Record<string, string>;
  baseUrl: string;
  /** True once the client closed the connection (gave up waiting). */
  clientGone?: () => boolean;
}

/** A request authenticated as an admin of one root account. */
export interface AccountRequest extends ApiRequest {
  account: RootAccountState;
}

export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings and buffers as they are. */
  body?: unknown;
  contentType?: string;
}

export const json = (body: unknown, status = 200, headers?: Record<string, string>): ApiResponse => ({ status, body, headers });

export const notFound = (): ApiResponse => json({ errors: [{ message: 'The specified resource does not exist.' }] }, 404);

export const badRequest = (message: string): ApiResponse => json({ errors: [message] }, 400);
