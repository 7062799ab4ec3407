import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { Resource, ResourceProps } from '../../src/common/resource';
import { b64, expectRefused, githubToken, PASSWORD } from '../literal-credentials';

/** A minimal namespaced resource. */
class Widget extends Resource {
  constructor(scope: Construct, id: string, props: ResourceProps = {}) {
    super(scope, id, { apiVersion: 'example.com/v1', kind: 'Widget', namespaced: true }, props);
  }
  public _renderSpec() {
    return {};
  }
}

const GHP = githubToken(31);

const widget = (props: ResourceProps) => () => new Widget(Testing.chart(), 'w', props);

describe('Resource metadata: label and annotation values holding a credential are refused', () => {
  test('an annotation is judged by its key; the value is never shown', () => {
    expectRefused(widget({ metadata: { annotations: { 'example.com/owner': 'team-a', 'example.com/db-password': PASSWORD } } }),
      'metadata.annotations["example.com/db-password"]', /holds a credential: password \(16 chars\)/, PASSWORD);
  });

  test('a token in any annotation or label, direct or base64-encoded', () => {
    expectRefused(widget({ metadata: { annotations: { 'example.com/note': `deployed with ${GHP}` } } }),
      'metadata.annotations["example.com/note"]', /holds a credential: GitHub token ghp_… \(40 chars\)/, GHP);
    const encoded = b64(`token=${GHP}`);
    expectRefused(widget({ metadata: { annotations: { 'example.com/config': encoded } } }),
      'metadata.annotations["example.com/config"]', /holds a credential: GitHub token .*after base64 decoding/, encoded);
    const token = PASSWORD.replace(/[^A-Za-z0-9]/g, 'x');
    expectRefused(widget({ metadata: { labels: { 'example.com/token': token } } }), 'metadata.labels["example.com/token"]', /holds a credential: token/, token);
  });

  test('refused before the label syntax check, whose message would quote the value', () => {
    expectRefused(widget({ metadata: { labels: { team: `${GHP}!` } } }), 'metadata.labels["team"]', /holds a credential/, GHP);
  });

  test('annotations and labels people really write pass', () => {
    expect(widget({
      metadata: {
        labels: { 'app.kubernetes.io/name': 'app', 'example.com/token-rotation': 'enabled', 'pod-template-hash': '5d4f8c7b9' },
        annotations: {
          'vault.hashicorp.com/agent-inject-secret-db': 'database/creds/app',
          'example.com/password-secret': 'db-credentials',
          'example.com/image': `registry.example.com/app@sha256:${'4f2504e0'.repeat(8)}`,
          'example.com/request-id': '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
          'example.com/template': '{{ .password }}',
          'argocd.argoproj.io/sync-options': 'ServerSideApply=true',
          'kubernetes.io/description': 'Reads its database password from /etc/db/password, rotated by Vault.',
        },
      },
    })).not.toThrow();
  });
});
