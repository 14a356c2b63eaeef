import type { ConsumerGroupContract, K8sObject } from './helm-render';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

/** Each check returns human-readable violations; an empty list means the invariant holds. */
type Violations = string[];

const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const component = (obj: K8sObject) => obj.metadata.labels?.['app.kubernetes.io/component'] ?? obj.metadata.name;

/** Required fields of the two custom resources the chart renders (no CRD schema is available offline). */
export function customResourceViolations(obj: K8sObject): Violations {
  const where = `${obj.kind} ${obj.metadata?.name}`;
  const out: Violations = [];
  if (obj.kind === 'ScaledObject') {
    if (!obj.spec?.scaleTargetRef?.name) out.push(`${where}: spec.scaleTargetRef.name is required`);
    const triggers: unknown[] = obj.spec?.triggers ?? [];
    if (triggers.length === 0) out.push(`${where}: spec.triggers must not be empty`);
    for (const [i, t] of (triggers as Loose[]).entries()) {
      if (t.type !== 'kafka') out.push(`${where}: trigger ${i} type must be kafka`);
      for (const key of ['bootstrapServers', 'consumerGroup', 'topic', 'lagThreshold']) {
        if (typeof t.metadata?.[key] !== 'string' || t.metadata[key] === '') {
          out.push(`${where}: trigger ${i} metadata.${key} must be a non-empty string`);
        }
      }
    }
    const { minReplicaCount: min, maxReplicaCount: max } = obj.spec ?? {};
    if (!Number.isInteger(max) || max < 1) out.push(`${where}: spec.maxReplicaCount must be a positive integer`);
    if (min !== undefined && (!Number.isInteger(min) || min > max)) out.push(`${where}: minReplicaCount must be ≤ maxReplicaCount`);
  } else if (obj.kind === 'ServiceMonitor') {
    if (!obj.spec?.selector?.matchLabels && !obj.spec?.selector?.matchExpressions) out.push(`${where}: spec.selector is required`);
    const endpoints: Loose[] = obj.spec?.endpoints ?? [];
    if (endpoints.length === 0) out.push(`${where}: spec.endpoints must not be empty`);
    for (const e of endpoints) if (!e.port && !e.targetPort) out.push(`${where}: every endpoint needs a port`);
  } else if (obj.kind === 'PrometheusRule') {
    const groups: Loose[] = obj.spec?.groups ?? [];
    if (groups.length === 0) out.push(`${where}: spec.groups must not be empty`);
    for (const group of groups) {
      if (!group.name) out.push(`${where}: every group needs a name`);
      for (const rule of (group.rules ?? []) as Loose[]) {
        const name = rule.alert ?? rule.record;
        if (!name || typeof rule.expr !== 'string' || rule.expr === '') out.push(`${where}: rule ${name ?? '?'} needs alert (or record) and expr`);
        if (rule.for !== undefined && !PROMETHEUS_DURATION.test(String(rule.for))) out.push(`${where}: rule ${name}: for ${rule.for} is not a Prometheus duration`);
        if (rule.alert && !rule.labels?.severity) out.push(`${where}: alert ${name} needs a severity label`);
        if (typeof rule.expr === 'string' && !balancedBrackets(rule.expr)) out.push(`${where}: rule ${name}: unbalanced brackets in expr`);
      }
    }
  } else {
    out.push(`${where}: not a known custom resource`);
  }
  return out;
}

const PROMETHEUS_DURATION = /^([0-9]+(ms|s|m|h|d|w|y))+$/;

/** Whether (), [] and {} nest correctly in a PromQL expression (quoted strings skipped). */
export function balancedBrackets(expr: string): boolean {
  const open: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  for (const ch of expr.replace(/"(?:[^"\\]|\\.)*"/g, '""')) {
    if ('([{'.includes(ch)) open.push(ch);
    else if (pairs[ch] && open.pop() !== pairs[ch]) return false;
  }
  return open.length === 0;
}

/** Env value as a pod would see it: explicit env first, then the ConfigMaps named in envFrom. */
function containerEnv(objects: K8sObject[], container: Loose, name: string): string | undefined {
  const explicit = (container.env ?? []).find((e: Loose) => e.name === name);
  if (explicit) return explicit.value;
  for (const source of [...(container.envFrom ?? [])].reverse()) {
    const cm = ofKind(objects, 'ConfigMap').find((c) => c.metadata.name === source.configMapRef?.name);
    if (cm?.data?.[name] !== undefined) return cm.data[name];
  }
  return undefined;
}

