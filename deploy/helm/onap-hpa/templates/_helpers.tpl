{{/*
Helpers named and behaving like OOM's common chart (kubernetes/common/common/templates), re-implemented
here so that this chart stands alone: common.name, common.release, common.fullname, common.namespace,
common.labels, the repository and flavor resolution.
*/}}

{{/* The chart's name (nameOverride wins), as common.name. */}}
{{- define "onap-hpa.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release, as common.release: OOM's deploy plugin names sub-releases "<release>-<chart>". */}}
{{- define "onap-hpa.release" -}}
{{- first (regexSplit "-" .Release.Name -1) -}}
{{- end -}}

{{/* "<release>-<name>", as common.fullname. */}}
{{- define "onap-hpa.fullname" -}}
{{- printf "%s-%s" (include "onap-hpa.release" .) (include "onap-hpa.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The namespace of every object: nsPrefix, else the release's (never a fixed one), as common.namespace. */}}
{{- define "onap-hpa.namespace" -}}
{{- default .Release.Namespace .Values.nsPrefix -}}
{{- end -}}

{{- define "onap-hpa.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every object, as common.labels. */}}
{{- define "onap-hpa.labels" -}}
app.kubernetes.io/name: {{ include "onap-hpa.name" . }}
helm.sh/chart: {{ include "onap-hpa.chart" . }}
app.kubernetes.io/instance: {{ include "onap-hpa.release" . }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: sync
{{- end -}}

{{/* The image: repositoryOverride > global.repository, then `image` (name:tag), whose tag must be pinned. */}}
{{- define "onap-hpa.image" -}}
{{- $image := required "image (name:tag) is required" .Values.image -}}
{{- $last := last (splitList "/" $image) -}}
{{- if not (or (contains "@" $last) (contains ":" $last)) -}}
{{- fail (printf "image %q has no tag: pin one (name:tag or name@sha256:...)" $image) -}}
{{- end -}}
{{- if hasSuffix ":latest" $image -}}
{{- fail (printf "image %q: pin a release tag, not latest" $image) -}}
{{- end -}}
{{- $global := .Values.global | default dict -}}
{{- $repository := default $global.repository .Values.repositoryOverride -}}
{{- if $repository -}}
{{- printf "%s/%s" (trimSuffix "/" $repository) $image -}}
{{- else -}}
{{- $image -}}
{{- end -}}
{{- end -}}

{{- define "onap-hpa.pullPolicy" -}}
{{- $global := .Values.global | default dict -}}
{{- default .Values.pullPolicy $global.pullPolicy -}}
{{- end -}}

{{/* Resources of the chosen flavor: flavorOverride > global.flavor > flavor, as common.resources. */}}
{{- define "onap-hpa.resources" -}}
{{- $global := .Values.global | default dict -}}
{{- $flavor := .Values.flavorOverride | default $global.flavor | default .Values.flavor -}}
{{- if not (hasKey .Values.resources $flavor) -}}
{{- fail (printf "flavor %q is not one of resources: %s" $flavor (keys .Values.resources | sortAlpha | join ", ")) -}}
{{- end -}}
{{- toYaml (index .Values.resources $flavor) -}}
{{- end -}}

{{/* A DNS-1123 slug of a region: "<owner>-<region>", lower case, other characters as "-". */}}
{{- define "onap-hpa.regionSlug" -}}
{{- $raw := printf "%s-%s" .cloudOwner .cloudRegionId | lower -}}
{{- regexReplaceAll "[^a-z0-9-]+" $raw "-" | trimAll "-" -}}
{{- end -}}

{{/*
The CronJob name of a region: "<fullname>-<slug>" cut to 43 characters, then "-" and 8 hex digits of the
region's hash, so that names stay unique after the cut; 52 characters at most (a CronJob's limit).
Takes (dict "root" $ "region" $region).
*/}}
{{- define "onap-hpa.regionJobName" -}}
{{- $base := printf "%s-%s" (include "onap-hpa.fullname" .root) (include "onap-hpa.regionSlug" .region) | trunc 43 | trimSuffix "-" -}}
{{- printf "%s-%s" $base (printf "%s/%s" .region.cloudOwner .region.cloudRegionId | sha256sum | trunc 8) -}}
{{- end -}}

{{/*
A CA bundle as a volume: (dict "name" volume-name "bundle" .Values.x.caBundle). Renders nothing when
the bundle names no Secret and no ConfigMap.
*/}}
{{- define "onap-hpa.caVolume" -}}
{{- $bundle := .bundle | default dict -}}
{{- if and $bundle.secret $bundle.configMap -}}
{{- fail (printf "%s: give caBundle.secret or caBundle.configMap, not both" .name) -}}
{{- end -}}
{{- if $bundle.secret }}
- name: {{ .name }}
  secret:
    secretName: {{ $bundle.secret }}
    items:
      - key: {{ $bundle.key | default "ca.crt" }}
        path: ca.crt
{{- else if $bundle.configMap }}
- name: {{ .name }}
  configMap:
    name: {{ $bundle.configMap }}
    items:
      - key: {{ $bundle.key | default "ca.crt" }}
        path: ca.crt
{{- end }}
{{- end -}}

{{- define "onap-hpa.hasCa" -}}
{{- $bundle := . | default dict -}}
{{- if or $bundle.secret $bundle.configMap -}}true{{- end -}}
{{- end -}}

{{/* An env entry whose value comes from a key of an existing Secret. */}}
{{- define "onap-hpa.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .key }}
{{- end -}}

{{/*
The sync container and pod spec shared by every CronJob. Takes (dict "root" $ "region" $region-or-nil
"name" job-name); a nil region is the all-regions job.
*/}}
{{- define "onap-hpa.jobTemplate" -}}
{{- $root := .root -}}
{{- $region := .region -}}
{{- $values := $root.Values -}}
{{- $caRoot := "/etc/onap-hpa/ca" -}}
{{- $aaiUrl := tpl $values.aai.url $root -}}
{{- if and (hasPrefix "https:" $aaiUrl) (not (include "onap-hpa.hasCa" $values.aai.caBundle)) -}}
{{- fail (printf "aai.url %s is https: set aai.caBundle.secret or aai.caBundle.configMap to the CA that signed AAI's certificate" $aaiUrl) -}}
{{- end -}}
{{- $creds := required "aai.credsExternalSecret: name the existing Secret with AAI's user and password" $values.aai.credsExternalSecret -}}
{{- $vim := dict -}}
{{- if $region -}}{{- $vim = $region.vim | default dict -}}{{- end -}}
{{- $vesUrl := tpl ($values.ves.url | default "") $root -}}
{{- $stateName := "all-regions" -}}
{{- if $region -}}{{- $stateName = include "onap-hpa.regionSlug" $region -}}{{- end -}}
spec:
  backoffLimit: {{ $values.backoffLimit }}
  activeDeadlineSeconds: {{ $values.activeDeadlineSeconds }}
  template:
    metadata:
      labels:
        {{- include "onap-hpa.labels" $root | nindent 8 }}
        {{- if $region }}
        onap-hpa/cloud-region: {{ include "onap-hpa.regionSlug" $region | trunc 63 | trimSuffix "-" }}
        {{- end }}
      {{- with $values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      restartPolicy: Never
      automountServiceAccountToken: false
      {{- with $values.podSecurityContext }}
      securityContext:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.imagePullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ tpl . $root }}
        {{- end }}
      {{- end }}
      {{- with $values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: sync
          image: {{ include "onap-hpa.image" $root }}
          imagePullPolicy: {{ include "onap-hpa.pullPolicy" $root }}
          command: ["onap-hpa", "sync"]
          args:
            - --json
            - --no-progress
            - --log-format
            - {{ $values.sync.logFormat | quote }}
            {{- range until (int $values.sync.verbosity) }}
            - -v
            {{- end }}
            {{- if not $region }}
            - --all-regions
            {{- end }}
            {{- range $values.sync.extraArgs }}
            - {{ . | quote }}
            {{- end }}
          env:
            - name: ONAP_HPA_AAI_URL
              value: {{ $aaiUrl | quote }}
            - name: ONAP_HPA_AAI_VERSION
              value: {{ $values.aai.version | quote }}
            - name: ONAP_HPA_AAI_APP_ID
              value: {{ $values.aai.appId | quote }}
            {{- include "onap-hpa.secretEnv" (dict "name" "ONAP_HPA_AAI_USER" "secret" $creds "key" $values.aai.userKey) | nindent 12 }}
            {{- include "onap-hpa.secretEnv" (dict "name" "ONAP_HPA_AAI_PASSWORD" "secret" $creds "key" $values.aai.passwordKey) | nindent 12 }}
            {{- if include "onap-hpa.hasCa" $values.aai.caBundle }}
            - name: ONAP_HPA_AAI_CACERT
              value: {{ printf "%s/aai/ca.crt" $caRoot }}
            {{- end }}
            {{- if $region }}
            - name: ONAP_HPA_CLOUD_OWNER
              value: {{ required "regions[].cloudOwner is required" $region.cloudOwner | quote }}
            - name: ONAP_HPA_CLOUD_REGION_ID
              value: {{ required "regions[].cloudRegionId is required" $region.cloudRegionId | quote }}
            {{- end }}
            - name: ONAP_HPA_FLAVOR_PREFIX
              value: {{ $values.sync.flavorPrefix | quote }}
            - name: ONAP_HPA_SYNC_WORKERS
              value: {{ $values.sync.workers | quote }}
            - name: ONAP_HPA_HTTP_TIMEOUT
              value: {{ $values.sync.httpTimeout | quote }}
            {{- with $values.sync.drivers }}
            - name: ONAP_HPA_DRIVERS
              value: {{ . | quote }}
            {{- end }}
            {{- if $vesUrl }}
            - name: ONAP_HPA_VES_URL
              value: {{ $vesUrl | quote }}
            {{- with $values.ves.credsExternalSecret }}
            {{- include "onap-hpa.secretEnv" (dict "name" "ONAP_HPA_VES_USER" "secret" . "key" $values.ves.userKey) | nindent 12 }}
            {{- include "onap-hpa.secretEnv" (dict "name" "ONAP_HPA_VES_PASSWORD" "secret" . "key" $values.ves.passwordKey) | nindent 12 }}
            {{- end }}
            {{- if include "onap-hpa.hasCa" $values.ves.caBundle }}
            - name: ONAP_HPA_VES_CACERT
              value: {{ printf "%s/ves/ca.crt" $caRoot }}
            {{- end }}
            {{- end }}
            {{- if $values.alarmState.existingClaim }}
            - name: ONAP_HPA_ALARM_STATE
              value: {{ printf "%s/alarms/%s.json" (trimSuffix "/" $values.alarmState.mountPath) $stateName | quote }}
            {{- end }}
            {{- if $vim }}
            {{- range $key, $variable := dict "authUrl" "OS_AUTH_URL" "username" "OS_USERNAME" "projectName" "OS_PROJECT_NAME" "userDomainName" "OS_USER_DOMAIN_NAME" "projectDomainName" "OS_PROJECT_DOMAIN_NAME" "regionName" "OS_REGION_NAME" "interface" "OS_INTERFACE" }}
            {{- with index $vim $key }}
            - name: {{ $variable }}
              value: {{ . | quote }}
            {{- end }}
            {{- end }}
            {{- $vimSecret := required (printf "regions[%s/%s].vim.credsExternalSecret: name the existing Secret with the VIM password" $region.cloudOwner $region.cloudRegionId) $vim.credsExternalSecret }}
            {{- include "onap-hpa.secretEnv" (dict "name" "OS_PASSWORD" "secret" $vimSecret "key" ($vim.passwordKey | default "password")) | nindent 12 }}
            {{- if include "onap-hpa.hasCa" $vim.caBundle }}
            - name: OS_CACERT
              value: {{ printf "%s/vim/ca.crt" $caRoot }}
            {{- end }}
            {{- end }}
            {{- range $name, $value := $values.sync.extraEnv }}
            {{- if contains "PASSWORD" (upper $name) }}
            {{- fail (printf "sync.extraEnv.%s: passwords come from Secrets, never from values" $name) }}
            {{- end }}
            - name: {{ $name }}
              value: {{ $value | toString | quote }}
            {{- end }}
          resources:
            {{- include "onap-hpa.resources" $root | nindent 12 }}
          {{- with $values.securityContext }}
          securityContext:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- if include "onap-hpa.hasCa" $values.aai.caBundle }}
            - name: aai-ca
              mountPath: {{ printf "%s/aai" $caRoot }}
              readOnly: true
            {{- end }}
            {{- if and $vesUrl (include "onap-hpa.hasCa" $values.ves.caBundle) }}
            - name: ves-ca
              mountPath: {{ printf "%s/ves" $caRoot }}
              readOnly: true
            {{- end }}
            {{- if and $vim (include "onap-hpa.hasCa" $vim.caBundle) }}
            - name: vim-ca
              mountPath: {{ printf "%s/vim" $caRoot }}
              readOnly: true
            {{- end }}
            {{- if $values.alarmState.existingClaim }}
            - name: alarm-state
              mountPath: {{ $values.alarmState.mountPath }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir: {}
        {{- with include "onap-hpa.caVolume" (dict "name" "aai-ca" "bundle" $values.aai.caBundle) | trim }}
        {{- . | nindent 8 }}
        {{- end }}
        {{- if $vesUrl }}
        {{- with include "onap-hpa.caVolume" (dict "name" "ves-ca" "bundle" $values.ves.caBundle) | trim }}
        {{- . | nindent 8 }}
        {{- end }}
        {{- end }}
        {{- if $vim }}
        {{- with include "onap-hpa.caVolume" (dict "name" "vim-ca" "bundle" $vim.caBundle) | trim }}
        {{- . | nindent 8 }}
        {{- end }}
        {{- end }}
        {{- with $values.alarmState.existingClaim }}
        - name: alarm-state
          persistentVolumeClaim:
            claimName: {{ . }}
        {{- end }}
{{- end -}}
