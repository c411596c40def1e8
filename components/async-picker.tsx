"use client";

import { type Ref, useEffect, useId, useState } from "react";
import type { PagedQuery, useSearch } from "@/components/paged-list";
import { Input } from "@/components/ui/input";
import { FieldBox, Message } from "@/components/ui/field";

// One picker for a choice among rows an account may hold by the thousand (flows, numbers): a
// combobox (WAI-ARIA 1.2) whose text searches by name and whose list loads page after page by
// cursor from a paged tRPC list. No picker reads a fixed "first N": what is not shown is found
// by typing or by scrolling on.

export type PickerOption = { id: string; label: string };

/** The text typed in a picker and the settled search its query uses (`useSearch` of paged-list). */
type PickerSearch = ReturnType<typeof useSearch>;

/** How many rows a picker loads at once; the list asks for the next page as it is scrolled. */
export const PICKER_PAGE_SIZE = 20;

type AsyncPickerProps<Item> = {
  /** The visible label, which is also the combobox's accessible name. */
  label: string;
  /** What is listed, in lower case and plural: "flows". */
  noun: string;
  /** The chosen option, shown while the picker is closed; null for none. */
  value: PickerOption | null;
  onChange(option: PickerOption | null): void;
  onBlur?(): void;
  /** The search typed (from `useSearch`) and the paged query it drives. */
  search: PickerSearch;
  query: PagedQuery<Item>;
  optionOf(item: Item): PickerOption;
  /** When given, the first option chooses nothing and is labelled so: "— no flow —". */
  noneLabel?: string;
  /** When given, the text typed is an option too, first in the list: for a filter that also
   * takes part of a name ('Any containing "api:"'). */
  typedOption?(text: string): PickerOption;
  /** The field's error, shown under it and announced with it. */
  error?: string;
  errorTestId?: string;
  /** The input, for a form that focuses the field (react-hook-form's `setFocus`). */
  ref?: Ref<HTMLInputElement>;
};

/** What a picker of one kind (flows, numbers) takes from its form: the rest it knows itself. */
export type PickerFieldProps = { accountId: string } & Pick<
  AsyncPickerProps<unknown>,
  "label" | "value" | "onChange" | "onBlur" | "error" | "errorTestId" | "ref"
>;

