/**
 * Ordering that does not depend on the machine: strings compare by UTF-16 code unit, as JavaScript's default
 * `sort()` and Go's `sort.Strings` do. `localeCompare` follows the process locale (under `da_DK` "aa" sorts
 * after "z"), which would make the same code write different bytes on different machines.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A copy of `values`, sorted by code unit. */
export function sortedStrings(values: Iterable<string>): string[] {
  return [...values].sort(compareCodeUnits);
}

/** A copy of `values` without duplicates, sorted by code unit. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareCodeUnits);
}

/** A copy of `items`, sorted by code unit of the key each yields. */
export function sortedBy<T>(items: Iterable<T>, key: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareCodeUnits(key(a), key(b)));
}

/**
 * A copy of a string map with its keys in code-unit order. Only needed where the order is observable before
 * cdk8s renders the object (a list built from the map, a text, a hash): `ApiObject.toJson()` already sorts the
 * keys of everything it writes.
 */
export function sortedRecord<T>(record: { readonly [key: string]: T }): { [key: string]: T } {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareCodeUnits(a, b)));
}
