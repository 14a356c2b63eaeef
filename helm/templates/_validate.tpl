{{/*
Render-time checks: a bad value set stops `helm install/upgrade/template` with a message naming the fix,
rather than deploying pods that idle, crash-loop or leak a secret into a ConfigMap.
*/}}
{{- define "rp.validate" -}}
{{- if not .Values.existingSecret -}}
{{- if or (not .Values.secrets.databaseUrl) (not .Values.secrets.secretsKey) -}}
{{- fail "set existingSecret to a Secret holding DATABASE_URL and SECRETS_KEY, or set both secrets.databaseUrl and secrets.secretsKey" -}}
{{- end -}}
{{- end -}}
{{- $k := .Values.kafka.security -}}
{{- if and (or (hasPrefix "SASL_" $k.protocol) $k.caCert $k.clientCert) (not $k.existingSecret) -}}
{{- fail "kafka.security: set existingSecret to a Secret holding sasl-password (and ca.crt / tls.crt + tls.key when caCert / clientCert are true); the chart never carries Kafka credentials in values" -}}
{{- end -}}
{{- if and (hasPrefix "SASL_" $k.protocol) (not $k.saslUsername) -}}
{{- fail (printf "kafka.security.protocol=%s needs kafka.security.saslUsername" $k.protocol) -}}
{{- end -}}
{{- if and (or $k.caCert $k.clientCert) (not (hasSuffix "SSL" $k.protocol)) -}}
{{- fail "kafka.security.caCert/clientCert need protocol SSL or SASL_SSL" -}}
{{- end -}}
{{- if and (or .Values.schemaRegistry.username .Values.schemaRegistry.caCert) (not .Values.schemaRegistry.existingSecret) -}}
{{- fail "schemaRegistry: set existingSecret to a Secret holding password (and ca.crt when caCert is true)" -}}
{{- end -}}
{{- $forbidden := list "DATABASE_URL" "SECRETS_KEY" -}}
{{- range $name, $_ := .Values.apps -}}
{{- $app := include "rp.app" (list $ $name) | fromYaml -}}
{{- if $app.enabled -}}
{{- range $key, $_ := $app.env -}}
{{- if or (has $key $forbidden) (regexMatch "(?i)(PASSWORD|SECRET|TOKEN|PRIVATE_KEY|CREDENTIAL)" $key) -}}
{{- fail (printf "apps.%s.env.%s looks like a secret and would be stored in a ConfigMap; put it in a Secret and reference it from apps.%s.extraEnv (valueFrom.secretKeyRef)" $name $key $name) -}}
{{- end -}}
{{- end -}}
{{- $mode := $app.autoscaling.mode -}}
{{- if and (ne $mode "none") (not $app.consumerGroup) (eq $mode "keda") -}}
{{- fail (printf "apps.%s.autoscaling.mode=keda needs a consumer group and topics to measure lag; use hpa or none" $name) -}}
{{- end -}}
{{- if and (ne $mode "none") $app.topics -}}
{{- $partitions := include "rp.partitions" (list $ $app) | int -}}
{{- if gt (int $app.autoscaling.maxReplicas) $partitions -}}
{{- fail (printf "apps.%s.autoscaling.maxReplicas=%d exceeds the %d partitions of its topics (kafka.partitions); extra consumers would idle — lower maxReplicas or raise kafka.partitions" $name (int $app.autoscaling.maxReplicas) $partitions) -}}
{{- end -}}
{{- end -}}
{{- if and (ne $mode "none") (gt (int $app.autoscaling.minReplicas) (int $app.autoscaling.maxReplicas)) -}}
{{- fail (printf "apps.%s.autoscaling.minReplicas exceeds maxReplicas" $name) -}}
{{- end -}}
{{- if and $app.topics (eq $mode "none") -}}
{{- $partitions := include "rp.partitions" (list $ $app) | int -}}
{{- if gt (int $app.replicas) $partitions -}}
{{- fail (printf "apps.%s.replicas=%d exceeds the %d partitions of its topics (kafka.partitions); extra consumers would idle" $name (int $app.replicas) $partitions) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
