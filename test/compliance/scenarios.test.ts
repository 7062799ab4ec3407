import * as fs from 'fs';
import * as path from 'path';
import { Include, Testing } from 'cdk8s';
import { goodPod, goodTask, podWith } from './fixtures';
import { ComplianceReport, CompliancePack, RuleCompliance } from '../../src/compliance';
import { ALL_RULES } from '../../src/compliance/rules';
import { evaluateKyverno, loadKyvernoPolicies } from '../conformance/kyverno';
import { describeWithShared, KYVERNO_DIR, SCENARIOS_DIR } from '../conformance/shared';

/**
 * The least-privilege problems SCENARIOS.md lists for the reference YAML, as the findings that must report
 * them: [scenario, what SCENARIOS.md says, rule, resource].
 */
const EXPECTED: [string, string, string, string][] = [
  ['S2', 'namespace needs the primary-user-defined-network label', 'ZT-NET1', 'UserDefinedNetwork ci-cd-secure/secure-pipeline-net'],
  ['S2', 'image: ...:latest', 'ZT-IMG1', 'Task flyway-migration'],
  ['S2', 'no securityContext: privilege escalation', 'ZT-POD1', 'Task flyway-migration'],
  ['S2', 'no securityContext: drop ALL', 'ZT-POD3', 'Task flyway-migration'],
  ['S2', 'no securityContext: non-root', 'ZT-POD4', 'Task flyway-migration'],
  ['S2', 'no securityContext: seccomp RuntimeDefault', 'ZT-POD5', 'Task flyway-migration'],
  ['S2', 'no securityContext: read-only root filesystem', 'ZT-POD8', 'Task flyway-migration'],
  ['S2', 'no resources', 'ZT-POD9', 'Task flyway-migration'],
  ['S3', 'AWS store with static access keys in a Secret', 'ZT-ESO2', 'SecretStore my-app/aws-secrets'],
  ['S3', 'ClusterSecretStore without conditions', 'ZT-ESO1', 'ClusterSecretStore vault-backend'],
  ['S3', 'ClusterExternalSecret reads through the unscoped store', 'ZT-ESO4', 'ClusterExternalSecret shared-tls-cert'],
  ['S5', 'binding to cluster-admin', 'ZT-RBAC1', 'ClusterRoleBinding ztwim-gitops-admins'],
  ['S5', 'cluster Secret sets tlsClientConfig.insecure: true', 'ZT-ARGO1', 'Secret ztwim-gitops/spoke-cluster'],
  ['S5', 'usernames taken without a prefix', 'ZT-ID3', 'Authentication cluster'],
];

describeWithShared('compliance pack on the reference scenarios', () => {
  const dir = path.join(SCENARIOS_DIR, 'reference-yaml');
  let report: ComplianceReport;

  beforeAll(() => {
    const chart = Testing.chart();
    for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.yaml')).sort()) {
      new Include(chart, file, { url: path.join(dir, file) });
    }
    report = new CompliancePack().evaluate(chart);
    // eslint-disable-next-line no-console
    console.log(`compliance report of ${dir}:\n${report.toText()}`);
  });

  test.each(EXPECTED)('%s: %s (%s on %s)', (_scenario, _problem, ruleId, resource) => {
    expect(report.findings.filter(f => f.ruleId === ruleId && f.resource === resource)).not.toEqual([]);
  });

  // not among SCENARIOS.md's least-privilege problems, but S5's Application does deploy through the default project
  test('S5: Application in project default (ZT-ARGO3, warning)', () => {
    expect(report.warnings.filter(f => f.ruleId === 'ZT-ARGO3').map(f => f.resource)).toEqual(['Application ztwim-gitops/gitops-helm-quarkus']);
  });

  test('the report', () => {
    expect(report.toJson()).toMatchSnapshot();
  });
});

