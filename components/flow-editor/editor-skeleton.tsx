import { cn } from "@/components/ui/cn";

/** A grey block standing for what is loading. */
export function Bone({ className }: { className: string }) {
  return <div className={cn("animate-pulse rounded-md bg-subtle", className)} aria-hidden />;
}

/** A few modules' boxes joined by lines: the shape of a flow, not yet any flow. */
export function GraphSkeleton({ className }: { className?: string }) {
  return (
    <div className={cn("flex flex-col items-center gap-6 py-10", className)} aria-hidden>
      <Bone className="h-16 w-52" />
      <div className="h-6 w-px bg-border" />
      <Bone className="h-16 w-52" />
      <div className="flex gap-10">
        <Bone className="h-16 w-44" />
        <Bone className="h-16 w-44" />
      </div>
    </div>
  );
}

/**
 * What the editor looks like while its flow loads: the draft bar, the graph and the side panel
 * as grey shapes, never an empty flow that could be mistaken for this one. Announced as busy.
 */
export function EditorSkeleton() {
  return (
    <div className="flex min-w-0 flex-col gap-3" data-wide-page data-testid="editor-skeleton" aria-busy="true">
      <p role="status" className="sr-only">
        Loading the call flow…
      </p>
      <div className="flex flex-wrap gap-3" aria-hidden>
        <Bone className="h-9 w-28" />
        <Bone className="h-9 w-24" />
        <Bone className="h-9 w-32" />
      </div>
      <div className="flex min-w-0 flex-col gap-2 lg:h-[calc(100dvh-12rem)] lg:flex-row">
        <div className="min-h-[420px] rounded-md border border-border lg:flex-1">
          <GraphSkeleton />
        </div>
        <div className="flex flex-col gap-3 lg:w-80" aria-hidden>
          <Bone className="h-9 w-full" />
          <Bone className="h-40 w-full" />
          <Bone className="h-24 w-full" />
        </div>
      </div>
    </div>
  );
}
