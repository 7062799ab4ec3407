import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Compliance, ComplianceValidation, IValidationContext, ValidationViolation } from '../../src/compliance';

/** A stand-in for cdk8s-cli's ValidationContext, recording what the plugin reports. */
interface FakeContext {
  readonly context: IValidationContext;
  readonly violations: ValidationViolation[];
  readonly status: () => string | undefined;
  readonly logs: string[];
}

function fakeContext(files: Record<string, string>): FakeContext {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-validate-'));
  const manifests = Object.entries(files).map(([name, yaml]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, yaml);
    return file;
  });
  const violations: ValidationViolation[] = [];
  const logs: string[] = [];
  let submitted: string | undefined;
  const context: IValidationContext = {
    manifests,
    report: {
      addViolation: v => {
        if (submitted) throw new Error('Violations cannot be added to report after its submitted');
        violations.push(v);
      },
      submit: s => { submitted = s; },
    },
    logger: { log: m => logs.push(m) },
  };
  return { context, violations, status: () => submitted, logs };
}

const BAD_ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: everything
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
  - apiGroups: [""]
    resources: ["users"]
    verbs: ["impersonate"]
`;
const TAGGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: app
  namespace: team
spec:
  serviceAccountName: app
  automountServiceAccountToken: false
  securityContext: { runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }
  containers:
    - name: app
      image: registry.example.com/app:1.2.3
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: [ALL] } }
      resources: { requests: { cpu: 100m, memory: 64Mi }, limits: { memory: 128Mi } }
`;

test('reports errors as violations and fails', async () => {
  const { context, violations, status, logs } = fakeContext({ 'rbac.k8s.yaml': BAD_ROLE, 'pod.k8s.yaml': TAGGED_POD });
  await new ComplianceValidation().validate(context);
  expect(status()).toBe('failure');
  const wildcard = violations.find(v => v.ruleName === 'ZT-RBAC2')!;
  expect(wildcard.recommendation).toBe('role uses a wildcard');
  expect(wildcard.fix).toMatch(/^replace each \* with the API groups, resources and verbs needed\. .*List them explicitly/);
  expect(wildcard.violatingResources).toEqual([{
    resourceName: 'everything',
    manifestPath: context.manifests[0],
    locations: ['ClusterRole everything: rules[0]: * in apiGroups, resources, verbs'],
  }]);
  // every verb on every resource: the wildcard, and each escalation path it grants
  const escalations = ['ZT-RBAC3', 'ZT-RBAC4', 'ZT-RBAC7', 'ZT-RBAC8', 'ZT-RBAC9', 'ZT-RBAC10', 'ZT-RBAC11', 'ZT-RBAC12', 'ZT-RBAC13'];
  expect(violations.map(v => v.ruleName).sort()).toEqual(['ZT-IMG2 (warning)', 'ZT-RBAC2', ...escalations].sort());
  expect(logs[0]).toMatch(/11 unacknowledged finding\(s\) in 2 manifest file\(s\)/);
});

test('warnings alone succeed', async () => {
  const { context, violations, status } = fakeContext({ 'pod.k8s.yaml': TAGGED_POD });
  await new ComplianceValidation().validate(context);
  expect(status()).toBe('success');
  expect(violations.map(v => v.ruleName)).toEqual(['ZT-IMG2 (warning)']);
});

test('failOnWarnings fails on warnings', async () => {
  const { context, status } = fakeContext({ 'pod.k8s.yaml': TAGGED_POD });
  await new ComplianceValidation({ failOnWarnings: true }).validate(context);
  expect(status()).toBe('failure');
});

test('honours acknowledgement annotations and excluded rules', async () => {
  const acknowledged = BAD_ROLE.replace('  name: everything\n', `  name: everything\n  annotations:\n    ${Compliance.ANNOTATION}: '{"ZT-RBAC2":"break-glass role, bound to nobody","ZT-RBAC3":"break-glass role, bound to nobody"}'\n`);
  const { context, violations, status } = fakeContext({ 'rbac.k8s.yaml': acknowledged });
  await new ComplianceValidation({ excludeRules: ['ZT-RBAC4', 'ZT-RBAC7', 'ZT-RBAC8', 'ZT-RBAC9', 'ZT-RBAC10', 'ZT-RBAC11', 'ZT-RBAC12', 'ZT-RBAC13'], trustAnnotatedAcknowledgements: true }).validate(context);
  expect(violations).toEqual([]);
  expect(status()).toBe('success');
});

test('without trustAnnotatedAcknowledgements an annotation acknowledges nothing and is a violation', async () => {
  const acknowledged = TAGGED_POD.replace('  name: app\n', `  name: app\n  annotations:\n    ${Compliance.ANNOTATION}: '{"ZT-IMG2":"the registry does not serve digests yet"}'\n`);
  const { context, violations, status } = fakeContext({ 'pod.k8s.yaml': acknowledged });
  await new ComplianceValidation().validate(context);
  expect(status()).toBe('failure');
  expect(violations.map(v => v.ruleName)).toEqual(['ZT-IMG2 (warning)', 'ZT-ACK1']);
});

describe('the files are checked as one output, as the App is', () => {
  const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n';
  const DENY_ALL = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-all\n  namespace: team\n'
    + 'spec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n';

  test('a Namespace and its default-deny policy in different files pass ZT-NET2', async () => {
    const { context, violations } = fakeContext({ 'namespaces.k8s.yaml': NAMESPACE, 'team.k8s.yaml': DENY_ALL });
    await new ComplianceValidation().validate(context);
    expect(violations.map(v => v.ruleName)).not.toContain('ZT-NET2');
  });

  test('without the policy the finding names the file that holds the Namespace', async () => {
    const { context, violations, logs } = fakeContext({ 'team.k8s.yaml': TAGGED_POD, 'namespaces.k8s.yaml': NAMESPACE });
    await new ComplianceValidation().validate(context);
    const net = violations.find(v => v.ruleName === 'ZT-NET2')!;
    expect(net.violatingResources).toEqual([{ resourceName: 'team', manifestPath: context.manifests[1], locations: [expect.stringMatching(/^Namespace team: /)] }]);
    // the pod's findings stay with the pod's file
    expect(violations.find(v => v.ruleName === 'ZT-IMG2 (warning)')!.violatingResources.map(r => r.manifestPath)).toEqual([context.manifests[0]]);
    expect(logs[0]).toMatch(/in 2 manifest file\(s\)/);
  });

  test('a role in one file and its binding in another are judged together', async () => {
    const binding = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: everyone\n'
      + 'roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: everything }\n'
      + 'subjects: [{ kind: Group, apiGroup: rbac.authorization.k8s.io, name: "system:authenticated" }]\n';
    const alone = fakeContext({ 'binding.k8s.yaml': binding });
    await new ComplianceValidation().validate(alone.context);
    const together = fakeContext({ 'rbac.k8s.yaml': BAD_ROLE, 'binding.k8s.yaml': binding });
    await new ComplianceValidation().validate(together.context);
    // the binding grants cluster-admin-like power only when the role it names is known
    const bindingRules = (v: ValidationViolation[], file: string) =>
      v.filter(x => x.violatingResources.some(r => r.manifestPath === file)).map(x => x.ruleName);
    const withRole = bindingRules(together.violations, together.context.manifests[1]);
    expect(withRole.length).toBeGreaterThan(bindingRules(alone.violations, alone.context.manifests[0]).length);
  });
});