export function AsyncPicker<Item>(props: AsyncPickerProps<Item>) {
  const { label, noun, value, onChange, search, query, optionOf, noneLabel, typedOption, error } = props;
  const inputId = useId();
  const listId = `${inputId}-list`;
  const errorId = `${inputId}-error`;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  const loaded = query.data?.pages.flatMap((page) => page.items.map(optionOf)) ?? [];
  // Typing hides "none" at once, so the first option is what the text found (or the text itself).
  const none: PickerOption[] =
    noneLabel !== undefined && !search.search && !search.text.trim() ? [{ id: "", label: noneLabel }] : [];
  const typed = typedOption && search.text.trim() ? [typedOption(search.text.trim())] : [];
  const options = [...none, ...typed, ...loaded];
  const optionId = (index: number) => `${inputId}-option-${index}`;
  // The list can shrink under the highlighted row (a new search, the pointer over a longer list).
  const current = Math.min(active, options.length - 1);
  const loadMore = () => {
    if (query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
  };

  // A new search starts at its first match.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new search starts again at the first option.
  useEffect(() => setActive(0), [search.search]);
  useEffect(() => {
    if (open) document.getElementById(`${inputId}-option-${current}`)?.scrollIntoView({ block: "nearest" });
  }, [open, current, inputId]);

  const close = () => {
    setOpen(false);
    search.setText("");
  };
  const choose = (option: PickerOption) => {
    onChange(option.id === "" ? null : option);
    close();
  };
  const moveTo = (index: number) => {
    const bounded = Math.max(0, Math.min(index, options.length - 1));
    setActive(bounded);
    // Reaching the last loaded row loads the next page, as scrolling to it does.
    if (bounded >= options.length - 1) loadMore();
  };

  return (
    <FieldBox className="relative">
      <label htmlFor={inputId}>{label}</label>
      <Input
        ref={props.ref}
        id={inputId}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && current >= 0 ? optionId(current) : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        maxLength={100}
        // Closed, it reads as the choice; open, it holds the search and the choice is its placeholder.
        value={open ? search.text : (value?.label ?? noneLabel ?? "")}
        placeholder={value?.label ?? noneLabel ?? `Search ${noun}`}
        // Selected, the choice is replaced by the first key typed, which opens the list on its search.
        onFocus={(event) => event.target.select()}
        onClick={() => setOpen(true)}
        onBlur={() => {
          close();
          props.onBlur?.();
        }}
        onChange={(event) => {
          setOpen(true);
          search.setText(event.target.value);
        }}
        onKeyDown={(event) => {
          switch (event.key) {
            case "ArrowDown":
              event.preventDefault();
              if (!open) setOpen(true);
              else moveTo(current + 1);
              break;
            case "ArrowUp":
              event.preventDefault();
              moveTo(current - 1);
              break;
            case "Home":
            case "End":
              if (!open) return;
              event.preventDefault();
              moveTo(event.key === "Home" ? 0 : options.length - 1);
              break;
            case "Enter": {
              // Enter picks; it must not submit the form the picker is in. While a search is
              // still on its way, the list shows the last one's rows: nothing is picked from them.
              if (!open) return;
              event.preventDefault();
              const settled = search.text.trim() === (search.search ?? "") && !query.isPlaceholderData;
              if (!settled && !(typed.length > 0 && current === none.length)) return;
              const option = options[current];
              if (option) choose(option);
              break;
            }
            case "Escape":
              if (open) {
                event.preventDefault();
                close();
              }
              break;
          }
        }}
      />
      {open ? (
        <ul
          id={listId}
          role="listbox"
          aria-label={`${noun} found`}
          className="absolute top-full right-0 left-0 z-10 mt-1 max-h-64 list-none overflow-y-auto rounded-md border border-border bg-surface p-0 py-1 text-sm shadow-lg [&>li]:cursor-pointer [&>li]:px-2.5 [&>li]:py-1.5 [&>li[aria-disabled=true]]:cursor-default [&>li[aria-selected=true]]:font-semibold"
          // Keeps the focus in the input, so a click picks instead of closing the list first.
          onMouseDown={(event) => event.preventDefault()}
          onScroll={(event) => {
            const list = event.currentTarget;
            if (list.scrollTop + list.clientHeight >= list.scrollHeight - 40) loadMore();
          }}
        >
          {options.map((option, index) => (
            <li
              // The typed text can equal a listed option's id.
              key={`${index}-${option.id || "none"}`}
              id={optionId(index)}
              role="option"
              aria-selected={option.id === (value?.id ?? "")}
              className={index === current ? "bg-subtle" : undefined}
              onMouseEnter={() => setActive(index)}
              onClick={() => choose(option)}
            >
              {option.label}
            </li>
          ))}
          {query.isPending || query.isFetchingNextPage ? (
            <li role="option" aria-disabled="true" aria-selected="false" className="text-xs text-muted">
              Loading {noun}…
            </li>
          ) : null}
          {query.isError ? (
            <li role="option" aria-disabled="true" aria-selected="false" className="text-sm text-danger">
              Could not load {noun}: {query.error.message}
            </li>
          ) : null}
          {query.isSuccess && loaded.length === 0 ? (
            <li role="option" aria-disabled="true" aria-selected="false" className="text-xs text-muted">
              {search.search ? `No ${noun} match "${search.search}".` : `No ${noun} yet.`}
            </li>
          ) : null}
          {query.hasNextPage && !query.isFetchingNextPage ? (
            <li role="option" aria-disabled="true" aria-selected="false" className="text-xs text-muted" onClick={loadMore}>
              More {noun}: scroll on or type to search
            </li>
          ) : null}
        </ul>
      ) : null}
      {error ? (
        <Message id={errorId} tone="error" data-testid={props.errorTestId}>
          {error}
        </Message>
      ) : null}
    </FieldBox>
  );
}
