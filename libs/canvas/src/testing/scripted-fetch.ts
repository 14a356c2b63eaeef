import type { FetchPort } from '../http/ports';

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
}

type Reply = Response | Error | ((url: URL) => Response);

/** A fetch port that answers from a script per URL path (or in order) and records every call. */
export function scriptedFetch(replies: Reply[] | ((url: URL) => Response)) {
  const requests: RecordedRequest[] = [];
  const queue = Array.isArray(replies) ? [...replies] : undefined;
  const fetchPort: FetchPort = async (url, init) => {
    requests.push({ url, method: init.method ?? 'GET', headers: { ...(init.headers as Record<string, string>) } });
    const reply: Reply | undefined = queue ? queue.shift() : (replies as (url: URL) => Response);
    if (!reply) throw new Error(`unexpected request ${url}`);
    if (reply instanceof Error) throw reply;
    return typeof reply === 'function' ? (reply as (u: URL) => Response)(new URL(url)) : reply;
  };
  return { fetch: fetchPort, requests };
}

/** A JSON response with optional headers. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}
