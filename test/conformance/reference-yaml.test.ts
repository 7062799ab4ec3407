import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { checkObject } from './harness';
import { describeWithShared, SCENARIOS_DIR } from './shared';

/** The harness reports exactly the problems SCENARIOS.md lists for the S2 reference UserDefinedNetwork. */
describeWithShared('harness on the reference YAML of scenario S2', () => {
  const udn = () => YAML.parse(fs.readFileSync(path.join(SCENARIOS_DIR, 'reference-yaml', '001-udn.yaml'), 'utf8'));
  const errors = (obj: any) => checkObject(obj).findings.filter(f => f.severity === 'error').map(f => `[${f.source}] ${f.message}`);

  test('001-udn.yaml: the API group does not exist', () => {
    expect(errors(udn())).toEqual([
      '[api-version] no CRD serves kind UserDefinedNetwork in network.openshift.io/v1: UserDefinedNetwork belongs to k8s.ovn.org',
    ]);
  });

  test('001-udn.yaml with the group fixed: the hostSubnet must be longer than the CIDR prefix', () => {
    expect(errors({ ...udn(), apiVersion: 'k8s.ovn.org/v1' })).toEqual([
      '[cel] spec.layer3.subnets[0]: Invalid value: "object": HostSubnet must be smaller than CIDR subnet',
    ]);
  });

  test('001-udn.yaml fixed (a /16 network cut into /24 host subnets) conforms', () => {
    const fixed = udn();
    fixed.apiVersion = 'k8s.ovn.org/v1';
    fixed.spec.layer3.subnets[0].cidr = '10.0.0.0/16';
    expect(errors(fixed)).toEqual([]);
  });
});
