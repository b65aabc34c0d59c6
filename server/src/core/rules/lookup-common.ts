// Lookup tables over the index's workspace-wide fact lists, shared by rules of several areas. This
// file sits directly under rules/, so the generated registry does not take it for a rule.
//
// index.all(category) returns one frozen list per category until a file with facts of that
// category changes. A table derived from such a list is therefore valid for exactly as long as
// all() returns that same list: keyed by the list, it is built once and shared by every file
// analysed in between, instead of each file scanning the whole workspace again. Rules look tables
// up inside index.derive(), so the engine records the answer they got, not the whole category.
// While the CLI reads a workspace the lists change after nearly every file, each by the new
// file's facts appended (files come in folder order): a grouping table then grows from the
// previous one (groupedFrom) instead of being built again over the whole list.

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

/**
 * groupBy(list, keys), kept for the last frozen list it was asked for. A
 * list that starts with exactly that list's items (the index appended a file's facts) gets a copy
 * of its table with the new items added; groups are copied, not changed, so a table handed out
 * earlier stays as it was.
 */
export function groupedFrom<T>(keys: (item: T) => readonly string[]): (list: readonly T[]) => Map<string, T[]> {
  let last: { list: readonly T[]; table: Map<string, T[]> } | undefined;
  return (list) => {
    if (last?.list === list) return last.table;
    const table = last && startsWith(list, last.list) ? addGroups(new Map(last.table), list, last.list.length, keys) : addGroups(new Map(), list, 0, keys);
    if (Object.isFrozen(list)) last = { list, table };
    return table;
  };
}

function startsWith<T>(list: readonly T[], prefix: readonly T[]): boolean {
  if (list.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (list[i] !== prefix[i]) return false;
  return true;
}

/** Adds `list` from `from` on to `groups` (each item once per distinct key), copying any group it extends. */
function addGroups<T>(groups: Map<string, T[]>, list: readonly T[], from: number, keys: (item: T) => readonly string[]): Map<string, T[]> {
  const grown = new Set<string>();
  for (let i = from; i < list.length; i++) {
    const item = list[i];
    const itemKeys = keys(item);
    for (let k = 0; k < itemKeys.length; k++) {
      const key = itemKeys[k];
      if (itemKeys.indexOf(key) !== k) continue;
      const group = groups.get(key);
      if (!group) {
        groups.set(key, [item]);
        grown.add(key);
      } else if (grown.has(key)) {
        group.push(item);
      } else {
        groups.set(key, [...group, item]);
        grown.add(key);
      }
    }
  }
  return groups;
}
