"use client";

import { type ComponentProps, useEffect, useRef, useState } from "react";
import { cn } from "./cn";

/**
 * A table that scrolls sideways inside its own box when its columns do not fit (a phone), so
 * the page never does. While it overflows, the box takes the focus: a keyboard user must be
 * able to scroll it.
 */
export function Table({ className, ...props }: ComponentProps<"table">) {
  const box = useRef<HTMLDivElement>(null);
  const overflows = useOverflow(box);
  return (
    <div ref={box} className="max-w-full overflow-x-auto rounded-md border border-border" tabIndex={overflows ? 0 : undefined}>
      <table
        className={cn(
          "w-full border-collapse bg-surface text-sm",
          "[&_th]:border-b [&_th]:border-border [&_th]:bg-subtle [&_th]:px-3 [&_th]:py-2 [&_th]:text-left [&_th]:text-xs [&_th]:font-semibold [&_th]:text-muted",
          "[&_td]:border-b [&_td]:border-border [&_td]:px-3 [&_td]:py-2 [&_td]:align-middle [&_tbody_tr:last-child>td]:border-b-0",
          className,
        )}
        {...props}
      />
    </div>
  );
}

function useOverflow(ref: React.RefObject<HTMLElement | null>): boolean {
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setOverflows(element.scrollWidth > element.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, [ref]);
  return overflows;
}
