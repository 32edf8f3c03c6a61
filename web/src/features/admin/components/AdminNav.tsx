import { SubNav } from "../../../ui/nav";

export function AdminNav() {
  return (
    <SubNav
      label="Admin"
      links={[
        ["/admin/products", "Products"],
        ["/admin/orders", "Orders"],
        ["/admin/notifications", "Failed notifications"],
      ]}
    />
  );
}
