import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MetricNames } from '@rp/observability';
import {
  consumerGroupViolations,
  customResourceViolations,
  mebibytes,
  memoryLimitViolations,
  scalingViolations,
  secretLeakViolations,
  workloadViolations,
} from './src/chart-invariants';
import {
  consumerGroups,
  effectiveValues,
  K8sObject,
  lintChart,
  partitionsOf,
  renderChart,
  renderFailure,
  repoRoot,
  validateWithModels,
} from './src/helm-render';

const valueSets = readdirSync(join(repoRoot, 'helm/ci'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => `helm/ci/${f}`);
const groups = consumerGroups();
const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const named = (objects: K8sObject[], kind: string, app: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === `rp-rostering-platform-${app}`);

describe('helm chart rostering-platform', () => {
  it('has CI value sets for defaults, KEDA, HPA, ingress + monitoring and an existing Secret', () => {
    expect(valueSets).toEqual(
      expect.arrayContaining([
        'helm/ci/defaults-values.yaml',
        'helm/ci/keda-values.yaml',
        'helm/ci/hpa-values.yaml',
        'helm/ci/ingress-monitoring-values.yaml',
        'helm/ci/existing-secret-values.yaml',
        'helm/ci/kafka-sasl-ssl-values.yaml',
      ]),
    );
  });

  describe.each(valueSets)('with %s', (valueSet) => {
    const values = effectiveValues([valueSet]);
    let objects: K8sObject[];
    beforeAll(() => {
      objects = renderChart([valueSet]);
    });

    it('passes helm lint --strict', () => {
      const lint = lintChart([valueSet]);
      expect(lint.output).toContain('0 chart(s) failed');
      expect(lint.ok).toBe(true);
    });

    it('renders objects that all validate against the Kubernetes schemas (CRDs by their required fields)', () => {
      const reports = validateWithModels(objects);
      const problems = reports.flatMap((r) =>
        r.crd ? customResourceViolations(objects[r.index]) : r.errors.map((e) => `${r.kind} ${r.name}: ${e}`),
      );
      expect(problems).toEqual([]);
      expect(byKind(objects, 'Deployment').length).toBeGreaterThan(0);
    });

    it('gives every consumer the group id of libs/runtime/src/consumer-groups.contract.json', () => {
      expect(consumerGroupViolations(objects, groups)).toEqual([]);
    });

    it('never scales a consumer beyond the partitions of its topics', () => {
      expect(scalingViolations(objects, groups, (t) => partitionsOf(values, t))).toEqual([]);
    });

    it('gives every Deployment three probes, a hardened non-root context, a drain window and a PDB', () => {
      expect(workloadViolations(objects)).toEqual([]);
    });

    it('gives every app a guaranteed memory limit with a V8 heap cap under it (NODE_OPTIONS)', () => {
      expect(memoryLimitViolations(objects)).toEqual([]);
    });

    it('keeps secrets out of ConfigMaps and plain env values', () => {
      const known = [values.secrets.databaseUrl, values.secrets.secretsKey].filter(Boolean);
      expect(secretLeakViolations(objects, known)).toEqual([]);
    });

    it('runs `ops migrate` as a pre-install/pre-upgrade hook before the apps', () => {
      const job = byKind(objects, 'Job')[0];
      expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
      expect(job.spec.template.spec.containers[0].args).toEqual(['node', 'dist/apps/ops/main.js', 'migrate']);
      expect(job.spec.template.spec.containers[0].command).toBeUndefined(); // keeps tini as PID 1
      const allRefs = job.spec.template.spec.containers[0].env.filter((e: K8sObject) => e.valueFrom?.secretKeyRef);
      // Kafka and registry passwords always come from their own Secrets, named in values (see the SASL_SSL test).
      const secretRefs = allRefs.filter((e: K8sObject) => !['KAFKA_SASL_PASSWORD', 'SCHEMA_REGISTRY_PASSWORD'].includes(e.name));
      expect(secretRefs.map((e: K8sObject) => e.name).sort()).toEqual(['DATABASE_URL', 'SECRETS_KEY']);
      // A hook runs before the release's own Secret exists: it must read a Secret that exists at that moment.
      for (const ref of secretRefs) {
        const secretName = ref.valueFrom.secretKeyRef.name;
        const hookSecret = objects.find((o) => o.kind === 'Secret' && o.metadata.name === secretName);
        if (values.existingSecret) expect(secretName).toBe(values.existingSecret);
        else expect(hookSecret?.metadata.annotations?.['helm.sh/hook-weight']).toBe('-10');
      }
    });
  });

  it('reads memory quantities and finds a heap cap too close to the limit, a request below it, a missing cap', () => {
    expect([mebibytes('384Mi'), mebibytes('1Gi'), mebibytes('1536Mi'), mebibytes(2 ** 20)]).toEqual([384, 1024, 1536, 1]);
    const deployment = (limit: string, request: string, nodeOptions?: string): K8sObject => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x', labels: { 'app.kubernetes.io/component': 'x' } },
      spec: { template: { spec: { containers: [{ resources: { limits: { memory: limit }, requests: { memory: request } }, env: nodeOptions ? [{ name: 'NODE_OPTIONS', value: nodeOptions }] : [] }] } } },
    });
    expect(memoryLimitViolations([deployment('384Mi', '384Mi', '--enable-source-maps --max-old-space-size=224')])).toEqual([]);
    expect(memoryLimitViolations([deployment('384Mi', '384Mi', '--enable-source-maps --max-old-space-size=320')])).toEqual([
      'x: --max-old-space-size=320 is over 70 % of the 384 MiB memory limit',
    ]);
    expect(memoryLimitViolations([deployment('384Mi', '256Mi')])).toEqual([
      'x: memory request 256Mi differs from the limit 384Mi', 'x: NODE_OPTIONS sets no --max-old-space-size (got none)',
    ]);
  });

  it('keeps helm/values.yaml consumer groups and topics equal to libs/runtime/src/consumer-groups.contract.json', () => {
    const values = effectiveValues([]);
    const fromValues = Object.fromEntries(
      Object.entries(values.apps)
        .filter(([, app]) => app.consumerGroup)
        .map(([name, app]) => [name, { groupId: app.consumerGroup, topics: app.topics }]),
    );
    expect(fromValues).toEqual(groups);
  });

  it('scales each consumer on its own group lag with KEDA, one trigger per topic, no fixed replicas', () => {
    const objects = renderChart(['helm/ci/keda-values.yaml']);
    const scaled = byKind(objects, 'ScaledObject');
    expect(scaled.map((s) => s.metadata.labels?.['app.kubernetes.io/component']).sort()).toEqual(Object.keys(groups).sort());
    const writer = named(objects, 'ScaledObject', 'gradebook-writer');
    expect(writer?.spec.maxReplicaCount).toBe(24);
    expect(writer?.spec.triggers).toEqual([
      expect.objectContaining({
        type: 'kafka',
        metadata: expect.objectContaining({ consumerGroup: 'rp.gradebook-writer', topic: 'oneroster.gradebook-writes' }),
        authenticationRef: { name: 'kafka-sasl' },
      }),
    ]);
    expect(named(objects, 'HorizontalPodAutoscaler', 'events-gateway')?.spec.maxReplicas).toBe(10);
    expect(named(objects, 'Deployment', 'loader')?.spec.replicas).toBeUndefined();
  });

  it('scales on the lag of partitions that move: one per tenant-bearing partition, never for a stalled tenant', () => {
    const objects = renderChart(['helm/ci/keda-values.yaml']);
    const values = effectiveValues(['helm/ci/keda-values.yaml']);
    for (const so of byKind(objects, 'ScaledObject')) {
      const app = so.metadata.labels?.['app.kubernetes.io/component'] as string;
      const thresholdOf = (layer: unknown) => (layer as { autoscaling?: { lagThreshold?: number } } | undefined)?.autoscaling?.lagThreshold;
      const threshold = String(thresholdOf(values.apps[app]) ?? thresholdOf(values.appDefaults));
      for (const trigger of so.spec.triggers) {
        // a tenant's records share one partition: lag on one partition is work for one pod, however large
        expect([app, trigger.metadata.limitToPartitionsWithLag]).toEqual([app, 'true']);
        // a partition stalled on a tenant's Canvas/IC/database outage (ADR 0050) is not helped by more pods
        expect([app, trigger.metadata.excludePersistentLag]).toEqual([app, 'true']);
        expect([app, trigger.metadata.lagThreshold]).toEqual([app, threshold]);
        expect([app, trigger.metadata.offsetResetPolicy]).toEqual([app, 'earliest']); // apps read a new group from the beginning
      }
    }
  });

  it('exposes the events-gateway through a TLS ingress and scrapes every app with one ServiceMonitor', () => {
    const objects = renderChart(['helm/ci/ingress-monitoring-values.yaml']);
    const ingress = byKind(objects, 'Ingress')[0];
    expect(ingress.spec.tls).toEqual([{ secretName: 'live-events-tls', hosts: ['live-events.district.example'] }]);
    // Only the Live Events path is public: health, readiness and metrics are not routed from outside.
    expect(ingress.spec.rules.flatMap((r: K8sObject) => r.http.paths.map((p: K8sObject) => [p.path, p.pathType]))).toEqual([['/live-events', 'Prefix']]);
    const backend = ingress.spec.rules[0].http.paths[0].backend.service;
    const gatewayService = named(objects, 'Service', 'events-gateway');
    expect(backend.name).toBe(gatewayService?.metadata.name);
    expect(gatewayService?.spec.ports).toEqual([
      expect.objectContaining({ name: 'live-events', port: 80, targetPort: 'http' }),
      expect.objectContaining({ name: 'admin', port: 9464, targetPort: 'admin' }),
    ]);
    expect(ingress.spec.rules[0].http.paths[0].backend.service.port).toEqual({ name: 'live-events' });
    const gateway = named(objects, 'Deployment', 'events-gateway');
    const container = gateway?.spec.template.spec.containers[0];
    expect(container.ports.map((p: K8sObject) => [p.name, p.containerPort])).toEqual([['http', 8080], ['admin', 9464]]);
    // Health and metrics only on the admin port: probed there, scraped there, never behind the ingress.
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) expect(container[probe].httpGet.port).toBe('admin');
    expect(named(objects, 'ConfigMap', 'events-gateway')?.data).toMatchObject({ HTTP_PORT: '8080', ADMIN_PORT: '9464' });
    expect(byKind(objects, 'ServiceMonitor')[0].spec.endpoints.map((e: K8sObject) => e.port)).toEqual(['http', 'admin']);
    expect(named(objects, 'Deployment', 'loader')?.spec.template.spec.containers[0].readinessProbe.httpGet.port).toBe('http');
    const monitor = byKind(objects, 'ServiceMonitor')[0];
    expect(monitor.metadata.labels?.release).toBe('kube-prometheus-stack');
    const scraped = byKind(objects, 'Service').filter((s) =>
      Object.entries<string>(monitor.spec.selector.matchLabels).every(([k, v]) => s.metadata.labels?.[k] === v),
    );
    expect(scraped).toHaveLength(byKind(objects, 'Deployment').length);
    expect(named(objects, 'Deployment', 'loader')?.spec.template.spec.affinity?.podAntiAffinity).toBeDefined();
  });

  describe('PrometheusRule', () => {
    const readme = () => readFileSync(join(repoRoot, 'helm/README.md'), 'utf8');
    const contractMetrics = () => [...readme().matchAll(/^\| `(rp_[a-z_]+)` \| (?:counter|gauge|histogram) \|/gm)].map((m) => m[1]);
    const rulesOf = (objects: K8sObject[]) => byKind(objects, 'PrometheusRule').flatMap((r) => r.spec.groups.flatMap((g: K8sObject) => g.rules));

    it('alerts on lag growing, a stalled stage, a long-held plan, dead letters and passback refusals, from contract metrics only', () => {
      const objects = renderChart(['helm/ci/ingress-monitoring-values.yaml']);
      const rule = byKind(objects, 'PrometheusRule')[0];
      expect(rule.metadata.labels?.release).toBe('kube-prometheus-stack');
      expect(customResourceViolations(rule)).toEqual([]);
      const rules = rulesOf(objects);
      const byAlert = Object.fromEntries(rules.map((r: K8sObject) => [r.alert, r]));
      expect(Object.keys(byAlert).sort()).toEqual([
        'RosteringConsumerLagGrowing', 'RosteringDeadLettersGrowing', 'RosteringPassbackRefusals', 'RosteringPlanHeld', 'RosteringStageStalled',
      ]);
      expect(byAlert.RosteringConsumerLagGrowing.expr).toContain('rp_consumer_lag');
      expect(byAlert.RosteringStageStalled.expr).toMatch(/rp_stalled_seconds\) > 900$/);
      expect(byAlert.RosteringPlanHeld).toMatchObject({ expr: expect.stringContaining('rp_held_plans'), for: '2h' }); // the CI value set's planHeldFor
      expect(byAlert.RosteringDeadLettersGrowing.expr).toContain('increase(rp_records_dlq_total[15m])');
      expect(byAlert.RosteringPassbackRefusals.expr).toContain('rp_gradebook_writes_total{outcome="refused"}');
      const contract = new Set(contractMetrics());
      for (const r of rules) {
        const used = [...String(r.expr).matchAll(/\b(rp_[a-z_]+)/g)].map((m) => m[1]);
        expect({ alert: r.alert, unknown: used.filter((name) => !contract.has(name)) }).toEqual({ alert: r.alert, unknown: [] });
        expect(used.length).toBeGreaterThan(0);
      }
    });

    it('gives every alert a runbook section in helm/README.md, and a runbook_url to it when a base URL is set', () => {
      const headings = new Set([...readme().matchAll(/^### (Rostering[A-Za-z]+)$/gm)].map((m) => m[1]));
      const objects = renderChart(['helm/ci/ingress-monitoring-values.yaml'], ['--set', 'prometheusRule.runbookBaseUrl=https://docs.example/helm']);
      for (const r of rulesOf(objects)) {
        expect(headings.has(r.alert)).toBe(true);
        expect(r.annotations.runbook).toContain(`#${r.alert.toLowerCase()}`);
        expect(r.annotations.runbook_url).toBe(`https://docs.example/helm#${r.alert.toLowerCase()}`);
      }
    });

    it('is not rendered unless enabled, and refuses a threshold that is not a Prometheus duration', () => {
      expect(byKind(renderChart(['helm/ci/defaults-values.yaml']), 'PrometheusRule')).toEqual([]);
      const failure = renderFailure(['helm/ci/ingress-monitoring-values.yaml'], ['--set', 'prometheusRule.planHeldFor=four hours']);
      expect(failure).toContain('planHeldFor');
    });

    it('finds unbalanced brackets and a bad duration in a rule', () => {
      const broken = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'x' }, spec: { groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'sum(rate(x[5m])', for: '4 hours', labels: { severity: 'warning' } }] }] } };
      expect(customResourceViolations(broken as K8sObject)).toEqual([
        'PrometheusRule x: rule A: for 4 hours is not a Prometheus duration',
        'PrometheusRule x: rule A: unbalanced brackets in expr',
      ]);
    });
  });

  it('never gives the internet-facing events-gateway SECRETS_KEY (the other apps keep it)', () => {
    for (const files of [['helm/ci/defaults-values.yaml'], ['helm/ci/existing-secret-values.yaml'], ['helm/ci/ingress-monitoring-values.yaml']]) {
      const objects = renderChart(files);
      const envNames = (app: string) => (named(objects, 'Deployment', app)?.spec.template.spec.containers[0].env ?? []).map((e: K8sObject) => e.name);
      expect(envNames('events-gateway')).toContain('DATABASE_URL');
      expect(envNames('events-gateway')).not.toContain('SECRETS_KEY');
      expect(envNames('loader')).toContain('SECRETS_KEY');
    }
  });

  it('reads secrets only from an existing Secret under its own key names when one is named', () => {
    const objects = renderChart(['helm/ci/existing-secret-values.yaml']);
    expect(byKind(objects, 'Secret')).toEqual([]);
    const env = named(objects, 'Deployment', 'loader')?.spec.template.spec.containers[0].env;
    expect(env).toEqual(
      expect.arrayContaining([
        { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'district-db', key: 'url' } } },
        { name: 'SECRETS_KEY', valueFrom: { secretKeyRef: { name: 'district-db', key: 'encryption-key' } } },
      ]),
    );
    expect(named(objects, 'Deployment', 'gradebook')).toBeUndefined();
  });

  it('connects every app and the migration Job to Kafka over SASL_SSL and to an https registry, credentials only from Secrets', () => {
    const objects = renderChart(['helm/ci/kafka-sasl-ssl-values.yaml']);
    const common = byKind(objects, 'ConfigMap').find((c) => c.metadata.name === 'rp-rostering-platform-common');
    expect(common?.data).toMatchObject({
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'rostering',
      KAFKA_SSL_CA_FILE: '/etc/rostering/kafka/ca.crt', KAFKA_SSL_CERT_FILE: '/etc/rostering/kafka/tls.crt', KAFKA_SSL_KEY_FILE: '/etc/rostering/kafka/tls.key',
      SCHEMA_REGISTRY_USERNAME: 'rostering', SCHEMA_REGISTRY_CA_FILE: '/etc/rostering/schema-registry/ca.crt',
    });
    expect(JSON.stringify(common?.data)).not.toMatch(/PASSWORD"/);
    const pods = [...byKind(objects, 'Deployment'), ...byKind(objects, 'Job')].map((o) => o.spec.template.spec);
    expect(pods).toHaveLength(byKind(objects, 'Deployment').length + 1);
    for (const pod of pods) {
      const container = pod.containers[0];
      expect(container.env).toEqual(expect.arrayContaining([
        { name: 'KAFKA_SASL_PASSWORD', valueFrom: { secretKeyRef: { name: 'kafka-credentials', key: 'sasl-password' } } },
        { name: 'SCHEMA_REGISTRY_PASSWORD', valueFrom: { secretKeyRef: { name: 'registry-credentials', key: 'password' } } },
      ]));
      expect(container.volumeMounts).toEqual(expect.arrayContaining([
        { name: 'kafka-tls', mountPath: '/etc/rostering/kafka', readOnly: true },
        { name: 'schema-registry-tls', mountPath: '/etc/rostering/schema-registry', readOnly: true },
      ]));
      expect(pod.volumes).toEqual(expect.arrayContaining([
        { name: 'kafka-tls', secret: { secretName: 'kafka-credentials', items: [{ key: 'ca.crt', path: 'ca.crt' }, { key: 'tls.crt', path: 'tls.crt' }, { key: 'tls.key', path: 'tls.key' }] } },
      ]));
    }
    expect(byKind(objects, 'Secret')).toEqual([]);
  });

  describe('NetworkPolicies', () => {
    const objects = renderChart(['helm/ci/defaults-values.yaml']);
    const policies = byKind(objects, 'NetworkPolicy');
    const policy = (app: string) => policies.find((p) => p.metadata.labels?.['app.kubernetes.io/component'] === app)!;
    const apps = byKind(objects, 'Deployment').map((d) => d.metadata.labels?.['app.kubernetes.io/component'] as string);
    const reachesOutside = (app: string) => policy(app).spec.egress.some((rule: K8sObject) => (rule.to ?? []).some((peer: K8sObject) => peer.ipBlock));

    it('gives every app and the migration Job a policy selecting exactly its pods, for ingress and egress', () => {
      expect(policies.map((p) => p.metadata.labels?.['app.kubernetes.io/component']).sort()).toEqual([...apps, 'migrate'].sort());
      for (const deployment of byKind(objects, 'Deployment')) {
        const app = deployment.metadata.labels?.['app.kubernetes.io/component'] as string;
        expect(policy(app).spec.podSelector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
        expect(policy(app).spec.policyTypes).toEqual(['Ingress', 'Egress']);
      }
    });

    it('lets only the events-gateway accept traffic from outside the namespace', () => {
      const open = policies.filter((p) => p.spec.ingress.some((rule: K8sObject) => !rule.from || rule.from.some((peer: K8sObject) => peer.namespaceSelector || peer.ipBlock)));
      expect(open.map((p) => p.metadata.labels?.['app.kubernetes.io/component'])).toEqual(['events-gateway']);
      expect(policy('migrate').spec.ingress).toEqual([]);
      // the gateway's admin port (health, metrics) is reachable from the namespace only
      expect(policy('events-gateway').spec.ingress).toEqual([
        { ports: [{ port: 8080, protocol: 'TCP' }] },
        { from: [{ podSelector: {} }], ports: [{ port: 9464, protocol: 'TCP' }] },
      ]);
    });

    it('lets each app reach only DNS, Kafka, the registry, PostgreSQL and — when it calls IC or Canvas — the internet', () => {
      const allowedPorts = new Set([53, 9092, 9093, 8080, 8081, 5432, 443]);
      for (const p of policies) {
        for (const rule of p.spec.egress) for (const port of rule.ports) expect(allowedPorts.has(port.port)).toBe(true);
      }
      expect(apps.filter(reachesOutside).sort()).toEqual(['events-gateway', 'extractor', 'gradebook', 'gradebook-writer', 'loader', 'notifier']);
      expect(reachesOutside('transformer')).toBe(false);
      expect(reachesOutside('migrate')).toBe(false);
      const outside = policy('loader').spec.egress.find((rule: K8sObject) => rule.to?.[0]?.ipBlock);
      expect(outside).toEqual({ ports: [{ port: 443, protocol: 'TCP' }], to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }] });
    });

    it('narrows Kafka to the peers and ports given, and admits the monitoring namespace to metrics', () => {
      const narrowed = renderChart(['helm/ci/kafka-sasl-ssl-values.yaml']);
      const loader = byKind(narrowed, 'NetworkPolicy').find((p) => p.metadata.labels?.['app.kubernetes.io/component'] === 'loader')!;
      expect(loader.spec.egress).toContainEqual({ ports: [{ port: 9094, protocol: 'TCP' }], to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kafka' } } }] });
      expect(loader.spec.ingress[0].from).toContainEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } });
    });
  });

  it("gives an app listed in databaseUrlSecrets its own database Secret (its PostgreSQL role); the others keep the shared one", () => {
    const objects = renderChart(['helm/ci/defaults-values.yaml'], ['--set', 'databaseUrlSecrets.loader=rp-loader-db', '--set', 'databaseUrlSecrets.events-gateway=rp-gateway-db']);
    const databaseUrl = (app: string) => (named(objects, 'Deployment', app)?.spec.template.spec.containers[0].env ?? [])
      .find((e: K8sObject) => e.name === 'DATABASE_URL')?.valueFrom.secretKeyRef;
    expect(databaseUrl('loader')).toEqual({ name: 'rp-loader-db', key: 'DATABASE_URL' });
    expect(databaseUrl('events-gateway')).toEqual({ name: 'rp-gateway-db', key: 'DATABASE_URL' });
    expect(databaseUrl('transformer')).toEqual({ name: 'rp-rostering-platform-secrets', key: 'DATABASE_URL' });
  });

  it('runs the gradebook writer from the gradebook image in writer role', () => {
    const objects = renderChart(['helm/ci/defaults-values.yaml']);
    const writer = named(objects, 'Deployment', 'gradebook-writer')?.spec.template.spec.containers[0];
    const gradebook = named(objects, 'Deployment', 'gradebook')?.spec.template.spec.containers[0];
    expect(writer.image).toBe(gradebook.image);
    expect(named(objects, 'ConfigMap', 'gradebook-writer')?.data).toMatchObject({ GRADEBOOK_ROLE: 'writer' });
  });

  it.each([
    ['broken-replicas-over-partitions.yaml', 'exceeds the 6 partitions'],
    ['broken-secret-in-env.yaml', 'apps.loader.env.DATABASE_URL looks like a secret'],
    ['broken-autoscaling-mode.yaml', "value must be one of 'none', 'hpa', 'keda'"],
    ['broken-no-secrets.yaml', 'set existingSecret'],
    ['broken-keda-gateway.yaml', 'needs a consumer group'],
    ['broken-typo.yaml', "'autoscalling' not allowed"],
    ['broken-kafka-sasl-without-secret.yaml', 'kafka.security: set existingSecret'],
  ])('rejects %s with a message naming the fix', (file, message) => {
    expect(renderFailure([`test/deploy/fixtures/${file}`])).toContain(message);
  });

  it('detects a drifted group id, a missing PDB, a root user and a leaked secret in real renders', () => {
    const base = ['helm/ci/defaults-values.yaml'];
    const drifted = renderChart(base, ['--set', 'apps.loader.consumerGroup=rp.loader-v2']);
    expect(consumerGroupViolations(drifted, groups)).toEqual(['loader: KAFKA_CONSUMER_GROUP is rp.loader-v2, contract says rp.loader']);
    const noPdb = renderChart(base, ['--set', 'apps.transformer.pdb.enabled=false']);
    expect(workloadViolations(noPdb)).toEqual(['transformer: no PodDisruptionBudget selects its pods']);
    const rootUser = renderChart(base, ['--set', 'podSecurityContext.runAsUser=0']);
    expect(workloadViolations(rootUser)).toHaveLength(7);
    const key = effectiveValues(base).secrets.secretsKey;
    const leaked = renderChart(base, ['--set-string', `apps.loader.env.NOTE=${key}`]);
    expect(secretLeakViolations(leaked)).toEqual(['ConfigMap rp-rostering-platform-loader: NOTE holds a secret']);
  });

  it('ships the Grafana dashboard of deploy/grafana unchanged', () => {
    const objects = renderChart(['helm/ci/defaults-values.yaml']);
    const dashboard = byKind(objects, 'ConfigMap').find((c) => c.metadata.labels?.grafana_dashboard === '1');
    const source = readFileSync(join(repoRoot, 'deploy/grafana/rostering-dashboard.json'), 'utf8');
    expect(JSON.parse(dashboard?.data['rostering-dashboard.json'])).toEqual(JSON.parse(source));
  });
});

