import { useState } from "react";

/**
 * A product's first image, small and square; a neutral tile with the product's
 * initial when it has none or the image does not load.
 */
export function Thumbnail({
  src,
  name,
  size = "h-10 w-10",
}: {
  src?: string;
  name: string;
  size?: string;
}) {
  const [failed, setFailed] = useState(false);
  if (!src || failed) {
    return (
      <span
        aria-hidden="true"
        className={`${size} inline-flex shrink-0 items-center justify-center rounded-md bg-zinc-100 text-sm font-semibold text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400`}
      >
        {name.trim().charAt(0).toUpperCase() || "?"}
      </span>
    );
  }
  return (
    <img
      src={src}
      alt=""
      loading="lazy"
      className={`${size} shrink-0 rounded-md bg-zinc-100 object-cover dark:bg-zinc-800`}
      onError={() => setFailed(true)}
    />
  );
}
