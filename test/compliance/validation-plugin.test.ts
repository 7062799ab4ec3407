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
