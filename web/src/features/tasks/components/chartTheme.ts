import { useSyncExternalStore } from "react";

const query = "(prefers-color-scheme: dark)";

function subscribe(onChange: () => void) {
  const media = window.matchMedia(query);
  media.addEventListener("change", onChange);
  return () => media.removeEventListener("change", onChange);
}

/** Whether the system asks for dark mode, following changes. */
export function usePrefersDark(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/** The charts' colours: soft grid lines and readable axes in either theme. */
export function useChartTheme() {
  const dark = usePrefersDark();
  return dark
    ? {
        grid: "#27272a", // zinc-800: a hint of structure, not bright lines on black
        axis: "#a1a1aa", // zinc-400
        tooltip: { background: "#18181b", border: "1px solid #3f3f46", color: "#f4f4f5" },
        cursor: "#27272a",
        pending: "#818cf8", // indigo-400
        done: "#34d399", // emerald-400
        deadline: "#fbbf24", // amber-400
        line: "#818cf8",
      }
    : {
        grid: "#e4e4e7", // zinc-200
        axis: "#52525b", // zinc-600
        tooltip: { background: "#ffffff", border: "1px solid #e4e4e7", color: "#18181b" },
        cursor: "#f4f4f5",
        pending: "#4f46e5", // indigo-600
        done: "#059669", // emerald-600
        deadline: "#d97706", // amber-600
        line: "#4f46e5",
      };
}
