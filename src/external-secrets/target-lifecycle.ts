import { ValidationError } from '../common/errors';
import { validateReason } from '../common/reason';
import { requireProps } from '../common/required-props';

/** `spec.target.creationPolicy`: who creates and owns the target Secret. */
export enum CreationPolicy {
  /** ESO creates the Secret and sets the ExternalSecret as its owner (garbage collected with it). */
  OWNER = 'Owner',
  /** ESO creates the Secret without an owner reference: it survives the ExternalSecret. */
  ORPHAN = 'Orphan',
  /** ESO writes its keys into a Secret that must already exist. */
  MERGE = 'Merge',
  /** ESO creates the Secret if missing, otherwise merges into it. */
  CREATE_OR_MERGE = 'CreateOrMerge',
  /** ESO does not write a Secret (the data is only exposed through status, e.g. for PushSecret pipelines). */
  NONE = 'None',
}

/** `spec.target.deletionPolicy`: what happens to the target when the remote data disappears. */
export enum DeletionPolicy {
  /** Keep the Secret and its last known data. */
  RETAIN = 'Retain',
  /** Delete the Secret (only with `CreationPolicy.OWNER`). */
  DELETE = 'Delete',
  /** Remove only the keys ESO wrote (not with `CreationPolicy.NONE`). */
  MERGE = 'Merge',
}

/** Options of `TargetLifecycle.mergeIntoExisting()`. */
export interface MergeIntoExistingOptions {
  /**
   * Why this ExternalSecret may write into a Secret it does not own (e.g. "Argo CD reads the OIDC client
   * secret from argocd-secret"). Merging changes a Secret other tools manage, so it is an explicit opt-in.
   */
  readonly acknowledgeMerge: string;
  /**
   * Remove the merged keys when the remote data disappears (`deletionPolicy: Merge`) instead of keeping them.
   *
   * @default false
   */
  readonly removeKeysWhenRemoteDeleted?: boolean;
  /**
   * Create the Secret when it does not exist yet (`creationPolicy: CreateOrMerge`).
   *
   * @default false - the Secret must already exist (`creationPolicy: Merge`)
   */
  readonly createIfMissing?: boolean;
}

/** Options of `TargetLifecycle.custom()`. */
export interface CustomTargetLifecycleOptions {
  /** `spec.target.creationPolicy`. */
  readonly creationPolicy: CreationPolicy;
  /** `spec.target.deletionPolicy`. */
  readonly deletionPolicy: DeletionPolicy;
  /**
   * Required with `CreationPolicy.MERGE` or `CreationPolicy.CREATE_OR_MERGE`: why writing into a Secret this
   * ExternalSecret does not own is acceptable.
   *
   * @default - none; merging creation policies are rejected
   */
  readonly acknowledgeMerge?: string;
}

/**
 * How the target Secret is created and deleted: a valid pair of `creationPolicy` and `deletionPolicy`.
 * Combinations ESO's webhook rejects cannot be built.
 */
export class TargetLifecycle {
  /** ESO creates and owns the Secret, keeping its data if the remote secret disappears (the default). */
  public static owned(): TargetLifecycle {
    return new TargetLifecycle(CreationPolicy.OWNER, DeletionPolicy.RETAIN);
  }

  /** ESO creates and owns the Secret and deletes it when the remote secret disappears. */
  public static ownedDeletedWithRemote(): TargetLifecycle {
    return new TargetLifecycle(CreationPolicy.OWNER, DeletionPolicy.DELETE);
  }

  /** ESO creates the Secret without owning it: deleting the ExternalSecret leaves the Secret in place. */
  public static orphan(): TargetLifecycle {
    return new TargetLifecycle(CreationPolicy.ORPHAN, DeletionPolicy.RETAIN);
  }

  /** ESO writes its keys into an existing Secret, e.g. `argocd-secret`. */
  public static mergeIntoExisting(options: MergeIntoExistingOptions): TargetLifecycle {
    requireProps(options, 'MergeIntoExistingOptions', ['acknowledgeMerge']);
    return TargetLifecycle.custom({
      creationPolicy: options.createIfMissing ? CreationPolicy.CREATE_OR_MERGE : CreationPolicy.MERGE,
      deletionPolicy: options.removeKeysWhenRemoteDeleted ? DeletionPolicy.MERGE : DeletionPolicy.RETAIN,
      acknowledgeMerge: options.acknowledgeMerge,
    });
  }

  /** Any pair ESO accepts. */
  public static custom(options: CustomTargetLifecycleOptions): TargetLifecycle {
    requireProps(options, 'CustomTargetLifecycleOptions', ['creationPolicy', 'deletionPolicy']);
    const { creationPolicy, deletionPolicy } = options;
    if (deletionPolicy === DeletionPolicy.DELETE && creationPolicy !== CreationPolicy.OWNER) {
      throw new ValidationError(`'deletionPolicy' (Delete) requires 'creationPolicy' Owner, got ${creationPolicy}; use TargetLifecycle.ownedDeletedWithRemote() or deletionPolicy Retain`);
    }
    if (deletionPolicy === DeletionPolicy.MERGE && creationPolicy === CreationPolicy.NONE) {
      throw new ValidationError('\'deletionPolicy\' (Merge) cannot be combined with \'creationPolicy\' None: there is no Secret to merge into; use deletionPolicy Retain');
    }
    const merging = creationPolicy === CreationPolicy.MERGE || creationPolicy === CreationPolicy.CREATE_OR_MERGE;
    if (merging && options.acknowledgeMerge === undefined) {
      throw new ValidationError(`'creationPolicy' (${creationPolicy}) writes into a Secret this ExternalSecret does not own; set 'acknowledgeMerge' to the reason`);
    }
    if (options.acknowledgeMerge !== undefined) {
      validateReason(undefined, 'acknowledgeMerge', options.acknowledgeMerge, 'why this ExternalSecret writes into a Secret it does not own');
    }
    return new TargetLifecycle(creationPolicy, deletionPolicy);
  }

  private constructor(
    /** The `creationPolicy`. */
    public readonly creationPolicy: CreationPolicy,
    /** The `deletionPolicy`. */
    public readonly deletionPolicy: DeletionPolicy) {}
}
