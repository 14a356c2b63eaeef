{{/* Chart name, truncated to the DNS label limit. */}}
{{- define "rp.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-scoped base name for every object. */}}
{{- define "rp.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Object name of one app: <fullname>-<app>. Usage: include "rp.appFullname" (list $ "loader") */}}
{{- define "rp.appFullname" -}}
{{- $root := index . 0 -}}
{{- printf "%s-%s" (include "rp.fullname" $root | trunc 45 | trimSuffix "-") (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "rp.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/part-of: {{ include "rp.name" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Labels of a release-wide object (no app component). */}}
{{- define "rp.releaseLabels" -}}
{{ include "rp.labels" . }}
app.kubernetes.io/name: {{ include "rp.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Selector labels of one app. Usage: include "rp.selectorLabels" (list $ "loader") */}}
{{- define "rp.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "rp.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/* One app's settings: appDefaults deep-merged with apps.<name>, as YAML. Usage: include "rp.app" (list $ "loader") | fromYaml */}}
{{- define "rp.app" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- $own := index $root.Values.apps $name | default dict -}}
{{- toYaml (mergeOverwrite (deepCopy $root.Values.appDefaults) (deepCopy $own)) -}}
{{- end -}}

{{/* Full image reference. Usage: include "rp.image" (list $ "loader") */}}
{{- define "rp.image" -}}
{{- $root := index . 0 -}}
{{- $img := $root.Values.image -}}
{{- $repo := printf "%s/%s" $img.repositoryPrefix (index . 1) | trimPrefix "/" -}}
{{- if $img.registry -}}{{- $repo = printf "%s/%s" $img.registry $repo -}}{{- end -}}
{{- printf "%s:%s" $repo (default $root.Chart.AppVersion $img.tag) -}}
{{- end -}}

{{- define "rp.secretName" -}}
{{- default (printf "%s-secrets" (include "rp.fullname" .)) .Values.existingSecret -}}
{{- end -}}

{{- define "rp.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "rp.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Largest partition count among an app's topics: more consumers than that would idle. Usage: include "rp.partitions" (list $ $app) */}}
{{- define "rp.partitions" -}}
{{- $root := index . 0 -}}
{{- $p := $root.Values.kafka.partitions -}}
{{- $max := 0 -}}
{{- range (index . 1).topics -}}
{{- $n := int (default $p.default (index ($p.byTopic | default dict) .)) -}}
{{- if gt $n $max -}}{{- $max = $n -}}{{- end -}}
{{- end -}}
{{- $max -}}
{{- end -}}

{{/*
Secret settings of one app's container, by reference only: (list $ appName). The internet-facing events-gateway
gets DATABASE_URL but never SECRETS_KEY (it reads the tenant directory view, which holds no secret).
*/}}
{{- define "rp.secretEnv" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- $own := index $root.Values.databaseUrlSecrets $name }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      {{- if $own }}
      # this app's own PostgreSQL role (`ops db roles`)
      name: {{ $own }}
      key: DATABASE_URL
      {{- else }}
      name: {{ include "rp.secretName" $root }}
      key: {{ $root.Values.existingSecretKeys.databaseUrl }}
      {{- end }}
{{- if ne $name "events-gateway" }}
- name: SECRETS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "rp.secretName" $root }}
      key: {{ $root.Values.existingSecretKeys.secretsKey }}
{{- end }}
{{- include "rp.kafkaSecretEnv" $root }}
{{- end -}}

{{/* The Kafka SASL password and the registry password, from the Secrets named in values (never from values). */}}
{{- define "rp.kafkaSecretEnv" -}}
{{- $k := .Values.kafka.security -}}
{{- if hasPrefix "SASL_" $k.protocol }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $k.existingSecret }}
      key: sasl-password
{{- end }}
{{- if .Values.schemaRegistry.username }}
- name: SCHEMA_REGISTRY_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.schemaRegistry.existingSecret }}
      key: password
{{- end }}
{{- end -}}

{{/* Read-only mounts of the Kafka and registry PEM files (CA, client certificate), when configured. */}}
{{- define "rp.tlsVolumeMounts" -}}
{{- if or .Values.kafka.security.caCert .Values.kafka.security.clientCert }}
- name: kafka-tls
  mountPath: /etc/rostering/kafka
  readOnly: true
{{- end }}
{{- if .Values.schemaRegistry.caCert }}
- name: schema-registry-tls
  mountPath: /etc/rostering/schema-registry
  readOnly: true
{{- end }}
{{- end -}}

{{- define "rp.tlsVolumes" -}}
{{- $k := .Values.kafka.security -}}
{{- if or $k.caCert $k.clientCert }}
- name: kafka-tls
  secret:
    secretName: {{ $k.existingSecret }}
    items:
      {{- if $k.caCert }}
      - { key: ca.crt, path: ca.crt }
      {{- end }}
      {{- if $k.clientCert }}
      - { key: tls.crt, path: tls.crt }
      - { key: tls.key, path: tls.key }
      {{- end }}
{{- end }}
{{- if .Values.schemaRegistry.caCert }}
- name: schema-registry-tls
  secret:
    secretName: {{ .Values.schemaRegistry.existingSecret }}
    items:
      - { key: ca.crt, path: ca.crt }
{{- end }}
{{- end -}}

{{/* Non-secret connection settings shared by every app. */}}
{{- define "rp.commonConfig" -}}
KAFKA_BROKERS: {{ .Values.kafka.brokers | quote }}
{{- $k := .Values.kafka.security }}
KAFKA_SECURITY_PROTOCOL: {{ $k.protocol | quote }}
{{- if hasPrefix "SASL_" $k.protocol }}
KAFKA_SASL_MECHANISM: {{ $k.saslMechanism | quote }}
KAFKA_SASL_USERNAME: {{ $k.saslUsername | quote }}
{{- end }}
{{- if $k.caCert }}
KAFKA_SSL_CA_FILE: /etc/rostering/kafka/ca.crt
{{- end }}
{{- if $k.clientCert }}
KAFKA_SSL_CERT_FILE: /etc/rostering/kafka/tls.crt
KAFKA_SSL_KEY_FILE: /etc/rostering/kafka/tls.key
{{- end }}
SCHEMA_REGISTRY_URL: {{ .Values.schemaRegistry.url | quote }}
{{- with .Values.schemaRegistry.username }}
SCHEMA_REGISTRY_USERNAME: {{ . | quote }}
{{- end }}
{{- if .Values.schemaRegistry.caCert }}
SCHEMA_REGISTRY_CA_FILE: /etc/rostering/schema-registry/ca.crt
{{- end }}
LOG_LEVEL: {{ .Values.observability.logLevel | quote }}
HTTP_HOST: "0.0.0.0"
{{- with .Values.observability.otlpEndpoint }}
OTEL_EXPORTER_OTLP_ENDPOINT: {{ . | quote }}
{{- end }}
{{- end -}}
