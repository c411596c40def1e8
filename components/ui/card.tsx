import type { ComponentProps } from "react";
import { cn } from "./cn";

export const cardClass = "flex min-w-0 flex-col gap-3 rounded-lg border border-border bg-surface p-4 shadow-xs sm:p-5";

/** A panel of a page: a titled section (give it `aria-labelledby` its heading's id). */
export function Card({ className, ...props }: ComponentProps<"section">) {
  return <section className={cn(cardClass, className)} {...props} />;
}
