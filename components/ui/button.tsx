import { Slot } from "@radix-ui/react-slot";
import { cva, type VariantProps } from "class-variance-authority";
import type { ComponentProps } from "react";
import { cn } from "./cn";

export const buttonVariants = cva(
  "inline-flex w-fit max-w-full items-center justify-center gap-1.5 rounded-md border text-center font-medium no-underline transition-colors disabled:cursor-progress disabled:opacity-60 [&_svg]:size-4 [&_svg]:shrink-0",
  {
    variants: {
      variant: {
        primary: "border-accent bg-accent text-accent-fg hover:bg-accent-hover",
        secondary: "border-border bg-surface text-fg hover:bg-subtle",
        danger: "border-danger bg-surface text-danger hover:bg-danger-soft",
        ghost: "border-transparent bg-transparent text-fg hover:bg-subtle",
        link: "min-h-0 border-0 bg-transparent p-0 font-normal text-accent underline underline-offset-2 hover:text-accent-hover",
      },
      size: {
        md: "min-h-9 px-3.5 py-1.5 text-sm",
        sm: "min-h-7 px-2 py-0.5 text-xs",
        icon: "size-9 p-0",
      },
    },
    compoundVariants: [{ variant: "link", className: "min-h-0 p-0 text-left" }],
    defaultVariants: { variant: "primary", size: "md" },
  },
);

export type ButtonVariants = VariantProps<typeof buttonVariants>;

type ButtonProps = ComponentProps<"button"> &
  ButtonVariants & {
    /** Renders its one child (a link) with the button's look instead of a <button>. */
    asChild?: boolean;
  };

/** The portal's button: primary by default; `secondary`, `danger`, `ghost` or `link` otherwise. */
export function Button({ className, variant, size, asChild = false, type, ...props }: ButtonProps) {
  if (asChild) return <Slot className={cn(buttonVariants({ variant, size }), className)} {...props} />;
  return <button type={type ?? "button"} className={cn(buttonVariants({ variant, size }), className)} {...props} />;
}
