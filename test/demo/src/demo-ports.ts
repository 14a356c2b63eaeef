/**
 * Ports of the demo's own listeners, all from one base (`DEMO_PORT_BASE`, default 18080): the events-gateway at the
 * base, the IC simulator at +10, the Canvas simulator at +11, the apps' health/metrics ports from +20 (one each, five
 * in all). Each can also be moved on its own by its variable.
 */
export function demoPortsFrom(env: NodeJS.ProcessEnv): { oneRoster: number; canvas: number; gateway: number; firstApp: number } {
  const base = Number(env.DEMO_PORT_BASE ?? 18080);
  return {
    oneRoster: Number(env.DEMO_ONEROSTER_PORT ?? base + 10),
    canvas: Number(env.DEMO_CANVAS_PORT ?? base + 11),
    gateway: Number(env.DEMO_GATEWAY_PORT ?? base),
    firstApp: Number(env.DEMO_APP_PORT_BASE ?? base + 20),
  };
}