/** Which upstream Kyverno policies each of our rules mirrors (metadata.name of the policies in ../shared). */
const KYVERNO_POLICIES: Record<string, string[]> = {
  'ZT-POD1': ['disallow-privilege-escalation'],
  'ZT-POD2': ['disallow-privileged-containers'],
  'ZT-POD3': ['disallow-capabilities-strict', 'drop-all-capabilities'],
  'ZT-POD4': ['require-run-as-nonroot', 'require-run-as-non-root-user'],
  'ZT-POD5': ['restrict-seccomp-strict', 'restrict-seccomp'],
  'ZT-POD6': ['restrict-volume-types', 'disallow-host-path'],
  'ZT-POD7': ['disallow-host-namespaces', 'disallow-host-ports'],
  'ZT-POD8': ['require-ro-rootfs'],
  'ZT-POD9': ['require-requests-limits'],
  'ZT-POD10': ['restrict-sysctls', 'disallow-selinux', 'disallow-host-process', 'disallow-proc-mount'],
  'ZT-IMG1': ['disallow-latest-tag'],
  'ZT-IMG2': ['require-image-checksum'],
  'ZT-SEC1': ['secrets-not-from-env-vars'],
  'ZT-RBAC1': ['restrict-binding-clusteradmin'],
  'ZT-RBAC2': ['restrict-wildcard-verbs', 'restrict-wildcard-resources'],
  'ZT-RBAC3': ['restrict-secret-role-verbs'],
  'ZT-RBAC4': ['restrict-escalation-verbs-roles'],
  'ZT-RBAC5': ['restrict-binding-system-groups'],
};

const rbac = (kind: string, rules: any[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name: 'r', namespace: 'team' }, rules });
const crb = (role: string, subject: string) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: 'b' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
  subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: subject }],
});

