import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { ISecretStore, SecretStoreKind, SecretTemplate, SecretTemplateProps, TemplateValue } from '../../src/external-secrets';

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
  public readonly apiVersion = 'external-secrets.io/v1';
  public readonly name: string;
  public readonly storeKind: SecretStoreKind;
  public readonly namespace?: string;
  public readonly keyPrefix?: string;
  private readonly allowed?: string[];

  public constructor(scope: Construct, id: string, props: FakeStoreProps = {}) {
    super(scope, id);
    this.name = props.name ?? 'vault';
    this.storeKind = props.kind ?? SecretStoreKind.SECRET_STORE;
    this.namespace = this.storeKind === SecretStoreKind.SECRET_STORE ? props.namespace ?? 'team-a' : undefined;
    this.keyPrefix = props.keyPrefix;
    this.allowed = props.allowedNamespaces;
  }

  public get kind(): string {
    return this.storeKind;
  }

  public allowsNamespace(namespace: string): boolean | undefined {
    if (this.storeKind === SecretStoreKind.SECRET_STORE) return namespace === this.namespace;
    return this.allowed === undefined ? undefined : this.allowed.includes(namespace);
  }
}

export function tenantChart(namespace = 'team-a'): Chart {
  return new Chart(Testing.app(), 'tenant', { namespace });
}

export function clusterStore(scope: Construct, props: FakeStoreProps = {}): FakeStore {
  return new FakeStore(scope, 'cluster-store', { name: 'shared', kind: SecretStoreKind.CLUSTER_SECRET_STORE, ...props });
}

/** A template with `data` set (`SecretTemplate.addData()` returns nothing, so it cannot be chained). */
export function templateWith(data: { [key: string]: TemplateValue }, props: SecretTemplateProps = {}): SecretTemplate {
  const template = new SecretTemplate(props);
  for (const [key, value] of Object.entries(data)) template.addData(key, value);
  return template;
}
