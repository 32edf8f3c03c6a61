import type { components } from "../../../api/schema";
import { useState } from "react";
import { Button } from "../../../ui/Button";
import { Checkbox, Field, TextInput } from "../../../ui/Field";
import { plural } from "../../../lib/format";
import { validatePrice, type CatalogQuery, type PriceErrors } from "../catalogQuery";

type CategoryOption = Pick<components["schemas"]["CategorySummary"], "slug" | "name" | "count">;

/**
 * The price bounds as a small form: Enter or Apply sends them, each field
 * says what is wrong with it (not a number, minimum above maximum) before
 * anything is asked of the server, and the message goes once it is fixed.
 */
function PriceFilter({
  idPrefix,
  min,
  max,
  onApply,
}: {
  idPrefix: string;
  min: string;
  max: string;
  onApply: (min: string, max: string) => void;
}) {
  const [low, setLow] = useState(min);
  const [high, setHigh] = useState(max);
  const [errors, setErrors] = useState<PriceErrors>({});
  // The URL changed (back, a cleared filter): show its bounds.
  const [shown, setShown] = useState(`${min}|${max}`);
  if (shown !== `${min}|${max}`) {
    setShown(`${min}|${max}`);
    setLow(min);
    setHigh(max);
    setErrors({});
  }
  const recheck = (nextLow: string, nextHigh: string) => {
    // Only clear what was reported; new errors wait for Apply.
    if (!errors.min && !errors.max) return;
    const now = validatePrice(nextLow, nextHigh);
    setErrors({ min: errors.min && now.min, max: errors.max && now.max });
  };
  return (
    <form
      noValidate
      aria-label="Price"
      onSubmit={(event) => {
        event.preventDefault();
        const found = validatePrice(low, high);
        setErrors(found);
        if (found.min || found.max) {
          const first = document.getElementById(`${idPrefix}-${found.min ? "min" : "max"}`);
          first?.focus();
          return;
        }
        onApply(low.trim(), high.trim());
      }}
    >
      <fieldset>
        <legend className="mb-2 text-sm font-semibold text-zinc-900 dark:text-white">
          Price (€)
        </legend>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Minimum price" error={errors.min}>
            <TextInput
              id={`${idPrefix}-min`}
              inputMode="decimal"
              placeholder="0"
              value={low}
              onChange={(e) => {
                setLow(e.target.value);
                recheck(e.target.value, high);
              }}
            />
          </Field>
          <Field label="Maximum price" error={errors.max}>
            <TextInput
              id={`${idPrefix}-max`}
              inputMode="decimal"
              placeholder="Any"
              value={high}
              onChange={(e) => {
                setHigh(e.target.value);
                recheck(low, e.target.value);
              }}
            />
          </Field>
        </div>
      </fieldset>
      <Button type="submit" size="sm" className="mt-3 w-full">
        Apply price
      </Button>
    </form>
  );
}

/** The catalog's filters: category, price and availability. */
export function Filters({
  idPrefix,
  query,
  categories,
  update,
}: {
  idPrefix: string;
  query: CatalogQuery;
  categories: CategoryOption[] | undefined;
  update: (change: Partial<CatalogQuery>) => void;
}) {
  const option = (selected: boolean) =>
    `flex w-full items-center justify-between rounded-lg px-3 py-2 text-left text-sm transition-colors ${
      selected
        ? "bg-zinc-900 font-medium text-white dark:bg-white dark:text-zinc-900"
        : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
    }`;
  return (
    <div className="space-y-8">
      <fieldset>
        <legend className="mb-2 text-sm font-semibold text-zinc-900 dark:text-white">
          Category
        </legend>
        <ul className="space-y-0.5">
          <li>
            <button
              type="button"
              aria-pressed={!query.category}
              className={option(!query.category)}
              onClick={() => update({ category: "" })}
            >
              All categories
            </button>
          </li>
          {categories?.map((c) => (
            <li key={c.slug}>
              <button
                type="button"
                aria-pressed={query.category === c.slug}
                className={option(query.category === c.slug)}
                onClick={() => update({ category: c.slug })}
              >
                <span>{c.name}</span>
                <span
                  className={`text-xs tabular-nums ${
                    query.category === c.slug
                      ? "text-zinc-300 dark:text-zinc-600"
                      : "text-zinc-500 dark:text-zinc-400"
                  }`}
                >
                  <span aria-hidden="true">{c.count}</span>
                  <span className="sr-only">
                    , {plural(c.count, { one: "product", other: "products" })}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      </fieldset>
      <PriceFilter
        idPrefix={idPrefix}
        min={query.min}
        max={query.max}
        onApply={(min, max) => update({ min, max })}
      />
      <fieldset>
        <legend className="mb-2 text-sm font-semibold text-zinc-900 dark:text-white">
          Availability
        </legend>
        <Checkbox
          label="In stock only"
          checked={query.inStock}
          onChange={(e) => update({ inStock: e.target.checked })}
        />
      </fieldset>
    </div>
  );
}
