"use client";

import type { InfiniteData, UseInfiniteQueryResult } from "@tanstack/react-query";
import { useEffect, useId, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { FieldBox, Message } from "@/components/ui/field";

// Every list of the portal pages the same way (server/services/paging.ts): a search box, the
// first page, and "Load more" for the next, by cursor. These pieces are shared so each list
// only says what it shows.

type PageData<Item> = { items: Item[]; nextCursor: string | null };

/** For `infiniteQueryOptions`: the cursor of the page after `last`, none after the last page. */
export function nextCursorOf(last: { nextCursor: string | null }): string | undefined {
  return last.nextCursor ?? undefined;
}

/** The text of a search box, and the same text once typing pauses: what queries use. */
export function useSearch(delayMs = 250): { text: string; setText: (text: string) => void; search: string | undefined } {
  const [text, setText] = useState("");
  const [settled, setSettled] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setSettled(text.trim()), delayMs);
    return () => clearTimeout(timer);
  }, [text, delayMs]);
  return { text, setText, search: settled || undefined };
}

export function SearchBox({ label, value, onChange }: { label: string; value: string; onChange: (text: string) => void }) {
  const id = useId();
  return (
    <FieldBox>
      <label htmlFor={id}>{label}</label>
      <Input id={id} type="search" value={value} maxLength={100} onChange={(event) => onChange(event.target.value)} />
    </FieldBox>
  );
}

/** A paged list's query, from `useInfiniteQuery(trpc.<list>.infiniteQueryOptions(...))`. */
export type PagedQuery<Item> = UseInfiniteQueryResult<InfiniteData<PageData<Item>, unknown>, { message: string }>;

type PagedListProps<Item> = {
  query: PagedQuery<Item>;
  /** What the list holds, in lower case: "customers". */
  noun: string;
  /** Shown when nothing matches; differs with and without a search. */
  empty: ReactNode;
  children: (items: Item[]) => ReactNode;
};

/** The loaded pages of a list as one, with its loading, error and empty states and "Load more". */
export function PagedList<Item>({ query, noun, empty, children }: PagedListProps<Item>) {
  if (query.isPending) return <p>Loading {noun}…</p>;
  if (query.isError)
    return (
      <Message tone="error">
        Could not load {noun}: {query.error.message}
      </Message>
    );
  const items = query.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <Message tone="muted">{empty}</Message>;
  return (
    <>
      {children(items)}
      {query.hasNextPage ? (
        <p>
          <Button
            type="button"
            variant="secondary"
            disabled={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
          >
            {query.isFetchingNextPage ? "Loading…" : `Load more ${noun}`}
          </Button>
        </p>
      ) : null}
    </>
  );
}
