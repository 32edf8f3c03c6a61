import { Navigate, useLocation } from "react-router";
import { CATALOG_PATH } from "../features/catalog/components/SearchBox";
import { HomePage } from "../features/catalog/pages/HomePage";

/** `/` with catalog filters (old links, `/?q=`) and `/search` lead to the catalog with them. */
export function ToCatalog() {
  const { search } = useLocation();
  return <Navigate to={{ pathname: CATALOG_PATH, search }} replace />;
}

/** The home page, or the catalog for an old `/?q=…` link. */
export function Home() {
  const { search } = useLocation();
  return search && search !== "?" ? <ToCatalog /> : <HomePage />;
}
