import { Construct } from 'constructs';
import { ValidationError } from './errors';

/**
 * Gives `scope` an empty first child with a fixed id, for a construct whose other children are named after data (a
 * namespace): call it in the constructor, before any of them is created. Their paths stay as they are.
 *
 * Why: the constructs library keeps a construct's children in a plain object, one key per child id, and V8 gives a
 * plain object its hidden class from its keys in the order they were added. Every object built key by key from `{}`
 * starts from one shared empty class, which remembers at most 1,536 different first keys. A construct that is
 * created once per tenant and whose first child is named after the tenant's namespace (`Role-tenant-001`) adds one
 * first key per tenant; past about 1,300 tenants that memory is full, and from then on V8 makes new hidden classes
 * for every object built key by key anywhere in the process: each object cdk8s renders, the compliance pack's
 * facts, the parsed YAML. They are slower to build and to read, and the classes are allocated straight into the old
 * generation, which only a full collection frees.
 *
 * Measured on the benchmark's fleet (one `EsoTokenRequestAccess` per tenant) before this child existed: at 3,000
 * tenants, rendering the 48,001 objects took 2.3 s instead of 1.1 s and left 92 MB instead of 15 MB in the old
 * generation; synthesis with the compliance pack took 6.6 s instead of 5.4 s and peaked at 509 to 524 MB instead of
 * 441 MB; at 10,000 tenants it peaked at 1,629 MB instead of 1,248 MB.
 */
export function addFixedFirstChild(scope: Construct): void {
  if (scope.node.children.length > 0) {
    throw new ValidationError('already has children, so its first child is no longer fixed; call addFixedFirstChild() in the constructor, before any child is created', scope);
  }
  new Construct(scope, FIXED_FIRST_CHILD_ID);
}

/** The id of that child: not `Default` or `Resource`, which `node.defaultChild` (and so `ApiObject.of`) would pick. */
export const FIXED_FIRST_CHILD_ID = 'Anchor';
