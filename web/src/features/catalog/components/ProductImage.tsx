import { useState } from "react";
import { ImageIcon } from "../../../ui/icons";
import { imageSource } from "../images";

/**
 * A product picture in a box of fixed aspect ratio, so nothing moves while it
 * loads; a calm placeholder when there is no picture or it fails to load,
 * never a broken-image icon.
 */
export function ProductImage({
  url,
  alt,
  sizes,
  className = "",
  priority = false,
}: {
  url: string | null | undefined;
  alt: string;
  /** The slot's width, for the browser's choice from `srcset` ("(min-width: 1024px) 25vw, 50vw"). */
  sizes: string;
  className?: string;
  /** The page's main picture: fetched early instead of lazily. */
  priority?: boolean;
}) {
  const [failed, setFailed] = useState<string | null>(null);
  const broken = !url || failed === url;
  return (
    <div
      className={`relative aspect-square w-full overflow-hidden rounded-xl bg-zinc-100 dark:bg-zinc-800 ${className}`}
    >
      {broken ? (
        <div
          role={alt ? "img" : undefined}
          aria-label={alt ? `${alt} (no picture)` : undefined}
          className="absolute inset-0 flex flex-col items-center justify-center gap-2 text-zinc-500 dark:text-zinc-400"
        >
          <ImageIcon className="size-10" />
          <span className="text-xs text-zinc-600 dark:text-zinc-300">No picture yet</span>
        </div>
      ) : (
        <img
          {...imageSource(url)}
          sizes={sizes}
          alt={alt}
          width={640}
          height={640}
          loading={priority ? "eager" : "lazy"}
          decoding="async"
          fetchPriority={priority ? "high" : undefined}
          onError={() => setFailed(url)}
          className="absolute inset-0 size-full object-cover"
        />
      )}
    </div>
  );
}
