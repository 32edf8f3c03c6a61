import { imageLines, isImageUrl } from "../productForm";

/**
 * Thumbnails of the image addresses typed so far, each telling its parent
 * whether it loaded, so an address that does not answer with an image is
 * marked on the field before the product is saved.
 */
export function ImagePreviews({
  text,
  broken,
  onResult,
}: {
  text: string;
  broken: ReadonlySet<string>;
  onResult: (url: string, loaded: boolean) => void;
}) {
  const urls = imageLines(text).filter(isImageUrl);
  if (urls.length === 0) return null;
  return (
    <ul aria-label="Image previews" className="mt-2 flex flex-wrap gap-2">
      {urls.map((url, i) => (
        <li key={`${i}-${url}`} className="relative">
          <img
            src={url}
            alt={`Preview of image ${i + 1}`}
            className={`h-20 w-20 rounded-md border object-cover ${
              broken.has(url)
                ? "border-red-600 opacity-40 dark:border-red-400"
                : "border-zinc-200 dark:border-zinc-700"
            }`}
            onLoad={() => onResult(url, true)}
            onError={() => onResult(url, false)}
          />
          {broken.has(url) && (
            <span className="absolute inset-x-0 bottom-0 rounded-b-md bg-red-700 px-1 text-center text-[10px] text-white">
              Not loaded
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