/** Consumer group ids in the pods (and KEDA triggers) equal libs/runtime/src/consumer-groups.contract.json. */
export function consumerGroupViolations(objects: K8sObject[], groups: Record<string, ConsumerGroupContract>): Violations {
  const out: Violations = [];
  for (const deploy of ofKind(objects, 'Deployment')) {
    const app = component(deploy);
    const container = deploy.spec.template.spec.containers[0];
    const group = containerEnv(objects, container, 'KAFKA_CONSUMER_GROUP');
    const expected = groups[app]?.groupId;
    if (group !== expected) out.push(`${app}: KAFKA_CONSUMER_GROUP is ${group ?? 'unset'}, contract says ${expected ?? 'none'}`);
  }
  for (const so of ofKind(objects, 'ScaledObject')) {
    const app = component(so);
    const contract = groups[app];
    const triggers: Loose[] = so.spec?.triggers ?? [];
    for (const t of triggers) {
      if (t.metadata?.consumerGroup !== contract?.groupId) {
        out.push(`${app}: KEDA trigger measures group ${t.metadata?.consumerGroup}, contract says ${contract?.groupId}`);
      }
    }
    const topics = triggers.map((t) => t.metadata?.topic).sort();
    if (JSON.stringify(topics) !== JSON.stringify([...(contract?.topics ?? [])].sort())) {
      out.push(`${app}: KEDA triggers watch [${topics}] but the app consumes [${contract?.topics ?? []}]`);
    }
  }
  return out;
}

/** No autoscaler (or fixed replica count) asks for more consumers than the app's topics have partitions. */
export function scalingViolations(
  objects: K8sObject[],
  groups: Record<string, ConsumerGroupContract>,
  partitionsOf: (topic: string) => number,
): Violations {
  const out: Violations = [];
  const limit = (app: string) => {
    const topics = groups[app]?.topics ?? [];
    return topics.length ? Math.max(...topics.map(partitionsOf)) : Infinity;
  };
  const check = (app: string, what: string, count: number | undefined) => {
    if (count !== undefined && count > limit(app)) out.push(`${app}: ${what}=${count} exceeds ${limit(app)} partitions`);
  };
  for (const so of ofKind(objects, 'ScaledObject')) check(component(so), 'KEDA maxReplicaCount', so.spec?.maxReplicaCount);
  for (const hpa of ofKind(objects, 'HorizontalPodAutoscaler')) check(component(hpa), 'HPA maxReplicas', hpa.spec?.maxReplicas);
  for (const d of ofKind(objects, 'Deployment')) check(component(d), 'replicas', d.spec?.replicas);
  for (const d of ofKind(objects, 'Deployment')) {
    const scaled = [...ofKind(objects, 'ScaledObject'), ...ofKind(objects, 'HorizontalPodAutoscaler')].some(
      (s) => s.spec?.scaleTargetRef?.name === d.metadata.name,
    );
    // A fixed replica count would fight the autoscaler on every upgrade.
    if (scaled && d.spec?.replicas !== undefined) out.push(`${component(d)}: sets replicas although it is autoscaled`);
  }
  return out;
}

function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** Every Deployment: three HTTP probes on a declared port, non-root hardened security context, a PDB, a drain window. */
export function workloadViolations(objects: K8sObject[]): Violations {
  const out: Violations = [];
  for (const d of ofKind(objects, 'Deployment')) {
    const app = component(d);
    const pod = d.spec.template.spec;
    for (const c of pod.containers as Loose[]) {
      const ports = new Set((c.ports ?? []).flatMap((p: Loose) => [p.name, p.containerPort]));
      const probes: Array<[string, string]> = [['startupProbe', '/healthz'], ['livenessProbe', '/healthz'], ['readinessProbe', '/readyz']];
      for (const [probe, path] of probes) {
        const get = c[probe]?.httpGet;
        if (!get) out.push(`${app}: ${probe} missing`);
        else if (get.path !== path || !ports.has(get.port)) out.push(`${app}: ${probe} must GET ${path} on a declared port`);
      }
      if (c.command) out.push(`${app}: sets command, which replaces the image's tini entry point; use args`);
      const sc = c.securityContext ?? {};
      const runAsNonRoot = sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
      const runAsUser = sc.runAsUser ?? pod.securityContext?.runAsUser;
      if (runAsNonRoot !== true || runAsUser === 0) out.push(`${app}: must run as non-root`);
      if (sc.readOnlyRootFilesystem !== true) out.push(`${app}: root filesystem must be read-only`);
      if (sc.allowPrivilegeEscalation !== false) out.push(`${app}: privilege escalation must be off`);
      if (!(sc.capabilities?.drop ?? []).includes('ALL')) out.push(`${app}: must drop ALL capabilities`);
      const sleep = Number(c.lifecycle?.preStop?.exec?.command?.[1] ?? 0);
      if (!(pod.terminationGracePeriodSeconds > sleep)) out.push(`${app}: terminationGracePeriodSeconds must exceed the preStop sleep`);
    }
    const pdb = ofKind(objects, 'PodDisruptionBudget').find((p) => selects(p.spec?.selector?.matchLabels, d.spec.template.metadata.labels));
    if (!pdb) out.push(`${app}: no PodDisruptionBudget selects its pods`);
  }
  return out;
}

