// Lookup tables over the index's workspace-wide fact lists, shared by rules of several areas. This
// file sits directly under rules/, so the generated registry does not take it for a rule.
//
// index.all(category) returns one frozen list per category until a file with facts of that
// category changes. A table derived from such a list is therefore valid for exactly as long as
// all() returns that same list: keyed by the list, it is built once and shared by every file
// analysed in between, instead of each file scanning the whole workspace again. Rules look tables
// up inside index.derive(), so the engine records the answer they got, not the whole category.

/** `build` memoised per frozen list (a list that is not frozen could change: it is not cached). */
export function derivedFrom<L extends readonly unknown[], T>(build: (list: L) => T): (list: L) => T {
  const tables = new WeakMap<L, T>();
  return (list) => {
    if (!Object.isFrozen(list)) return build(list);
    let table = tables.get(list);
    if (table === undefined) {
      table = build(list);
      tables.set(list, table);
    }
    return table;
  };
}

/**
 * Groups a list by its items' keys (an item can have several; one listed twice counts once),
 * keeping list order inside each group. Tables are built again whenever their category changes,
 * so while the CLI reads a workspace this runs once per file read: no Set per item.
 */
export function groupBy<T>(list: readonly T[], keys: (item: T) => readonly string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of list) {
    const itemKeys = keys(item);
    for (let k = 0; k < itemKeys.length; k++) {
      const key = itemKeys[k];
      if (itemKeys.indexOf(key) !== k) continue;
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
  }
  return groups;
}
