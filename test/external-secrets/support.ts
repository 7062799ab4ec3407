import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { ISecretStore, SecretStoreKind } from '../../src/external-secrets';

export interface FakeStoreProps {
  readonly name?: string;
  readonly kind?: SecretStoreKind;
  readonly namespace?: string;
  readonly keyPrefix?: string;
  /** Namespaces a fake ClusterSecretStore allows; undefined = unknown at synth. */
  readonly allowedNamespaces?: string[];
}

/**
 * A test-only ISecretStore, standing in for SecretStore/ClusterSecretStore so the ExternalSecret tests do
 * not depend on the providers. It renders nothing.
 */
export class FakeStore extends Construct implements ISecretStore {
  public readonly name: string;
  public readonly storeKind: SecretStoreKind;
  public readonly storeNamespace?: string;
  public readonly keyPrefix?: string;
  private readonly allowed?: string[];

  public constructor(scope: Construct, id: string, props: FakeStoreProps = {}) {
    super(scope, id);
    this.name = props.name ?? 'vault';
    this.storeKind = props.kind ?? SecretStoreKind.SECRET_STORE;
    this.storeNamespace = this.storeKind === SecretStoreKind.SECRET_STORE ? props.namespace ?? 'team-a' : undefined;
    this.keyPrefix = props.keyPrefix;
    this.allowed = props.allowedNamespaces;
  }

  public allowsNamespace(namespace: string): boolean | undefined {
    if (this.storeKind === SecretStoreKind.SECRET_STORE) return namespace === this.storeNamespace;
    return this.allowed === undefined ? undefined : this.allowed.includes(namespace);
  }
}

export function tenantChart(namespace = 'team-a'): Chart {
  return new Chart(Testing.app(), 'tenant', { namespace });
}

export function clusterStore(scope: Construct, props: FakeStoreProps = {}): FakeStore {
  return new FakeStore(scope, 'cluster-store', { name: 'shared', kind: SecretStoreKind.CLUSTER_SECRET_STORE, ...props });
}
