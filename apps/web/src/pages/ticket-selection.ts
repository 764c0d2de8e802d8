/**
 * The tickets chosen for a bulk change after a click on one row's box: a plain click toggles it; a
 * shift-click sets every row between the last one clicked and this one to what this row becomes.
 */
export function selectionAfterClick(
  selected: ReadonlySet<string>,
  rows: readonly string[],
  clicked: string,
  lastClicked: string | null,
  shift: boolean,
): Set<string> {
  const next = new Set(selected);
  const choose = !selected.has(clicked);
  const from = lastClicked === null ? -1 : rows.indexOf(lastClicked);
  const to = rows.indexOf(clicked);
  const range =
    shift && from !== -1 && to !== -1 ? rows.slice(Math.min(from, to), Math.max(from, to) + 1) : [clicked];
  for (const id of range) {
    if (choose) next.add(id);
    else next.delete(id);
  }
  return next;
}
