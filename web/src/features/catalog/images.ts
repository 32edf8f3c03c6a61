/** Widths the catalog's image route can serve a raster picture in. */
export const IMAGE_WIDTHS = [320, 480, 640, 960, 1280] as const;

/** `src`, `srcSet` and `sizes` for a product picture. */
export interface ImageSource {
  src: string;
  srcSet?: string;
}

/**
 * The sources of a product picture. The catalog's own raster images
 * (`/api/catalog/images/…` in JPEG, PNG or WebP) come in several widths via
 * `?w=`, so the browser picks one for the slot; vector pictures and images
 * on other hosts are used as they are.
 */
export function imageSource(url: string): ImageSource {
  const own = url.startsWith("/api/catalog/images/");
  const raster = /\.(jpe?g|png|webp|avif)$/i.test(url.split("?")[0] ?? "");
  if (!own || !raster) return { src: url };
  const at = (w: number) => `${url}${url.includes("?") ? "&" : "?"}w=${w}`;
  return {
    src: at(640),
    srcSet: IMAGE_WIDTHS.map((w) => `${at(w)} ${w}w`).join(", "),
  };
}
