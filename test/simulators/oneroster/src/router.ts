/** Minimal path router: `/schools/:schoolSourcedId/classes` patterns, exact segment counts, params decoded. */
export interface CompiledRoute<R> {
  route: R;
  regex: RegExp;
  names: string[];
}

export function compileRoutes<R extends { pattern: string }>(routes: R[]): CompiledRoute<R>[] {
  return routes.map((route) => {
    const names: string[] = [];
    const source = route.pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { route, regex: new RegExp(`^${source}/?$`), names };
  });
}

export function matchRoute<R>(compiled: CompiledRoute<R>[], path: string): { route: R; params: Record<string, string> } | undefined {
  for (const c of compiled) {
    const m = c.regex.exec(path);
    if (m) return { route: c.route, params: Object.fromEntries(c.names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) };
  }
  return undefined;
}
