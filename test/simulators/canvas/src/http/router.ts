import type { ApiResponse } from './types';

type Handler<R> = (req: R) => ApiResponse | Promise<ApiResponse>;
interface Route<R> {
  method: string;
  pattern: string;
  segments: string[];
  handler: Handler<R>;
}

/** Minimal path router: `:name` segments match one raw segment and are percent-decoded (SIS ids may hold `%2F`). */
export class Router<R extends { params: Record<string, string> }> {
  private routes: Route<R>[] = [];

  on(method: string, pattern: string, handler: Handler<R>): this {
    this.routes.push({ method, pattern, segments: pattern.split('/').filter(Boolean), handler });
    return this;
  }
  get(pattern: string, handler: Handler<R>): this {
    return this.on('GET', pattern, handler);
  }
  post(pattern: string, handler: Handler<R>): this {
    return this.on('POST', pattern, handler);
  }
  put(pattern: string, handler: Handler<R>): this {
    return this.on('PUT', pattern, handler);
  }

  /** Finds the handler for a method and raw path; fills `params` and names the route's `pattern`. */
  match(method: string, rawPath: string): { handler: Handler<R>; params: Record<string, string>; pattern: string } | null {
    const parts = rawPath.split('/').filter(Boolean);
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const seg = route.segments[i];
        if (seg.startsWith(':')) params[seg.slice(1)] = safeDecode(parts[i]);
        else ok = seg === parts[i];
      }
      if (ok) return { handler: route.handler, params, pattern: route.pattern };
    }
    return null;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