describe('metrics contract', () => {
  it('lists in helm/README.md every rp_ metric the Grafana dashboard queries', () => {
    const dashboard = readFileSync(join(repoRoot, 'deploy/grafana/rostering-dashboard.json'), 'utf8');
    const readme = readFileSync(join(repoRoot, 'helm/README.md'), 'utf8');
    const listed = new Set([...readme.matchAll(/`(rp_[a-z_]+)`/g)].map((m) => m[1]));
    const used = new Set([...dashboard.matchAll(/\b(rp_[a-z_]+?)(?:_bucket)?\{/g)].map((m) => m[1]));
    expect(used.size).toBeGreaterThanOrEqual(10);
    expect([...used].filter((name) => !listed.has(name))).toEqual([]);
  });

  /** The metrics of the README's table (the contract), as Prometheus prints them. */
  const contract = () => {
    const readme = readFileSync(join(repoRoot, 'helm/README.md'), 'utf8');
    return [...readme.matchAll(/^\| `(rp_[a-z_]+)` \| (counter|gauge|histogram) \|/gm)].map((m) => ({ name: m[1], type: m[2] }));
  };

  it('defines every contract metric of helm/README.md in @rp/observability, and nothing in the table that is not emitted', () => {
    const table = contract().map((m) => m.name);
    expect(table).toHaveLength(14);
    expect(table.filter((name) => !Object.values(MetricNames).includes(name as never))).toEqual([]);
  });

  it('gives every contract metric at least one panel, in both copies of the dashboard', () => {
    const copies = ['deploy/grafana/rostering-dashboard.json', 'helm/files/rostering-dashboard.json'];
    for (const copy of copies) {
      const dashboard = JSON.parse(readFileSync(join(repoRoot, copy), 'utf8')) as { panels: { title?: string; targets?: { expr?: string }[] }[] };
      const queried = (name: string) => dashboard.panels.filter((p) => (p.targets ?? []).some((t) => new RegExp(`\\b${name}(_bucket)?\\{`).test(t.expr ?? '')));
      expect({ copy, unpanelled: contract().map((m) => m.name).filter((name) => queried(name).length === 0) }).toEqual({ copy, unpanelled: [] });
      // Histograms are read through their buckets (quantiles), not as a plain series.
      for (const { name } of contract().filter((m) => m.type === 'histogram')) {
        expect(queried(name).some((p) => (p.targets ?? []).some((t) => t.expr?.includes(`${name}_bucket`)))).toBe(true);
      }
    }
  });
});