function decodedSecretValues(objects: K8sObject[]): string[] {
  return ofKind(objects, 'Secret').flatMap((s) => [
    ...Object.values<string>(s.data ?? {}).map((v) => Buffer.from(v, 'base64').toString('utf8')),
    ...Object.values<string>(s.stringData ?? {}),
  ]);
}

/** No secret (rendered Secrets' values plus any known secret strings) appears in a ConfigMap or a plain env value. */
export function secretLeakViolations(objects: K8sObject[], knownSecrets: string[] = []): Violations {
  const secrets = [...decodedSecretValues(objects), ...knownSecrets].filter((s) => s.length >= 8);
  const out: Violations = [];
  const leaks = (text: string) => secrets.some((s) => text.includes(s));
  for (const cm of ofKind(objects, 'ConfigMap')) {
    for (const [key, value] of Object.entries<string>(cm.data ?? {})) {
      if (['DATABASE_URL', 'SECRETS_KEY'].includes(key) || leaks(value)) out.push(`ConfigMap ${cm.metadata.name}: ${key} holds a secret`);
    }
  }
  for (const workload of [...ofKind(objects, 'Deployment'), ...ofKind(objects, 'Job')]) {
    for (const c of workload.spec.template.spec.containers as Loose[]) {
      for (const e of c.env ?? []) {
        if (typeof e.value === 'string' && leaks(e.value)) out.push(`${workload.kind} ${workload.metadata.name}: env ${e.name} holds a secret`);
      }
    }
  }
  return out;
}

/** Mebibytes of a Kubernetes memory quantity (Mi, Gi, M, G or bytes); NaN when it is none of those. */
export function mebibytes(quantity: string | number | undefined): number {
  const match = /^(\d+(?:\.\d+)?)(Mi|Gi|M|G)?$/.exec(String(quantity ?? ''));
  if (!match) return NaN;
  const factor = { Mi: 1, Gi: 1024, M: 1e6 / 2 ** 20, G: 1e9 / 2 ** 20 }[match[2] as 'Mi'] ?? 1 / 2 ** 20;
  return Number(match[1]) * factor;
}

/**
 * Every app's memory: request = limit, and NODE_OPTIONS (from its ConfigMaps) keeps --enable-source-maps and caps
 * V8's old space at ≤ 70 % of the limit, so V8 collects before the kernel kills the container (helm/README.md).
 */
export function memoryLimitViolations(objects: K8sObject[]): Violations {
  const out: Violations = [];
  const configMaps = ofKind(objects, 'ConfigMap');
  for (const deployment of ofKind(objects, 'Deployment')) {
    const name = component(deployment);
    for (const container of (deployment.spec.template.spec.containers ?? []) as Loose[]) {
      const limit = mebibytes(container.resources?.limits?.memory);
      const request = mebibytes(container.resources?.requests?.memory);
      if (!Number.isFinite(limit)) out.push(`${name}: no memory limit`);
      if (request !== limit) out.push(`${name}: memory request ${container.resources?.requests?.memory} differs from the limit ${container.resources?.limits?.memory}`);
      const fromMaps = ((container.envFrom ?? []) as Loose[])
        .map((e) => configMaps.find((c) => c.metadata.name === e.configMapRef?.name)?.data?.NODE_OPTIONS)
        .filter((v): v is string => typeof v === 'string');
      const nodeOptions = ((container.env ?? []) as Loose[]).find((e) => e.name === 'NODE_OPTIONS')?.value ?? fromMaps.at(-1);
      const heap = /--max-old-space-size=(\d+)/.exec(nodeOptions ?? '');
      if (!heap) out.push(`${name}: NODE_OPTIONS sets no --max-old-space-size (got ${nodeOptions ?? 'none'})`);
      else if (Number(heap[1]) > 0.7 * limit) out.push(`${name}: --max-old-space-size=${heap[1]} is over 70 % of the ${Math.round(limit)} MiB memory limit`);
      if (nodeOptions && !nodeOptions.includes('--enable-source-maps')) out.push(`${name}: NODE_OPTIONS drops the image's --enable-source-maps`);
    }
  }
  return out;
}
