import { plural } from "../../../lib/format";
import { PageHeader } from "../../../ui/Page";
import { Empty, ErrorState, Loading } from "../../../ui/states";
import { useCategories } from "../../catalog/api";
import { nameOfSlug } from "../categories";
import { AdminNav } from "../components/AdminNav";
import { TableFrame } from "../components/TableFrame";
import { PANEL, STICKY_CELL, THEAD } from "../components/table";

export function AdminCategoriesPage() {
  const categories = useCategories();
  return (
    <div>
      <AdminNav />
      <PageHeader
        title="Categories · Admin"
        heading="Categories"
        description="The categories products can be put in; the shop's filters list them."
      />
      {categories.isPending ? (
        <Loading label="Loading categories" />
      ) : categories.error ? (
        <ErrorState error={categories.error} retry={() => void categories.refetch()} />
      ) : categories.data.length === 0 ? (
        <Empty title="No categories yet" />
      ) : (
        <TableFrame label="Categories table" className={PANEL}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Categories</caption>
            <thead className={THEAD}>
              <tr>
                <th scope="col" className={`${STICKY_CELL} p-3`}>
                  Category
                </th>
                <th scope="col" className="p-3 text-right">
                  Products
                </th>
              </tr>
            </thead>
            <tbody>
              {categories.data.map((c) => (
                <tr key={c.category} className="border-t border-zinc-200 dark:border-zinc-800">
                  <th scope="row" className={`${STICKY_CELL} p-3 font-medium`}>
                    {nameOfSlug(c.category)}
                  </th>
                  <td className="p-3 text-right tabular-nums">
                    {plural(c.count, { one: "product", other: "products" })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
    </div>
  );
}
