import type { Key, ReactNode } from "react";
import { TableFrame } from "./TableFrame";
import { PANEL, STICKY_CELL, THEAD } from "./table";

/** One column of a {@link DataTable}. */
export interface Column<T> {
  /** The header text; a column of buttons passes a visually hidden name. */
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Numbers and actions sit on the right. */
  align?: "right";
  /** More classes for the column's cells, such as a width or `whitespace-nowrap`. */
  className?: string;
}

/**
 * The admin's list table: a named region that scrolls sideways on a phone,
 * a screen-reader caption, and a first column that is each row's header
 * and stays in view while the rest scrolls.
 */
export function DataTable<T>({
  label,
  caption,
  rows,
  rowKey,
  columns,
  minWidth = "",
  className = "",
  alignTop = false,
}: {
  /** The region's name, such as "Orders table". */
  label: string;
  caption: string;
  rows: readonly T[];
  rowKey: (row: T) => Key;
  /** The first is the row header. */
  columns: readonly Column<T>[];
  /** A Tailwind `min-w-…` class, where the columns need room. */
  minWidth?: string;
  className?: string;
  /** Rows whose cells hold more than a line (a form, a stock editor). */
  alignTop?: boolean;
}) {
  const cellClass = (column: Column<T>, first: boolean) =>
    [
      first ? `${STICKY_CELL} font-normal` : "",
      "p-3",
      column.align === "right" ? "text-right" : "",
      column.className ?? "",
    ]
      .filter(Boolean)
      .join(" ");
  return (
    <TableFrame label={label} className={`${PANEL} ${className}`}>
      <table className={`w-full text-left text-sm ${minWidth}`}>
        <caption className="sr-only">{caption}</caption>
        <thead className={THEAD}>
          <tr>
            {columns.map((column, i) => (
              <th
                key={i}
                scope="col"
                className={[
                  i === 0 ? STICKY_CELL : "",
                  "p-3",
                  column.align === "right" ? "text-right" : "",
                ]
                  .filter(Boolean)
                  .join(" ")}
              >
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={rowKey(row)}
              className={`border-t border-zinc-200 dark:border-zinc-800 ${alignTop ? "align-top" : ""}`}
            >
              {columns.map((column, i) =>
                i === 0 ? (
                  <th key={i} scope="row" className={cellClass(column, true)}>
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={i} className={cellClass(column, false)}>
                    {column.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableFrame>
  );
}
