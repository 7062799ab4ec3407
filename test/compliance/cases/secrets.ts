import { Case } from './case';
import { CREDENTIAL_TYPES, Rng } from '../../secrets/corpus';
import { goodPod } from '../fixtures';

/** A fake credential of the named corpus type, built at test time (no token-shaped literal in the repository). */
function fake(name: string): string {
  const type = CREDENTIAL_TYPES.find(t => t.name === name)!;
  return type.build(new Rng(42)).text;
}

const configMap = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'team' }, data });

export const SECRET_CASES: Record<string, Case> = {
  'ZT-SEC6': {
    compliant: [
      goodPod(),
      configMap({ 'app.properties': 'log.level=info\nimage=registry.example.com/app@sha256:' + 'ab'.repeat(32), 'template': '{{ .password }}' }),
    ],
    nonCompliant: [
      { manifest: configMap({ token: fake('GitHub classic token') }), finding: /^data\["token"\]: GitHub .*\[fingerprint [0-9a-f]{16}\]$/ },
      { manifest: configMap({ blob: Buffer.from(Buffer.from(fake('GitHub classic token')).toString('base64')).toString('base64') }), finding: /^data\["blob"\]: .*\(base64 → base64\) \[fingerprint [0-9a-f]{16}\]$/ },
      { manifest: { ...goodPod(), metadata: { name: 'p', namespace: 'team', annotations: { 'example.com/url': fake('Redis URL password (empty user)') } } }, finding: /metadata\.annotations\["example\.com\/url"\]: .*\[fingerprint/ },
    ],
  },
};
