/**
 * Annotations through which constructs of this library record, on the manifest, facts the compliance rules need
 * but the upstream schema has no field for. Constructs import these constants; compliance never imports them back.
 * Every label and annotation key the library writes is under one domain, `zero-trust.cdk8s.io/`.
 */

/** The key prefix a SecretStore or ClusterSecretStore enforces (its `keyPrefix`), read by ZT-ESO7. */
export const KEY_PREFIX_ANNOTATION = 'zero-trust.cdk8s.io/key-prefix';

/**
 * Acknowledged findings recorded on the manifest (a JSON object of rule id to reason): written by the pack with
 * `annotateAcknowledgements`, honoured only where the pack trusts the manifest's source.
 */
export const ACKNOWLEDGEMENT_ANNOTATION = 'zero-trust.cdk8s.io/acknowledged';
