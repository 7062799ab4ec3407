import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { CompliancePack } from '../../src/compliance';
import { describeWithShared, SCENARIOS_DIR } from '../conformance/shared';

/** The pod rules read the init containers, sidecars and volumes an `ArgoCD` operand adds to the operator's pods. */
describe('Argo CD operand pods', () => {
  const operand = (component: any) => ({
    apiVersion: 'argoproj.io/v1beta1', kind: 'ArgoCD', metadata: { name: 'argocd', namespace: 'argocd' }, spec: { controller: component },
  });

  test('a privileged sidecar and a hostPath volume in a component are findings; the operator-owned pod fields are not judged', () => {
    const chart = Testing.chart();
    new ApiObject(chart, 'operand', operand({
      sidecarContainers: [{ name: 'debug', image: 'registry.example.com/debug@sha256:' + 'a'.repeat(64), securityContext: { privileged: true } }],
      volumes: [{ name: 'host', hostPath: { path: '/var/run' } }],
    }) as any);
    const findings = new CompliancePack().evaluate(chart).findings.map(f => `${f.ruleId} ${f.detail ?? ''}`);
    expect(findings.some(f => /controller sidecar debug/.test(f) && /privileged/i.test(f))).toBe(true);
    expect(findings.some(f => /hostPath/i.test(f))).toBe(true);
    // service account and pod security context come from the operator
    expect(findings.filter(f => /^ZT-SA1/.test(f))).toEqual([]);
  });

  test('an operand without init containers, sidecars or volumes runs no pod the pack can judge', () => {
    const chart = Testing.chart();
    new ApiObject(chart, 'operand', operand({ resources: { limits: { cpu: '1' } } }) as any);
    expect(new CompliancePack().evaluate(chart).findings).toEqual([]);
  });
});

describeWithShared('Argo CD operand of scenario S5 (reference YAML)', () => {
  test('its init containers are findings: image by tag, no security context, no resources', () => {
    const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(SCENARIOS_DIR, 'reference-yaml', '004-argocd-operand.yaml'), 'utf8')).map(d => d.toJSON());
    const chart = Testing.chart();
    docs.filter(d => d?.kind === 'ArgoCD').forEach((d, i) => new ApiObject(chart, `operand${i}`, d));
    const findings = new CompliancePack().evaluate(chart).findings.map(f => `${f.ruleId} ${f.detail ?? ''}`);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every(f => /(controller|server) initContainer/.test(f))).toBe(true);
  });
});
