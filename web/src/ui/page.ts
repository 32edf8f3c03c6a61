import { useEffect } from "react";

/** The app's name after every page title. */
export const SITE_NAME = "Feira";

/**
 * Sets the tab's title to "<title> · Feira" while the page is shown. Without
 * a title (still loading, or a child page such as "Product not found" sets
 * it) the current title stays.
 */
export function usePageTitle(title: string | null | undefined) {
  useEffect(() => {
    if (title) document.title = `${title} · ${SITE_NAME}`;
  }, [title]);
}

let headingFocusPending = false;

/**
 * Called by the frame when the path changes: the next page heading to appear
 * takes focus, so keyboard and screen-reader users start at the new page,
 * not at the body. Returns whether a heading already on screen took it.
 */
export function requestHeadingFocus(): boolean {
  const heading = document.querySelector<HTMLElement>("main h1[tabindex='-1']");
  if (heading) {
    headingFocusPending = false;
    heading.focus({ preventScroll: true });
    return true;
  }
  headingFocusPending = true;
  return false;
}

/** A heading that has just appeared takes focus if a navigation asked for it. */
export function takeHeadingFocus(element: HTMLElement | null) {
  if (!element || !headingFocusPending) return;
  headingFocusPending = false;
  element.focus({ preventScroll: true });
}
