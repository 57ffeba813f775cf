import { useEffect, useRef, useState } from "react";
import { loadFeatures, type Features } from "../api/features";

/** Sets the document title and moves focus to the page's heading, so screen readers
 * announce a page change in the single-page app as they would a new page. */
export function usePage(title: string): React.RefObject<HTMLHeadingElement | null> {
  const heading = useRef<HTMLHeadingElement | null>(null);
  useEffect(() => {
    document.title = `${title} · Intervox`;
  }, [title]);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, []);
  return heading;
}

export function useFeatures(): Features | null {
  const [features, setFeatures] = useState<Features | null>(null);
  useEffect(() => {
    let live = true;
    void loadFeatures().then((f) => live && setFeatures(f));
    return () => {
      live = false;
    };
  }, []);
  return features;
}

/** Re-renders every `ms` while `active`: for timers and countdowns. */
export function useTicker(active: boolean, ms = 250): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [active, ms]);
  return now;
}
