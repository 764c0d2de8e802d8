import { useEffect, useState } from "react";

const NAMES = [
  "primary",
  "secondary",
  "accent",
  "neutral",
  "info",
  "success",
  "warning",
  "error",
  "base-100",
  "base-200",
  "base-300",
  "base-content",
] as const;
type ColorName = (typeof NAMES)[number];
export type ChartColors = Record<ColorName, string>;

/** daisyUI's colours of the current theme, read from its CSS variables (`--color-primary`, …). */
export function readThemeColors(element: Element = document.documentElement): ChartColors {
  const style = getComputedStyle(element);
  return Object.fromEntries(
    NAMES.map((name) => [name, style.getPropertyValue(`--color-${name}`).trim() || "currentColor"]),
  ) as ChartColors;
}

/**
 * The theme's colours for SVG charts, read again whenever the theme changes (`data-theme` on <html>),
 * so bars and axes follow light and dark without any colour written in the code.
 */
export function useThemeColors(): ChartColors {
  const [colors, setColors] = useState(readThemeColors);
  useEffect(() => {
    const observer = new MutationObserver(() => setColors(readThemeColors()));
    observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ["data-theme", "class"],
    });
    const scheme = window.matchMedia?.("(prefers-color-scheme: dark)");
    const onScheme = () => setColors(readThemeColors());
    scheme?.addEventListener("change", onScheme);
    return () => {
      observer.disconnect();
      scheme?.removeEventListener("change", onScheme);
    };
  }, []);
  return colors;
}
