import { NavLink } from "react-router";

export function AdminNav() {
  const link = ({ isActive }: { isActive: boolean }) =>
    `rounded-md px-3 py-1 ${isActive ? "bg-indigo-700 text-white" : "underline"}`;
  return (
    <nav aria-label="Admin" className="flex gap-2 text-sm">
      <NavLink to="/admin/products" className={link}>
        Products
      </NavLink>
      <NavLink to="/admin/orders" className={link}>
        Orders
      </NavLink>
      <NavLink to="/admin/notifications" className={link}>
        Failed notifications
      </NavLink>
    </nav>
  );
}