const SAMPLES: Record<string, any> = {
  'good pod': goodPod(),
  'good task': goodTask(),
  'privilege escalation unset': podWith(c => delete c.securityContext.allowPrivilegeEscalation),
  'privileged': podWith(c => { c.securityContext.privileged = true; }),
  'capabilities not dropped': podWith(c => delete c.securityContext.capabilities),
  'SYS_ADMIN added': podWith(c => { c.securityContext.capabilities.add = ['SYS_ADMIN']; }),
  'runAsNonRoot unset': goodPod('x', s => { delete s.securityContext.runAsNonRoot; delete s.containers[0].securityContext.runAsNonRoot; }),
  'runAsUser 0': podWith(c => { c.securityContext.runAsUser = 0; }),
  'seccomp unset': goodPod('x', s => { delete s.securityContext.seccompProfile; delete s.containers[0].securityContext.seccompProfile; }),
  'seccomp Unconfined': podWith(c => { c.securityContext.seccompProfile = { type: 'Unconfined' }; }),
  'hostPath volume': goodPod('x', s => { s.volumes = [{ name: 'h', hostPath: { path: '/var' } }]; }),
  'image volume': goodPod('x', s => { s.volumes = [{ name: 'i', image: { reference: 'registry.example.com/data:1' } }]; }),
  'hostNetwork': goodPod('x', s => { s.hostNetwork = true; }),
  'hostPort': podWith(c => { c.ports = [{ containerPort: 80, hostPort: 80 }]; }),
  'writable root filesystem': podWith(c => { c.securityContext.readOnlyRootFilesystem = false; }),
  'no resources': podWith(c => delete c.resources),
  'unsafe sysctl': goodPod('x', s => { s.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }]; }),
  'SELinux user': podWith(c => { c.securityContext.seLinuxOptions = { user: 'system_u' }; }),
  'unmasked proc': podWith(c => { c.securityContext.procMount = 'Unmasked'; }),
  'Windows host process (pod level)': goodPod('x', s => { s.securityContext.windowsOptions = { hostProcess: true }; s.hostNetwork = true; }),
  'Windows host process (container)': podWith(c => { c.securityContext.windowsOptions = { hostProcess: true }; }),
  'latest tag': podWith(c => { c.image = 'nginx:latest'; }),
  'no tag': podWith(c => { c.image = 'nginx'; }),
  'registry port, no tag': podWith(c => { c.image = 'registry.example.com:5000/nginx'; }),
  'tag without digest': podWith(c => { c.image = 'nginx:1.27'; }),
  'secretKeyRef env': podWith(c => { c.env = [{ name: 'PW', valueFrom: { secretKeyRef: { name: 'db', key: 'pw' } } }]; }),
  'envFrom secretRef': podWith(c => { c.envFrom = [{ secretRef: { name: 'db' } }]; }),
  'task without securityContext': goodTask(s => { delete s.stepTemplate; s.steps[0].image = 'flyway/flyway:latest'; }),
  'cluster-admin binding': crb('cluster-admin', 'team'),
  'system:masters binding': crb('view', 'system:masters'),
  'wildcard role': rbac('ClusterRole', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]),
  'secret get with resourceNames': rbac('Role', [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['db'], verbs: ['get'] }]),
  'secret list': rbac('Role', [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }]),
  'bind on clusterroles': rbac('ClusterRole', [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind'] }]),
  'impersonate users': rbac('ClusterRole', [{ apiGroups: [''], resources: ['users'], verbs: ['impersonate'] }]),
};

/**
 * Where our verdict differs from the upstream policy on purpose, keyed `sample / rule`: the PSS reference
 * implementation or the project's promise is stricter, or the policy lags PSS.
 */
const DIVERGENCES: Record<string, string> = {
  'seccomp unset / ZT-POD5': 'PSS restricted requires a profile; the Kyverno CEL port accepts unset (PROVENANCE.md quirk)',
  'task without securityContext / ZT-POD5': 'the same quirk on the Tekton step',
  'wildcard role / ZT-RBAC3': 'a * resource and verb reads Secrets too; restrict-secret-role-verbs only matches the literal secrets',
  'Windows host process (pod level) / ZT-POD10': 'PSA checks the pod-level windowsOptions too; the CEL port of disallow-host-process reads containers only',
  'image volume / ZT-POD6': 'PSA allows image volumes; restrict-volume-types lags it',
  'registry port, no tag / ZT-IMG1': 'disallow-latest-tag only looks for a colon, which the registry port supplies',
  'secret get with resourceNames / ZT-RBAC3': 'get on named Secrets is the least-privilege grant; restrict-secret-role-verbs ignores resourceNames',
  'impersonate users / ZT-RBAC4': 'restrict-escalation-verbs-roles only looks at roles/clusterroles resources; impersonate applies to users, groups and service accounts',
};

describeWithShared('pod and RBAC rules agree with the upstream Kyverno policies', () => {
  const policies = loadKyvernoPolicies(KYVERNO_DIR);

  test('every mapped policy exists', () => {
    const names = policies.map(p => p.name);
    expect(Object.values(KYVERNO_POLICIES).flat().filter(n => !names.includes(n))).toEqual([]);
  });

  test('verdicts agree except for the documented divergences', () => {
    const rows: string[][] = [];
    const disagreements: string[] = [];
    for (const [sample, manifest] of Object.entries(SAMPLES)) {
      const failedPolicies = new Set(evaluateKyverno(manifest, policies).map(f => f.policy));
      for (const [ruleId, policyNames] of Object.entries(KYVERNO_POLICIES)) {
        const rule = ALL_RULES.find(r => r.id === ruleId)!;
        const result = rule.check(manifest, [manifest]);
        if (result.compliance === RuleCompliance.NOT_APPLICABLE) continue;
        const ours = result.compliance === RuleCompliance.NON_COMPLIANT ? 'fail' : 'pass';
        const failing = policyNames.filter(p => failedPolicies.has(p));
        const theirs = failing.length > 0 ? 'fail' : 'pass';
        const key = `${sample} / ${ruleId}`;
        if (ours !== theirs) disagreements.push(key);
        if (ours === 'fail' || theirs === 'fail') {
          rows.push([sample, ruleId, ours, `${theirs}${failing.length ? ` (${failing.join(', ')})` : ''}`, ours === theirs ? 'agree' : DIVERGENCES[key] ?? 'UNEXPECTED']);
        }
      }
    }
    // eslint-disable-next-line no-console
    console.log(['| sample | rule | ours | Kyverno | verdict |', '| --- | --- | --- | --- | --- |', ...rows.map(r => `| ${r.join(' | ')} |`)].join('\n'));
    expect(disagreements.sort()).toEqual(Object.keys(DIVERGENCES).sort());
  });
});
